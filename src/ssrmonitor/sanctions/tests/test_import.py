"""Importing real snapshots of the UN consolidated list: counts, delisting, relisting, safety."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.sanctions.models import (
    Alias,
    BirthDate,
    BirthDateType,
    ListedParty,
    ListImport,
    PartyKind,
    Regime,
)
from ssrmonitor.sanctions.services.unlist import ImportAbort, RecordError, import_un_list
from ssrmonitor.testing.actors import SYSTEM

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[4]
FIXTURES = REPO / "tests" / "fixtures" / "sanctions"
EXCERPTS = [
    FIXTURES / "un_sc_excerpt_2020-11-30.xml",
    FIXTURES / "un_sc_excerpt_2024-09-26.xml",
    FIXTURES / "un_sc_excerpt_2026-05-08.xml",
]
SHARED = REPO.parent / "shared" / "data" / "sanctions" / "un_sc"
FULL = [
    SHARED / "un_sc_consolidated_2020-11-30.xml",
    SHARED / "un_sc_consolidated_2024-09-26.xml",
    SHARED / "un_sc_consolidated_2026-05-08.xml",
]


def independent_ids(path: Path) -> dict[str, set[str]]:
    """DATAIDs per kind and regime codes, read with a plain parse (not the importer)."""
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    ids: dict[str, set[str]] = {"INDIVIDUAL": set(), "ENTITY": set(), "regimes": set()}
    for record in root.iter("INDIVIDUAL", "ENTITY"):
        ids[str(record.tag)].add((record.findtext("DATAID") or "").strip())
        ids["regimes"].add((record.findtext("UN_LIST_TYPE") or "").strip())
    return ids


def expected_states(paths: list[Path]) -> dict[str, int]:
    """Listed/delisted individuals and entities after importing ``paths`` in order."""
    ever: dict[str, set[str]] = {"INDIVIDUAL": set(), "ENTITY": set()}
    last: dict[str, set[str]] = {}
    for path in paths:
        last = independent_ids(path)
        for kind in ever:
            ever[kind] |= last[kind]
    return {
        "listed_individuals": len(last["INDIVIDUAL"]),
        "listed_entities": len(last["ENTITY"]),
        "delisted_individuals": len(ever["INDIVIDUAL"] - last["INDIVIDUAL"]),
        "delisted_entities": len(ever["ENTITY"] - last["ENTITY"]),
    }


def actual_states() -> dict[str, int]:
    def count(kind: str, listed: bool) -> int:
        return ListedParty.objects.filter(kind=kind, delisted_on__isnull=listed).count()

    return {
        "listed_individuals": count(PartyKind.INDIVIDUAL, True),
        "listed_entities": count(PartyKind.ENTITY, True),
        "delisted_individuals": count(PartyKind.INDIVIDUAL, False),
        "delisted_entities": count(PartyKind.ENTITY, False),
    }


def test_first_import_reads_every_record_with_its_details() -> None:
    run = import_un_list(EXCERPTS[0], acting_user=SYSTEM)
    assert (run.individuals, run.entities, run.added) == (33, 3, 36)
    assert run.list_date == date(2020, 11, 30)
    ids = independent_ids(EXCERPTS[0])
    assert set(ListedParty.objects.values_list("data_id", flat=True)) == {
        int(i) for i in ids["INDIVIDUAL"] | ids["ENTITY"]
    }
    assert set(Regime.objects.values_list("code", flat=True)) == {"CAR", "Mali", "GB", "Iran"}
    root = etree.parse(str(EXCERPTS[0]))
    names = [
        a.findtext("ALIAS_NAME").strip()
        for a in root.iter("INDIVIDUAL_ALIAS", "ENTITY_ALIAS")
        if (a.findtext("ALIAS_NAME") or "").strip()
    ]
    assert Alias.objects.count() == len(names) == 109


def test_names_are_cleaned_and_aliases_keep_their_quality() -> None:
    import_un_list(EXCERPTS[2], acting_user=SYSTEM)
    yekatom = ListedParty.objects.get(name="ALFRED YEKATOM")
    assert yekatom.regime.code == "CAR"
    assert yekatom.kind == PartyKind.INDIVIDUAL
    assert {(a.name, a.quality) for a in yekatom.aliases.all()} >= {("Colonel Rambo", "Low")}
    hissene = ListedParty.objects.get(name="ABDOULAYE HISSENE")
    assert ("Abdoulaye Issène", "Good") in {(a.name, a.quality) for a in hissene.aliases.all()}
    assert not Alias.objects.filter(name="").exists()


def test_dates_of_birth_of_every_type_are_kept() -> None:
    import_un_list(EXCERPTS[0], acting_user=SYSTEM)
    root = etree.parse(str(EXCERPTS[0]))
    expected = Counter(
        (node.findtext("TYPE_OF_DATE") or "").strip()
        for node in root.iter("INDIVIDUAL_DATE_OF_BIRTH")
        if any((child.text or "").strip() for child in node if child.tag != "TYPE_OF_DATE")
    )
    assert Counter(BirthDate.objects.values_list("date_type", flat=True)) == expected
    exact = BirthDate.objects.filter(date_type=BirthDateType.EXACT)
    assert exact.exists()
    assert all(d.date or d.year or d.note for d in exact)
    assert exact.filter(date__isnull=False).count() == 35  # the others give a year or a note
    between = BirthDate.objects.filter(date_type=BirthDateType.BETWEEN)
    assert all(d.from_year and d.to_year for d in between)


def test_newer_lists_update_delist_and_relist_with_the_list_date() -> None:
    import_un_list(EXCERPTS[0], acting_user=SYSTEM)
    second = import_un_list(EXCERPTS[1], acting_user=SYSTEM)
    mali = Regime.objects.get(code="Mali")
    assert mali.delisted_on == date(2024, 9, 26)
    assert sorted(second.regimes_delisted) == ["Iran", "Mali"]
    assert ListedParty.objects.filter(regime=mali, delisted_on=date(2024, 9, 26)).count() == 8
    assert actual_states() == expected_states(EXCERPTS[:2])

    third = import_un_list(EXCERPTS[2], acting_user=SYSTEM)
    assert Regime.objects.get(code="Iran").delisted_on is None
    assert third.relisted == 3
    assert ListedParty.objects.get(data_id=110404).is_listed
    assert Regime.objects.get(code="Mali").delisted_on == date(2024, 9, 26)
    assert actual_states() == expected_states(EXCERPTS)


def test_each_import_writes_one_summary_audit_event() -> None:
    run = import_un_list(EXCERPTS[0], acting_user=SYSTEM)
    events = AuditEvent.objects.filter(object_type="sanctions.listimport")
    assert events.count() == 1
    event = events.get()
    assert event.action == "import"
    assert event.object_id == str(run.pk)
    assert event.after is not None
    assert event.after["added"] == 36


def test_an_older_or_repeated_list_is_refused() -> None:
    import_un_list(EXCERPTS[1], acting_user=SYSTEM)
    with pytest.raises(ImportAbort, match="older"):
        import_un_list(EXCERPTS[0], acting_user=SYSTEM)
    with pytest.raises(ImportAbort, match="already"):
        import_un_list(EXCERPTS[1], acting_user=SYSTEM)
    assert ListImport.objects.count() == 1


def test_a_bad_record_rejects_the_whole_file(tmp_path: Path) -> None:
    text = EXCERPTS[0].read_text(encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text(re.sub(r"<LISTED_ON>(\d{4})-", r"<LISTED_ON>\1/", text, count=1), "utf-8")
    with pytest.raises(RecordError) as info:
        import_un_list(bad, acting_user=SYSTEM)
    assert info.value.field == "LISTED_ON"
    assert "DATAID=" in info.value.record
    assert ListedParty.objects.count() == 0
    assert Regime.objects.count() == 0
    assert ListImport.objects.count() == 0


def test_a_doctype_is_refused_and_its_entities_never_resolved(tmp_path: Path) -> None:
    """Finding 11 of issue 13: a DOCTYPE used to be accepted and its entity's text dropped."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", "utf-8")
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
        '<CONSOLIDATED_LIST dateGenerated="2027-01-01T00:00:00Z"><INDIVIDUALS><INDIVIDUAL>'
        "<DATAID>1</DATAID><FIRST_NAME>A &s;</FIRST_NAME><UN_LIST_TYPE>CAR</UN_LIST_TYPE>"
        "</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>",
        "utf-8",
    )
    with pytest.raises(ImportAbort, match="DOCTYPE"):
        import_un_list(hostile, acting_user=SYSTEM)
    assert ListedParty.objects.count() == 0
    assert ListImport.objects.count() == 0
    internal = tmp_path / "internal.xml"
    internal.write_text(hostile.read_text("utf-8").replace(f'SYSTEM "file://{secret}"', '"x"'))
    with pytest.raises(ImportAbort, match="DOCTYPE"):
        import_un_list(internal, acting_user=SYSTEM)


