"""Statistics: counting states and outcomes, and small-cell suppression that holds."""

from __future__ import annotations

import itertools
import random
from datetime import date
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.sector.disclosure import TOTAL
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_vetting import CaseFactory, PersonFactory, ViolationRecordFactory
from ssrmonitor.vetting.models import CaseStatus, Outcome
from ssrmonitor.vetting.services import age as age_services
from ssrmonitor.vetting.statistics import (
    HIDDEN,
    case_breakdowns,
    country_statistics,
    is_protected,
    quarters_between,
    suppress,
)


def test_small_counts_and_totals_are_hidden() -> None:
    table = suppress({("a", "x"): 3, ("a", "y"): 10, ("b", "x"): 8, ("b", "y"): 9})
    assert table.shown(("a", "x")) is None
    assert is_protected(table)
    # the complement in the row and in the column are hidden too
    assert table.shown(("a", "y")) is None or table.shown(("a", TOTAL)) is None
    assert table.shown(("b", "x")) is None or table.shown((TOTAL, "x")) is None


def test_small_total_is_hidden_even_when_cells_are_zero_or_hidden() -> None:
    table = suppress({("a", "x"): 2, ("a", "y"): 0, ("b", "x"): 20, ("b", "y"): 30})
    assert table.shown(("a", TOTAL)) is None
    assert is_protected(table)


def test_nothing_hidden_when_all_counts_are_large() -> None:
    table = suppress({("a", "x"): 5, ("a", "y"): 0, ("b", "x"): 6, ("b", "y"): 7})
    assert not table.hidden


@pytest.mark.parametrize("seed", range(30))
def test_random_tables_are_protected(seed: int) -> None:
    rng = random.Random(seed)
    rows, columns = rng.randint(1, 5), rng.randint(2, 6)
    cells = {
        (f"r{r}", f"c{c}"): rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 12, 30])
        for r, c in itertools.product(range(rows), range(columns))
    }
    table = suppress(cells)
    assert is_protected(table)
    for key, value in table.values.items():
        if 0 < value < 5:
            assert key in table.hidden


def test_quarters_between() -> None:
    assert quarters_between(date(2025, 11, 1), date(2026, 4, 1)) == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]


def make_cases() -> None:
    haiti = country("HT")
    for _n in range(6):
        CaseFactory(country=haiti, record=ViolationRecordFactory(category="sexual_violence"))
    for _n in range(2):
        CaseFactory(
            country=haiti,
            record=ViolationRecordFactory(category="corruption"),
            status=CaseStatus.FINAL,
            outcome=Outcome.EXCLUDED,
            final_outcome=Outcome.EXCLUDED,
        )
    for _n in range(7):
        CaseFactory(
            country=haiti,
            record=ViolationRecordFactory(category="corruption"),
            status=CaseStatus.NOT_THE_PERSON,
        )


def test_case_tables(db: None) -> None:
    make_cases()
    by_category, by_institution = case_breakdowns(country("HT"))
    assert by_category.rows == ["corruption", "sexual_violence"]
    assert by_category.table.values[("sexual_violence", "open")] == 6
    assert by_category.table.values[("corruption", "not_the_person")] == 7
    assert by_category.value("corruption", "excluded") == HIDDEN
    assert by_category.value(TOTAL, "excluded") == HIDDEN  # a total of 2 is hidden too
    assert by_category.value("corruption", "cleared") == "0"
    assert by_category.value(TOTAL, TOTAL) == "15"
    assert is_protected(by_category.table) and is_protected(by_institution.table)
    # the shared state totals are hidden alike in both tables
    shared = {(TOTAL, c) for c in by_category.columns}
    assert by_category.table.hidden & shared == by_institution.table.hidden & shared
    data = by_category.as_data()
    assert data["values"][-1][-1] == "15"
    assert len(data["values"]) == 3


def test_age_table_counts_outcomes_by_quarter(vera: Any, chloe: Any) -> None:
    haiti = country("HT")
    births = ["1990"] * 6 + ["2010-01-01"] * 2 + ["2008"]
    for birth in births:
        found = age_services.start_assessment(
            acting_user=vera,
            country=haiti,
            enlistment_date=date(2026, 6, 15),
            candidate_names=["X"],
        )
        age_services.add_evidence(found, acting_user=vera, kind="national_id", birth_date=birth)
        age_services.decide(found, acting_user=vera)
    age_services.start_assessment(  # pending: not counted
        acting_user=vera, country=haiti, enlistment_date=date(2026, 6, 15), candidate_names=["Y"]
    )
    stats = country_statistics(haiti)
    quarter = stats.age.rows[0]
    assert stats.age.rows == [quarter]
    assert stats.age.value(quarter, "eligible") == "6"
    assert stats.age.value(quarter, "under_age") == HIDDEN
    assert stats.age.value(quarter, "referred_open") == HIDDEN
    assert stats.age.value(TOTAL, TOTAL) == "9"
    assert is_protected(stats.age.table)


def test_statistics_page_and_api(vetting_personas: dict[str, Any]) -> None:
    make_cases()
    PersonFactory()
    for name in ("vera", "reuben", "chloe", "ada", "victor"):
        client = Client()
        client.force_login(vetting_personas[name])
        page = client.get("/vetting/statistics/HT/")
        assert page.status_code == 200, name
        assert "&lt;5" in page.content.decode()
        api = client.get("/api/v1/vetting/statistics/HT")
        assert api.status_code == 200
        assert api.json()["by_category"]["values"][-1][-1] == "15"
    for name in ("fabrice",):
        client = Client()
        client.force_login(vetting_personas[name])
        assert client.get("/vetting/statistics/HT/").status_code == 404
        assert client.get("/api/v1/vetting/statistics/HT").status_code == 404
    assert Client().get("/api/v1/vetting/statistics/HT").status_code == 401
