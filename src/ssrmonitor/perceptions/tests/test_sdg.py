"""SDG 16 in and out as SDMX: the catalogue, reading, checking against the DSD, writing."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.perceptions.models import SdgValue
from ssrmonitor.perceptions.sdg import catalogue
from ssrmonitor.perceptions.sdg.dsd import SdgObservation, check_codes
from ssrmonitor.perceptions.sdg.sdmx_io import read_message, write_csv, write_xml
from ssrmonitor.perceptions.services.sdg import breakdown_of, import_sdg_data
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country

FIXTURES = Path(__file__).parent / "fixtures" / "sdg"
GENERIC = (FIXTURES / "example_1-1-1_generic.xml").read_bytes()
SPECIFIC = (FIXTURES / "example_1-1-1_structure-specific.xml").read_bytes()
TOTAL = {
    "FREQ": "A", "REPORTING_TYPE": "N", "SEX": "_T", "AGE": "_T", "URBANISATION": "_T",
    "INCOME_WEALTH_QUANTILE": "_T", "EDUCATION_LEV": "_T", "OCCUPATION": "_T",
    "CUST_BREAKDOWN": "_T", "COMPOSITE_BREAKDOWN": "_T", "DISABILITY_STATUS": "_T",
    "ACTIVITY": "_T", "PRODUCT": "_T",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def _homicide(
    area: str = "332", year: str = "2020", value: str = "12.5", **key: str
) -> SdgObservation:
    full = {**TOTAL, "SERIES": "VC_IHR_PSRC", "REF_AREA": area, "TIME_PERIOD": year, **key}
    return SdgObservation(full, Decimal(value), {"UNIT_MEASURE": "PER_100000_POP"})


def _reasons(exc: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return [error.reason for error in exc.value.errors]


def test_the_catalogue_takes_the_series_from_cl_series() -> None:
    series = catalogue.series_by_indicator()

    assert [s.code for s in series["16.1.1"]] == ["VC_IHR_PSRC", "VC_IHR_PSRCN"]
    assert {"SG_GEN_PARL", "SG_GEN_LOCG"} <= {s.code for s in series["5.5.1"]}
    assert [s.code for s in series["16.5.1"]] == ["IU_COR_BRIB"]
    assert {"VC_PRS_UNSNT"} <= {s.code for s in series["16.3.2"]}
    assert all(
        series[code] for code in ("16.1.3", "16.1.4", "16.3.1", "16.6.2", "16.7.1", "16.7.2")
    )
    assert "[" not in catalogue.catalogued_series()["VC_IHR_PSRC"].name


@pytest.mark.parametrize("content", [GENERIC, SPECIFIC], ids=["generic", "structure-specific"])
def test_both_sdmx_ml_kinds_read_the_same_observations(content: bytes) -> None:
    rows = read_message(content)

    assert len(rows) == 6
    first = rows[0]
    assert (first.series, first.key["REF_AREA"], first.key["TIME_PERIOD"]) == (
        "SI_POV_DAY1",
        "826",
        "2020",
    )
    assert first.value == Decimal(100)
    assert first.attributes["OBS_STATUS"] == "A"


@pytest.mark.parametrize("writer", [write_csv, write_xml], ids=["SDMX-CSV", "SDMX-ML"])
def test_what_is_written_reads_back_to_the_same_observations(writer: object) -> None:
    rows = [*read_message(GENERIC), _homicide(), _homicide(SEX="F", value="3.25")]

    back = read_message(writer(rows))  # type: ignore[operator]

    assert [(r.key, r.value, r.attributes) for r in back] == [
        (r.key, r.value, r.attributes) for r in rows
    ]


def test_an_unknown_code_is_refused_naming_series_dimension_and_value() -> None:
    csv_text = write_csv([_homicide()]).replace(b",332,", b",999,")

    with pytest.raises(ValidationFailed) as exc:
        read_message(csv_text)

    assert _reasons(exc) == ["Series VC_IHR_PSRC: REF_AREA '999' is not a code of CL_AREA."]


def test_an_unknown_series_and_an_unknown_dimension_are_refused() -> None:
    with pytest.raises(ValidationFailed) as exc:
        check_codes([_homicide(SERIES="VC_NOT_A_SERIES"), _homicide(COLOUR="red")])

    assert (
        "Series VC_NOT_A_SERIES: SERIES 'VC_NOT_A_SERIES' is not a code of CL_SERIES."
        in _reasons(exc)
    )
    assert "Series VC_IHR_PSRC: COLOUR is not a dimension or attribute of the DSD." in _reasons(exc)


def test_a_file_that_is_not_a_data_message_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        read_message(b"Year,Value\n2020,12\n")


@pytest.mark.django_db
def test_the_import_keeps_the_countrys_values_and_a_second_import_changes_nothing() -> None:
    haiti = country("HT")
    content = write_csv(
        [_homicide(haiti.m49_code), _homicide(haiti.m49_code, SEX="F"), _homicide("826")]
    )

    first = import_sdg_data(acting_user=SYSTEM, country=haiti, content=content, file_name="ht.csv")
    again = import_sdg_data(acting_user=SYSTEM, country=haiti, content=content, file_name="ht.csv")

    assert (first.created, first.updated, first.other_areas) == (2, 0, 1)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert sorted(SdgValue.objects.values_list("breakdown", flat=True)) == ["", "SEX=F"]
    assert AuditEvent.objects.filter(action="import_sdg_data").count() == 2


@pytest.mark.django_db
def test_a_file_without_the_countrys_values_is_refused() -> None:
    with pytest.raises(ValidationFailed) as exc:
        import_sdg_data(acting_user=SYSTEM, country=country("HT"), content=GENERIC)
    assert "REF_AREA" in _reasons(exc)[0]
    assert not SdgValue.objects.exists()


def test_the_breakdown_names_only_dimensions_that_are_not_totals() -> None:
    assert breakdown_of(_homicide(SEX="F", AGE="Y15T29").key) == "SEX=F; AGE=Y15T29"


@pytest.mark.django_db
def test_an_editor_imports_sdg_values_shown_on_the_country_and_indicator_pages(alice: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from ssrmonitor.benchmarks import services
    from ssrmonitor.testing.factories import IndicatorFactory

    haiti = country("HT")
    content = write_csv([_homicide(haiti.m49_code, "2021", "18.5")])
    client = Client()
    client.force_login(alice)

    response = client.post(
        "/perceptions/c/HT/sdg/import/", {"file": SimpleUploadedFile("ht.csv", content)}
    )
    page = client.get("/perceptions/c/HT/").content.decode()
    indicator = services.update_indicator(
        IndicatorFactory(), acting_user=SYSTEM, sdg_series="VC_IHR_PSRC"
    )
    beside = client.get(f"/indicators/{indicator.pk}/").content.decode()

    assert response.status_code == 302
    assert "16.1.1 Victims of intentional homicide" in page and "18.5" in page
    assert "VC_IHR_PSRC" in beside and "2021: 18.5" in beside


@pytest.mark.django_db
def test_a_refused_sdg_file_is_shown_with_its_reason(alice: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    content = write_csv([_homicide("332")]).replace(b",332,", b",999,")
    client = Client()
    client.force_login(alice)

    response = client.post(
        "/perceptions/c/HT/sdg/import/", {"file": SimpleUploadedFile("ht.csv", content)}
    )

    assert response.status_code == 422
    assert "REF_AREA &#x27;999&#x27; is not a code of CL_AREA" in response.content.decode()
    assert not SdgValue.objects.exists()