def test_a_file_that_is_not_the_list_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text("<iati-activities/>", "utf-8")
    with pytest.raises(ImportAbort, match="CONSOLIDATED_LIST"):
        import_un_list(other, acting_user=SYSTEM)


def test_only_a_superuser_may_import(alice: Any, root: Any) -> None:
    with pytest.raises(Denied):
        import_un_list(EXCERPTS[0], acting_user=alice)
    assert import_un_list(EXCERPTS[0], acting_user=root).imported_by == root


def test_command_imports_files_in_order_and_reports_errors(capsys: Any) -> None:
    call_command("import_un_sanctions", *map(str, EXCERPTS[:2]))
    out = capsys.readouterr().out
    assert "regimes ended: Iran, Mali" in out
    with pytest.raises(CommandError, match="older"):
        call_command("import_un_sanctions", str(EXCERPTS[0]))


def test_the_three_full_snapshots_give_the_independent_counts() -> None:
    if not all(path.exists() for path in FULL):
        pytest.skip("the shared data folder is not next to the repository")
    for path in FULL:
        import_un_list(path, acting_user=SYSTEM)
    assert actual_states() == expected_states(FULL)
    assert actual_states()["listed_individuals"] == 737
    assert Regime.objects.get(code="Mali").delisted_on == date(2024, 9, 26)
