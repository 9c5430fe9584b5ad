"""SDG values from Open SDG platforms (CSV + YAML metadata) and SDMX-CSV 1.0."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent, Country, Membership
from ssrmonitor.perceptions.models import SdgValue
from ssrmonitor.perceptions.sdg.open_sdg import read_open_sdg
from ssrmonitor.perceptions.sdg.sdmx_io import (
    OPEN_SDG,
    SDMX_CSV_1,
    SDMX_CSV_2,
    SDMX_ML,
    detect_format,
    read_message,
    write_csv,
)
from ssrmonitor.perceptions.services.sdg import import_sdg_data
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country

FIXTURES = Path(__file__).parent / "fixtures" / "sdg"
JOBURG = FIXTURES / "open-sdg_johannesburg"
RWANDA = Path(__file__).resolve().parents[4].parent / "shared/data/sdg16/open-sdg_rwanda"
GENERIC = (FIXTURES / "example_1-1-1_generic.xml").read_bytes()
HOMICIDE = (JOBURG / "indicator_16-1-1.csv").read_bytes()
HOMICIDE_META = (JOBURG / "16-1-1.yml").read_bytes()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def _south_africa() -> Country:
    """Johannesburg's country (the fixtures are the city's platform)."""
    found, _created = Country.objects.get_or_create(
        iso2="ZA", defaults={"iso3": "ZAF", "m49_code": "710", "name": "South Africa"}
    )
    return found


def _reasons(exc: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return [error.reason for error in exc.value.errors]


def _read(text: str, name: str = "indicator_16-1-1.csv", **options: Any) -> Any:
    options.setdefault("series", "VC_IHR_PSRC")
    return read_open_sdg(text.encode(), file_name=name, area="710", **options)


@pytest.mark.django_db
def test_a_real_open_sdg_file_imports_with_its_metadata_and_again_changes_nothing() -> None:
    za = _south_africa()
    options = {"content": HOMICIDE, "file_name": "indicator_16-1-1.csv", "metadata": HOMICIDE_META,
               "metadata_name": "16-1-1.yml", "series": "VC_IHR_PSRC"}  # fmt: skip

    first = import_sdg_data(acting_user=SYSTEM, country=za, **options)
    again = import_sdg_data(acting_user=SYSTEM, country=za, **options)

    assert (first.format, first.created, first.updated, first.notes) == (OPEN_SDG, 16, 0, ())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 16)
    oldest = SdgValue.objects.get(country=za, time_period="2006")
    assert (oldest.series, oldest.breakdown, oldest.value) == (
        "VC_IHR_PSRC",
        "",
        Decimal("35.878353"),
    )
    assert oldest.key["REF_AREA"] == "710" and oldest.key["REPORTING_TYPE"] == "N"
    assert oldest.attributes == {"UNIT_MEASURE": "PER_100000_POP", "TIME_DETAIL": "2005/06"}
    assert AuditEvent.objects.filter(action="import_sdg_data").count() == 2


@pytest.mark.django_db
def test_an_indicator_with_several_series_needs_the_series_named() -> None:
    with pytest.raises(ValidationFailed) as exc:
        import_sdg_data(
            acting_user=SYSTEM, country=_south_africa(), content=HOMICIDE,
            file_name="indicator_16-1-1.csv",
        )  # fmt: skip

    assert _reasons(exc) == [
        "indicator_16-1-1.csv: indicator 16.1.1 has several series (VC_IHR_PSRC, VC_IHR_PSRCN); "
        "choose the one the file gives."
    ]
    assert not SdgValue.objects.exists()


def test_a_national_disaggregation_is_left_out_and_said_the_headline_is_kept() -> None:
    content = (JOBURG / "indicator_16-1-3.csv").read_bytes()
    meta = (JOBURG / "16-1-3.yml").read_bytes()

    found = read_open_sdg(
        content, file_name="indicator_16-1-3.csv", area="710", metadata=meta,
        metadata_name="16-1-3.yml", series="VC_VOV_PHYL",
    )  # fmt: skip

    assert [(r.key["TIME_PERIOD"], r.value) for r in found.rows] == [
        ("2006", Decimal(1226)),
        ("2007", Decimal(1215)),
    ]
    assert found.notes == [
        "6 rows broken down by Crime left out: Crime is a national disaggregation the SDG DSD "
        "cannot express."
    ]


@pytest.mark.django_db
def test_an_unknown_disaggregation_value_refuses_the_file_naming_row_column_and_value() -> None:
    content = b"Year,Sex,Value\n2020,Female,3.5\n2020,Both,4\n2020,,7\n"

    with pytest.raises(ValidationFailed) as exc:
        import_sdg_data(
            acting_user=SYSTEM, country=_south_africa(), content=content,
            file_name="indicator_16-1-1.csv", series="VC_IHR_PSRC",
        )  # fmt: skip

    assert _reasons(exc) == [
        "indicator_16-1-1.csv, row 3, column Sex: 'Both' is not a code or name of CL_SEX."
    ]
    assert not SdgValue.objects.exists()


def test_words_of_the_platform_become_codes_of_the_dsd() -> None:
    text = (
        "Year,Sex,Age,Location,Units,Value\n"
        "2019,Female,15-29,Urban,Percentage (%),12.5\n"
        "2019,Male,65+,rural,PER_100000_POP,2\n"
        "2019/20,,,,Number,40\n"
    )

    rows = _read(text, "indicator_16-1-1.csv").rows

    assert [(r.key["SEX"], r.key["AGE"], r.key["URBANISATION"]) for r in rows] == [
        ("F", "Y15T29", "U"),
        ("M", "Y_GE65", "R"),
        ("_T", "_T", "_T"),
    ]
    assert [r.attributes["UNIT_MEASURE"] for r in rows] == ["PT", "PER_100000_POP", "NUMBER"]
    assert (rows[2].key["TIME_PERIOD"], rows[2].attributes["TIME_DETAIL"]) == ("2020", "2019/20")


def test_a_series_column_gives_each_rows_series_and_must_serve_the_indicator() -> None:
    rows = _read("Year,Series,Value\n2020,VC_IHR_PSRCN,41\n", series="").rows
    with pytest.raises(ValidationFailed) as exc:
        _read("Year,Series,Value\n2020,SG_GEN_PARL,41\n", series="")

    assert rows[0].series == "VC_IHR_PSRCN"
    assert _reasons(exc) == [
        "indicator_16-1-1.csv, row 2, column Series: 'SG_GEN_PARL' is not a series of "
        "indicator 16.1.1."
    ]


@pytest.mark.parametrize(
    ("text", "options", "reason"),
    [
        ("Year,Value\n2020,1\n2020,2\n", {},
         "indicator_16-1-1.csv, rows 2 and 3 give the same observation."),
        ("Year,Value\nlast year,1\n", {},
         "indicator_16-1-1.csv, row 2, column Year: 'last year' is not a year."),
        ("Year,Value\n2020,many\n", {},
         "indicator_16-1-1.csv, row 2, column Value: 'many' is not a number."),
        ("Year,Value\n2020,1\n", {"metadata": b"computation_units: Bushels\n",
                                  "metadata_name": "16-1-1.yml"},
         "16-1-1.yml, field computation_units: 'Bushels' is not a code or name of "
         "CL_UNIT_MEASURE."),
        ("Year,Value\n2020,1\n", {"metadata": b"indicator: 16.1.2\n", "metadata_name": "x.yml"},
         "The metadata x.yml is of indicator 16.1.2, the data file of 16.1.1."),
        ("Year,Value\n2020,1\n", {"series": "SG_GEN_PARL"},
         "SG_GEN_PARL is not a series of indicator 16.1.1 (VC_IHR_PSRC, VC_IHR_PSRCN)."),
        ("Year,Crime,Value\n2020,Theft,1\n", {},
         "No row of indicator_16-1-1.csv can be imported. 1 row broken down by Crime left out: "
         "Crime is a national disaggregation the SDG DSD cannot express."),
    ],
    ids=["duplicate", "year", "value", "unit", "metadata", "series", "nothing-left"],
)  # fmt: skip
def test_each_problem_is_named(text: str, options: dict[str, Any], reason: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        _read(text, **options)
    assert _reasons(exc) == [reason]


def test_the_indicator_comes_from_the_file_name_or_the_metadata() -> None:
    by_meta = _read(
        "Year,Value\n2020,1\n", "upload.csv", metadata=b"indicator: 16.5.1\n",
        metadata_name="meta.md", series="",
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as exc:
        _read("Year,Value\n2020,1\n", "upload.csv")

    assert (by_meta.indicator, by_meta.rows[0].series) == ("16.5.1", "IU_COR_BRIB")
    assert "does not name its indicator" in _reasons(exc)[0]


@pytest.mark.skipif(
    not (RWANDA / "data/indicator_5-5-1.csv").exists(),
    reason="the Rwanda Open SDG files (shared/data/sdg16, no licence to copy) are not here",
)
def test_the_rwanda_platform_markdown_metadata_and_its_misused_units_column() -> None:
    bribes = read_open_sdg(
        (RWANDA / "data/indicator_16-5-1.csv").read_bytes(), file_name="indicator_16-5-1.csv",
        area="646", metadata=(RWANDA / "meta/16-5-1.md").read_bytes(), metadata_name="16-5-1.md",
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as exc:
        read_open_sdg(
            (RWANDA / "data/indicator_5-5-1.csv").read_bytes(), file_name="indicator_5-5-1.csv",
            area="646", series="SG_GEN_PARL",
        )  # fmt: skip

    assert [(r.key["TIME_PERIOD"], r.value, r.attributes) for r in bribes.rows] == [
        ("2016", Decimal("81.9"), {"UNIT_MEASURE": "PT"}),
        ("2018", Decimal("75.6"), {"UNIT_MEASURE": "PT"}),
    ]
    assert _reasons(exc)[0] == (
        "indicator_5-5-1.csv, row 2, column Units: 'National Parliament' is not a code or name "
        "of CL_UNIT_MEASURE."
    )


def test_the_format_is_told_from_the_content() -> None:
    rows = read_message(GENERIC)

    assert detect_format(GENERIC) == SDMX_ML
    assert detect_format(write_csv(rows)) == SDMX_CSV_2
    assert detect_format(write_csv(rows, version="1.0")) == SDMX_CSV_1
    assert detect_format(HOMICIDE) == OPEN_SDG


def test_sdmx_csv_1_reads_back_to_the_same_observations() -> None:
    rows = read_message(GENERIC)

    written = write_csv(rows, version="1.0")
    back = read_message(written)

    assert written.startswith(b"DATAFLOW,FREQ,REPORTING_TYPE,SERIES,REF_AREA,")
    assert b"IAEG-SDGs:DF_SDG_GLH(1.14),A,N,SI_POV_DAY1,826," in written
    assert [(r.key, r.value, r.attributes) for r in back] == [
        (r.key, r.value, r.attributes) for r in rows
    ]


def test_sdmx_csv_1_with_labels_and_an_unknown_code() -> None:
    written = write_csv(read_message(GENERIC)[:1], version="1.0").decode()
    header, row = written.splitlines()
    labelled = header.replace("SEX,", "SEX: Sex,") + "\n" + row.replace(",_T,", ",F: Female,", 1)

    read = read_message(labelled.encode())
    with pytest.raises(ValidationFailed) as exc:
        read_message(written.replace(",826,", ",999,").encode())

    assert read[0].key["SEX"] == "F"
    assert _reasons(exc) == ["Series SI_POV_DAY1: REF_AREA '999' is not a code of CL_AREA."]


@pytest.mark.django_db
def test_an_sdmx_csv_1_file_imports_through_the_same_service() -> None:
    haiti = country("HT")
    content = GENERIC.replace(b'"826"', b'"332"')
    v1 = write_csv(read_message(content), version="1.0")

    done = import_sdg_data(acting_user=SYSTEM, country=haiti, content=v1, file_name="ht.csv")

    assert (done.format, done.created) == (SDMX_CSV_1, 6)


@pytest.mark.django_db
def test_an_open_sdg_file_with_its_metadata_through_the_import_page(alice: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    Membership.objects.create(user=alice, country=_south_africa(), role="editor")
    client = Client()
    client.force_login(alice)
    content = (JOBURG / "indicator_16-1-3.csv").read_bytes()
    meta = (JOBURG / "16-1-3.yml").read_bytes()

    response = client.post(
        "/perceptions/c/ZA/sdg/import/",
        {"file": SimpleUploadedFile("indicator_16-1-3.csv", content),
         "metadata": SimpleUploadedFile("16-1-3.yml", meta), "series": "VC_VOV_PHYL"},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()

    assert response.redirect_chain[0][1] == 302
    assert "Open SDG CSV: 2 new, 0 changed, 0 unchanged." in page
    assert "6 rows broken down by Crime left out" in page
    assert "2006 (2005/06)" in page and "1226" in page


@pytest.mark.django_db
def test_metadata_or_a_series_with_an_sdmx_message_is_refused() -> None:
    with pytest.raises(ValidationFailed) as exc:
        import_sdg_data(
            acting_user=SYSTEM, country=country("HT"), content=GENERIC, series="VC_IHR_PSRC"
        )

    assert exc.value.errors[0].field == "metadata"
    assert _reasons(exc) == ["Metadata and a chosen series go with Open SDG data files only."]


def test_rows_of_another_area_are_left_out_and_said() -> None:
    found = _read("Year,REF_AREA,Value\n2020,710,1\n2020,826,2\n")

    assert [(r.key["REF_AREA"], r.value) for r in found.rows] == [("710", Decimal(1))]
    assert found.notes == ["1 row of another area (REF_AREA) left out."]


def test_a_file_with_cr_line_endings_reads_like_any_other() -> None:
    """Spreadsheets on older Macs end lines with CR alone (review1)."""
    text = "Year,Sex,Value\r2020,,1.5\r2020,Female,2\r"

    found = _read(text)

    assert detect_format(text.encode()) == OPEN_SDG
    assert [(r.key["TIME_PERIOD"], r.key["SEX"], r.value) for r in found.rows] == [
        ("2020", "_T", Decimal("1.5")),
        ("2020", "F", Decimal("2")),
    ]


def test_an_unreadable_csv_is_refused_with_its_reason_not_an_error() -> None:
    """A cell beyond the CSV reader's limit (128 KiB) refuses the file, naming it (review1)."""
    huge = "x" * 200_000
    with pytest.raises(ValidationFailed) as open_sdg:
        _read(f"Year,Value,Comment\n2020,1,{huge}\n")
    with pytest.raises(ValidationFailed) as sdmx_csv_1:
        read_message(f"DATAFLOW,SERIES,COMMENT_OBS\nIAEG,VC_IHR_PSRC,{huge}\n".encode())

    assert _reasons(open_sdg)[0].startswith("indicator_16-1-1.csv is not a readable CSV file: ")
    assert _reasons(sdmx_csv_1)[0].startswith("Not a readable SDMX-CSV file: ")


@pytest.mark.django_db
def test_a_value_the_column_cannot_hold_is_refused_by_name_and_nothing_is_stored() -> None:
    """Decimal reads "Infinity" and "1e30"; SdgValue.value holds 24 digits (review1)."""
    text = "Year,Value\n2018,Infinity\n2019,1e30\n2020,12.5\n"

    with pytest.raises(ValidationFailed) as exc:
        import_sdg_data(
            acting_user=SYSTEM, country=_south_africa(), content=text.encode(),
            file_name="indicator_16-1-1.csv", series="VC_IHR_PSRC",
        )  # fmt: skip

    assert _reasons(exc) == [
        "VC_IHR_PSRC, 2018: the value Infinity cannot be stored (a finite number below 10^18 "
        "is needed).",
        "VC_IHR_PSRC, 2019: the value 1E+30 cannot be stored (a finite number below 10^18 "
        "is needed).",
    ]
    assert not SdgValue.objects.exists()
