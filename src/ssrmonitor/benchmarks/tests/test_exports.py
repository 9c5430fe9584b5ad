"""CSV and XLSX exports: contents, visibility, formula escaping, headers, cost."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.exports import COLUMNS
from ssrmonitor.benchmarks.models import FrameworkStatus, Indicator, Measurement
from ssrmonitor.core.exports import csv_cell, escape_formula
from ssrmonitor.testing.factories import (
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)

API = "/api/v1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Police = order", "Police = order"),
        ("", ""),
        ("Haïti", "Haïti"),
    ],
)
def test_escape_formula(text: str, expected: str) -> None:
    assert escape_formula(text) == expected


def test_numbers_are_not_escaped_and_are_written_plainly() -> None:
    assert csv_cell(Decimal("-5.5000")) == "-5.5"
    assert csv_cell(Decimal("14500.0000")) == "14500"
    assert csv_cell(date(2019, 3, 31)) == "2019-03-31"
    assert csv_cell(True) == "true"
    assert csv_cell(None) == ""
    assert csv_cell("-5") == "'-5"  # text that looks like a formula is escaped


def read_csv(response: Any) -> list[dict[str, str]]:
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def read_xlsx(response: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Data", "About"]
    rows = list(workbook["Data"].iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True)}
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]], about


@pytest.fixture
def haiti(alice: Any, rachel: Any) -> dict[str, Any]:
    """A published framework with one value in each state, and an unpublished framework."""
    framework = FrameworkFactory(
        country=country("HT"),
        title="Exit benchmarks",
        source_document="S/2018/527",
        adoption_date=date(2018, 5, 2),
    )
    indicator = IndicatorFactory(
        benchmark__framework=framework,
        benchmark__code="2",
        benchmark__text='=HYPERLINK("http://evil")',
        code="2.1",
        definition="Number of officers",
        unit="officers",
        baseline_value=14000,
        target_value=15000,
        disaggregations=["sex"],
    )
    approved = MeasurementFactory(
        indicator=indicator,
        approved=True,
        period_text="2019-Q1",
        value=14500,
        author=alice,
        reviewed_by=rachel,
        source_document="S/2019/198",
    )
    approved.disaggregated_values.create(dimension="sex", category="female", value=1300)
    approved.disaggregated_values.create(dimension="sex", category="male", value=13200)
    MeasurementFactory(indicator=indicator, submitted=True, period_text="2019-Q2", value=14600)
    MeasurementFactory(indicator=indicator, period_text="2019-Q3", value=14700)
    hidden = FrameworkFactory(
        country=country("HT"),
        is_published=False,
        status=FrameworkStatus.DRAFT,
        title="Internal draft",
    )
    MeasurementFactory(indicator=IndicatorFactory(benchmark__framework=hidden), approved=True)
    return {"framework": framework, "indicator": indicator, "hidden": hidden}


def country_url(fmt: str, iso2: str = "HT") -> str:
    return reverse("benchmarks:country_export", args=[iso2, fmt])


def test_public_csv_has_approved_values_with_each_disaggregation(
    client: Client, haiti: dict[str, Any]
) -> None:
    response = client.get(country_url("csv"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="ssrmonitor-HT-')
    rows = read_csv(response)
    assert [(r["period"], r["dimension"], r["category"], r["value"]) for r in rows] == [
        ("2019-Q1", "total", "", "14500"),
        ("2019-Q1", "sex", "female", "1300"),
        ("2019-Q1", "sex", "male", "13200"),
    ]
    first = rows[0]
    assert first["country_iso2"] == "HT"
    assert first["framework"] == "Exit benchmarks"
    assert first["source_document"] == "S/2018/527"
    assert first["value_source_document"] == "S/2019/198"
    assert first["indicator_code"] == "2.1"
    assert first["baseline_value"] == "14000"
    assert first["period_start"] == "2019-01-01"
    assert first["status"] == "approved"
    assert first["is_illustrative"] == "false"
    assert first["indicator_percent"] == "50"
    assert first["indicator_rating"] in {"on_track", "at_risk", "off_track"}
    assert first["benchmark"] == '\'=HYPERLINK("http://evil")'


def test_editor_xlsx_has_values_under_review_and_drafts(
    client: Client, alice: Any, haiti: dict[str, Any]
) -> None:
    client.force_login(alice)
    response = client.get(country_url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert response["Cache-Control"] == "no-store"
    rows, about = read_xlsx(response)
    totals = [(r["framework"], r["period"], r["status"]) for r in rows if r["dimension"] == "total"]
    assert ("Exit benchmarks", "2019-Q2", "submitted") in totals
    assert ("Exit benchmarks", "2019-Q3", "draft") in totals
    assert any(framework == "Internal draft" for framework, _, _ in totals)
    female = next(r for r in rows if r["category"] == "female")
    assert female["value"] == 1300
    assert female["period_end"].date() == date(2019, 3, 31)
    assert female["benchmark"] == '\'=HYPERLINK("http://evil")'
    assert about["Filters"] == "country=HT"
    assert "Generated at" in about
    assert "submitted" in about["Values included"]


def test_formula_text_is_a_string_not_a_formula_in_xlsx(
    client: Client, haiti: dict[str, Any]
) -> None:
    response = client.get(country_url("xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Data"]
    benchmark_column = COLUMNS.index("benchmark") + 1
    cell = sheet.cell(row=2, column=benchmark_column)
    assert cell.data_type == "s"
    assert cell.value.startswith("'=")


def test_viewer_export_has_no_drafts(client: Client, victor: Any, haiti: dict[str, Any]) -> None:
    client.force_login(victor)
    statuses = {row["status"] for row in read_csv(client.get(country_url("csv")))}
    assert statuses == {"approved", "submitted"}


def test_other_country_editor_gets_the_public_export(
    client: Client, bob: Any, haiti: dict[str, Any]
) -> None:
    client.force_login(bob)
    rows = read_csv(client.get(country_url("csv")))
    assert {row["status"] for row in rows} == {"approved"}
    assert {row["framework"] for row in rows} == {"Exit benchmarks"}


def test_framework_export_and_its_404s(client: Client, alice: Any, haiti: dict[str, Any]) -> None:
    url = reverse("benchmarks:framework_export", args=[haiti["framework"].pk, "csv"])
    rows = read_csv(client.get(url))
    assert {row["framework"] for row in rows} == {"Exit benchmarks"}
    hidden = reverse("benchmarks:framework_export", args=[haiti["hidden"].pk, "csv"])
    assert client.get(hidden).status_code == 404
    client.force_login(alice)
    assert client.get(hidden).status_code == 200


@pytest.mark.parametrize("path", ["pdf", "CSV", "json"])
def test_unknown_format_is_404(client: Client, haiti: dict[str, Any], path: str) -> None:
    assert client.get(country_url(path)).status_code == 404


def test_unknown_country_is_404(client: Client, db: None) -> None:
    assert client.get(country_url("csv", "ZZ")).status_code == 404


def test_export_through_the_api(client: Client, alice: Any, haiti: dict[str, Any]) -> None:
    public = read_csv(client.get(f"{API}/benchmarks/export.csv?country=HT"))
    assert {row["status"] for row in public} == {"approved"}
    framework_id = haiti["framework"].pk
    response = client.get(f"{API}/benchmarks/export.xlsx?framework={framework_id}")
    rows, about = read_xlsx(response)
    assert about["Filters"] == f"country=HT, framework={framework_id}"
    assert {row["status"] for row in rows} == {"approved"}
    client.force_login(alice)
    internal = read_csv(client.get(f"{API}/benchmarks/export.csv?country=ht"))
    assert {row["status"] for row in internal} == {"approved", "submitted", "draft"}


def test_api_export_errors_have_the_error_shape(client: Client, haiti: dict[str, Any]) -> None:
    missing = client.get(f"{API}/benchmarks/export.csv")
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["field"] == "country"
    wrong = client.get(f"{API}/benchmarks/export.pdf?country=HT")
    assert wrong.status_code == 404
    assert wrong.json()["status"] == 404
    hidden = client.get(f"{API}/benchmarks/export.csv?framework={haiti['hidden'].pk}")
    assert hidden.status_code == 404


def test_export_costs_a_fixed_number_of_queries(
    client: Client, haiti: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    indicator: Indicator = haiti["indicator"]
    for year in (2020, 2021, 2022):
        measurement = MeasurementFactory(
            indicator=indicator, approved=True, period_text=f"{year}-Q1"
        )
        measurement.disaggregated_values.create(dimension="sex", category="female", value=1)
    assert Measurement.objects.count() > 5
    with django_assert_max_num_queries(8):
        rows = read_csv(client.get(country_url("csv")))
    assert len(rows) == 3 + 3 * 2
