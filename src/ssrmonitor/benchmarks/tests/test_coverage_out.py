"""What a value covers, where it leaves the system: CSV/XLSX exports and the country report.

Snapshots frozen before values knew their coverage must still render: one is rebuilt here from a
payload without the new keys.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.exports import COLUMNS
from ssrmonitor.benchmarks.models import Indicator
from ssrmonitor.benchmarks.report_sections.country_build import (
    build_benchmarks,
    chart_spec,
    value_cell,
)
from ssrmonitor.benchmarks.tests.test_exports import read_csv, read_xlsx
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.progress import TargetBasis, ValueNature
from ssrmonitor.reports.builder import build_document, collect_country_report
from ssrmonitor.reports.render import render
from ssrmonitor.testing.factories import IndicatorFactory, MeasurementFactory, country
from ssrmonitor.testing.factories_reports import ReportWorld, report_world

pytestmark = pytest.mark.django_db
H2 = ReportingPeriod.parse("2019-H2")
NEW_COLUMNS = ("coverage_start", "coverage_end", "nature", "indicator_target_basis")


def _orders(world: ReportWorld) -> Indicator:
    """MINUJUSTH 1.7: 800 orders a year; 1,382 reported for October 2017–August 2019."""
    orders = IndicatorFactory(
        benchmark=world.police.benchmark,
        code="1.7",
        definition="Detention orders issued",
        unit="orders",
        baseline_value=Decimal(600),
        target_value=Decimal(800),
        target_basis=TargetBasis.PER_YEAR,
    )
    MeasurementFactory(
        indicator=orders,
        approved=True,
        period_text="2019-Q3",
        value=Decimal(1382),
        nature=ValueNature.FLOW,
        coverage_start=date(2017, 10, 1),
        coverage_end=date(2019, 8, 31),
    )
    return orders


def _kidnappings(world: ReportWorld) -> Indicator:
    """A level target met with a year-to-date count: shown, not compared."""
    kidnappings = IndicatorFactory(
        benchmark=world.police.benchmark, code="6.6", definition="Kidnappings", unit="cases"
    )
    MeasurementFactory(
        indicator=kidnappings,
        approved=True,
        period_text="2019-Q3",
        value=Decimal(190),
        nature=ValueNature.YEAR_TO_DATE,
        coverage_start=date(2019, 1, 1),
        coverage_end=date(2019, 9, 16),
    )
    return kidnappings


@pytest.fixture
def world(db: None) -> ReportWorld:
    found = report_world()
    _orders(found)
    _kidnappings(found)
    return found


def test_exports_carry_the_coverage_after_the_existing_columns(
    client: Client, alice: Any, world: ReportWorld
) -> None:
    assert COLUMNS[-4:] == NEW_COLUMNS
    assert COLUMNS.index("indicator_percent") == len(COLUMNS) - 5  # old columns keep their place
    client.force_login(alice)
    rows = read_csv(client.get(reverse("benchmarks:country_export", args=["HT", "csv"])))
    by_code = {row["indicator_code"]: row for row in rows if row["dimension"] == "total"}
    assert [by_code["1.7"][name] for name in NEW_COLUMNS] == [
        "2017-10-01",
        "2019-08-31",
        "flow",
        "per_year",
    ]
    assert by_code["1.7"]["value"] == "1382"  # as reported, never annualised
    level = [by_code["1.1"][name] for name in NEW_COLUMNS]
    assert level == ["", by_code["1.1"]["period_end"], "stock", "at_date"]

    xlsx, about = read_xlsx(client.get(reverse("benchmarks:country_export", args=["HT", "xlsx"])))
    six = next(row for row in xlsx if row["indicator_code"] == "6.6")
    covered = (six["coverage_start"].date(), six["coverage_end"].date())
    assert six["nature"] == "year_to_date"
    assert covered == (date(2019, 1, 1), date(2019, 9, 16))
    assert "year_to_date" in about["Coverage"] and "per_year" in about["Target basis"]


def _indicator(payload: dict[str, Any], code: str) -> dict[str, Any]:
    section = payload["sections"]["benchmarks"]
    found = [
        ind
        for framework in section["frameworks"]
        for bench in framework["benchmarks"]
        for ind in bench["indicators"]
        if ind["code"] == code
    ]
    return found[0]


def test_the_report_shows_the_latest_value_with_its_coverage(
    alice: Any, world: ReportWorld
) -> None:
    payload = collect_country_report(alice, country("HT"), H2, "internal")
    orders = _indicator(payload, "1.7")
    assert orders["target_basis"] == "per_year" and orders["annualised"] is True
    assert orders["latest"]["start"] == "2017-10-01" and orders["latest"]["compared"] == "720.6"
    assert "Annualised" in orders["note"] and orders["rating"] != "on_track"
    kidnappings = _indicator(payload, "6.6")
    assert kidnappings["latest"]["compared"] is None and kidnappings["excluded"] == 1
    assert kidnappings["rating"] == "no_data"

    text = json.dumps(build_document(payload, "en").as_dict(), ensure_ascii=False)
    assert "1,382 (Oct 2017–Aug 2019, ≈721 a year)" in text
    assert "annualised (× 365 / days covered)" in text
    assert "Not compared with the target, so not rated: 6.6 2019-Q3: 190 (" in text
    assert "not a level at a date" in text
    assert "1.4 (2019-H2)" in text  # a level is shown as before
    # 1.7 has a single approved value: not charted in the annex (issue 14), but its chart, on
    # the indicator's page and wherever it is drawn, says how the value was annualised.
    assert "not charted" in text and "1.7" in text.split("not charted", 1)[1]
    assert chart_spec(orders).points[0].note == "annualised from 1,382 over 700 days"
    french = json.dumps(build_document(payload, "fr").as_dict(), ensure_ascii=False)
    assert "oct. 2017" in french


def test_value_cell_of_each_kind_of_value() -> None:
    assert value_cell(None) == "—"
    assert value_cell({"period": "2019-Q1", "value": "14500"}) == "14,500 (2019-Q1)"
    level = {"period": "2019-Q3", "value": "12", "day": "2019-07-09", "start": None}
    assert value_cell(level) == "12 (as at 9 July 2019)"
    ytd = {"period": "2019-Q3", "value": "190", "day": "2019-09-16", "start": "2019-01-01",
           "compared": None, "annualised": False}  # fmt: skip
    assert value_cell(ytd) == "190 (1 Jan 2019–16 Sept 2019, not compared)"


def _old_style(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as frozen before coverage: none of the keys added for it."""
    old = json.loads(json.dumps(payload))
    for framework in old["sections"]["benchmarks"]["frameworks"]:
        for bench in framework["benchmarks"]:
            for ind in bench["indicators"]:
                for key in ("target_basis", "annualised", "note", "excluded"):
                    del ind[key]
                ind["points"] = [
                    {key: p[key] for key in ("period", "day", "value", "illustrative")}
                    for p in ind["points"]
                ]
                latest = ind["latest"]
                ind["latest"] = latest and {"period": latest["period"], "value": latest["value"]}
    return old


def test_a_snapshot_frozen_before_coverage_still_renders(alice: Any, world: ReportWorld) -> None:
    old = _old_style(collect_country_report(alice, country("HT"), H2, "internal"))
    document = build_document(old, "en")
    text = json.dumps(document.as_dict(), ensure_ascii=False)
    assert "1,382 (2019-Q3)" in text and "1.4 (2019-H2)" in text
    assert "Not compared with the target" not in text
    for fmt in ("html", "pdf", "docx"):
        assert render(document, fmt).content  # type: ignore[arg-type]
    parts = build_benchmarks(old["sections"]["benchmarks"])
    assert parts.body and parts.annex
