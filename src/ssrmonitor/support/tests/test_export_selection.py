"""Issue 14: the IATI export of a selection, with real published files — an empty selection is
said clearly, activities that cannot be written valid are left out and named, the others are
exported, and ``--country`` selects imported activities by their recipient country."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from ssrmonitor.support.iati.export import (
    NothingToExport,
    by_recipient_country,
    export_activities,
    validation_errors,
    with_left_out,
)
from ssrmonitor.support.models import Activity
from ssrmonitor.support.services.imports import import_iati_file
from ssrmonitor.testing.actors import SYSTEM

pytestmark = pytest.mark.django_db

HAITI = "US-GOV-15-5010-FWR6002R"  # doj-haiti.xml: Haiti named on its transactions only
NO_DESCRIPTION = "ES-DIR3-EA0035768-Z01-20-I1-01800"  # an empty narrative, dropped on import


@pytest.fixture
def imported(fixtures: Path, countries: None) -> set[str]:
    paths = [fixtures / "doj-haiti.xml", fixtures / "dod-centralafricanrepublic.xml"]
    paths.append(fixtures.parent / "iati_export" / "dportal-no-description-excerpt.xml")
    for path in paths:
        import_iati_file(path, acting_user=SYSTEM, keep_all=True)
    return set(Activity.objects.values_list("iati_identifier", flat=True))


def _identifiers(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    return [node.text or "" for node in root.iter("iati-identifier")]


def test_invalid_activities_are_left_out_and_named_the_rest_exported(imported: set[str]) -> None:
    result = export_activities(Activity.objects.all())
    assert [(item.identifier, item.reasons) for item in result.left_out] == [
        (NO_DESCRIPTION, ["no description"])
    ]
    assert set(result.exported) == imported - {NO_DESCRIPTION}
    assert _identifiers(result.data) == sorted(result.exported)
    assert validation_errors(etree.ElementTree(etree.fromstring(result.data))) == []
    commented = with_left_out(result)
    assert f"{NO_DESCRIPTION}: no description" in commented.decode()
    assert validation_errors(etree.ElementTree(etree.fromstring(commented))) == []


def test_an_empty_selection_is_nothing_to_export(imported: set[str]) -> None:
    with pytest.raises(NothingToExport):
        export_activities(Activity.objects.none())
    with pytest.raises(NothingToExport) as info:
        export_activities(Activity.objects.filter(iati_identifier=NO_DESCRIPTION))
    assert [item.identifier for item in info.value.args[0]] == [NO_DESCRIPTION]


def test_country_selects_imported_activities_by_recipient_country(imported: set[str]) -> None:
    assert list(
        by_recipient_country(Activity.objects.all(), "ht").values_list("iati_identifier", flat=True)
    ) == [HAITI]
    central_african = by_recipient_country(Activity.objects.all(), "CF")
    assert central_african.count() == 6 and HAITI not in {
        a.iati_identifier for a in central_african
    }


def test_the_command_exports_the_valid_ones_and_names_the_others(
    imported: set[str], tmp_path: Path
) -> None:
    out, err = tmp_path / "all.xml", StringIO()
    call_command("export_iati", "--include-imported", "-o", str(out), stderr=err)
    assert set(_identifiers(out.read_bytes())) == imported - {NO_DESCRIPTION}
    assert f"left out {NO_DESCRIPTION}: no description" in err.getvalue()
    assert f"{len(imported) - 1} activities written" in err.getvalue()


def test_the_command_country_option_reads_recipient_countries(
    imported: set[str], tmp_path: Path
) -> None:
    out = tmp_path / "ht.xml"
    call_command(
        "export_iati", "--include-imported", "--country", "HT", "-o", str(out), stderr=StringIO()
    )
    assert _identifiers(out.read_bytes()) == [HAITI]


@pytest.mark.parametrize(
    "options", [["--country", "HT"], ["--include-imported", "--country", "SS"]]
)
def test_the_command_says_when_there_is_nothing_to_export(
    imported: set[str], tmp_path: Path, options: list[str]
) -> None:
    out = tmp_path / "none.xml"
    with pytest.raises(CommandError, match="Nothing to export"):
        call_command("export_iati", *options, "-o", str(out), stderr=StringIO())
    assert not out.exists()


def test_the_page_names_left_out_entries_when_nothing_can_be_exported(
    client_of: Any, imported: set[str]
) -> None:
    from ssrmonitor.core.models import Country

    Activity.objects.filter(iati_identifier=NO_DESCRIPTION).update(
        source="national", country=Country.objects.get(iso2="HT")
    )
    response = client_of("victor").get("/support/c/HT/iati.xml")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nothing to export" in text and NO_DESCRIPTION in text and "no description" in text
