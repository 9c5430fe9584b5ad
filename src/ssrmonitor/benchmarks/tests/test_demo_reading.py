"""The demo loader reads the verbatim texts, and counts what it skips or the services refuse."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ssrmonitor.benchmarks import demo_reading as reading
from ssrmonitor.benchmarks.demo import ReferenceDataMissing, load_real_frameworks
from ssrmonitor.benchmarks.models import Framework, Indicator
from ssrmonitor.benchmarks.tests.demo_records import RECORDS, SUBSET, read_records
from ssrmonitor.core.services import load_countries, load_missions
from ssrmonitor.testing.actors import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference() -> None:
    load_countries(acting_user=SYSTEM)
    load_missions(acting_user=SYSTEM)


def _subset_with(tmp_path: Path, change: Any) -> Path:
    """A copy of the real subset with one deliberate change, to exercise a rule."""
    data = json.loads(SUBSET.read_text(encoding="utf-8"))
    change(data["benchmarks"])
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- reading the verbatim texts ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("April 2019", date(2019, 4, 30)),
        ("February 2020", date(2020, 2, 29)),
        ("2016", date(2016, 12, 31)),
        ("end of 2016", date(2016, 12, 31)),
        ("2010-2011", date(2011, 12, 31)),
        ("2020-2024", date(2024, 12, 31)),
        ("within six months", None),
        (None, None),
    ],
)
def test_target_timeline_is_read_as_its_last_day(text: str | None, expected: date | None) -> None:
    assert reading.parse_target_timeline(text) == expected


@pytest.mark.parametrize(
    ("text", "kind", "unit", "expected"),
    [
        ("3 – Target already achieved", "quantitative", "ordinal legislative stage", "3"),
        ("58.7 per cent", "percentage", "percent", "58.7"),
        ("16 July 2018: 61.6 per cent (2,320 of 3,764)", "percentage", "percent", "61.6"),
        (
            "2018 (From January to 19 July): 6.52, equivalent to 372 intentional homicides",
            "quantitative",
            "rate per 100,000 population",
            "6.52",
        ),
        (
            "1 January–31 December 2018: homicide ratio estimated at 6.63 per 100,000 citizens "
            "(757 intentional homicide victims)",
            "quantitative",
            "rate per 100,000 population",
            "6.63",
        ),
        (
            "1 January to 15 July 2018: 8/1,000 inmates (52 deaths registered)",
            "quantitative",
            "rate per 1,000 inmates",
            "8",
        ),
        (
            "October 2017–August 2019: 1,382 new cases processed in real time",
            "quantitative",
            "count (case files)",
            "1382",
        ),
        ("Current implementation rate: 27.6 per cent", "percentage", "percent", "27.6"),
        (
            "Seven out of 18 prisons supported by functioning health services",
            "quantitative",
            "count (prisons of 18)",
            "7",
        ),
        (
            "A total of 6 of the 13 units operate without MINUJUSTH support",
            "quantitative",
            "count (units of 13)",
            "6",
        ),
        (
            "October 2017–August 2019: the court of first instance of Port-au-Prince adjudicated "
            "611 penal cases",
            "quantitative",
            "count (penal cases)",
            "611",
        ),
        (
            "20,120 registered; over 6,200 provisionally authorized",
            "quantitative",
            "persons",
            "20120",
        ),
        ("Target achieved during the previous reporting period", "quantitative", "count", None),
        (
            "One recommendation implemented by the Superior Council of the Judiciary, in July "
            "2019 … A total of two recommendations",
            "quantitative",
            "count",
            None,
        ),
        ("As at 15 September 2019, none of the 175 personnel", "percentage", "percent", None),
    ],
)
def test_reported_number_reads_the_verbatim_texts(
    text: str, kind: str, unit: str, expected: str | None
) -> None:
    value = reading.reported_number(text, kind, unit)
    assert value == (None if expected is None else Decimal(expected))


# --- the real subset: counted skips and refusals ----------------------------------------


def test_subset_records_are_unchanged_copies_of_the_bundled_ones() -> None:
    subset = read_records(SUBSET)
    by_id = {record["id"]: record for record in RECORDS}
    assert [r["id"] for r in subset] == [
        "HT-MINUJUSTH-B1",
        "HT-MINUJUSTH-B2",
        "SS-armsembargo-2021-a",
    ]
    assert all(record == by_id[record["id"]] for record in subset)


def test_updates_without_a_number_are_counted_and_quoted(reference: None) -> None:
    summary = load_real_frameworks(acting_user=SYSTEM, path=SUBSET)
    assert (summary.frameworks, summary.benchmarks, summary.indicators) == (2, 3, 12)
    assert summary.measurements == 16
    assert summary.skipped_by_reason() == {
        "qualitative indicator: no numeric scale": 2,  # 1.6 and 2.1
        "no number in the reported text": 1,  # 2.2 "No changes from previous report"
        "a value of a later date in the same month is kept": 1,  # 1.8, 9 and 31 July 2019
    }
    seats = Indicator.objects.get(external_id="HT-MINUJUSTH-B2#2.2")
    assert "as at 2019-09-15 (S/2019/805): No changes from previous report" in seats.notes


def test_a_month_outside_the_framework_is_skipped_not_extended(
    reference: None, tmp_path: Path
) -> None:
    def after_the_mission(records: list[dict[str, Any]]) -> None:
        # 1.1 "1 – No session …" names no date of its own: it is as at its update's date.
        records[0]["indicators"][0]["updates"][0]["as_of"] = "2019-11-15"  # MINUJUSTH ended

    summary = load_real_frameworks(
        acting_user=SYSTEM, path=_subset_with(tmp_path, after_the_mission)
    )
    assert summary.measurements == 15
    assert summary.skipped_by_reason()["month outside the framework's dates"] == 1
    framework = Framework.objects.get(country__iso2="HT")
    assert framework.end_date == date(2019, 10, 15)


def test_an_indicator_the_services_refuse_is_reported(reference: None, tmp_path: Path) -> None:
    def impossible_target(records: list[dict[str, Any]]) -> None:
        records[0]["indicators"][7]["target_value"] = 150  # a percentage above 100

    summary = load_real_frameworks(
        acting_user=SYSTEM, path=_subset_with(tmp_path, impossible_target)
    )
    refused = [s for s in summary.skipped if s.reason == "indicator refused by validation"]
    assert [s.item for s in refused] == ["HT-MINUJUSTH-B1#1.8"]
    assert "target_value" in refused[0].detail
    assert "5 reported values not loaded" in refused[0].detail
    assert not Indicator.objects.filter(external_id="HT-MINUJUSTH-B1#1.8").exists()
    assert summary.indicators == 11


def test_missing_reference_data_stops_the_loader() -> None:
    with pytest.raises(ReferenceDataMissing, match="load_reference"):
        load_real_frameworks(acting_user=SYSTEM, path=SUBSET)
    assert not Framework.objects.exists()
