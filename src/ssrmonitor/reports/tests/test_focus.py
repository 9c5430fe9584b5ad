"""Issue 14, item 7: a country report covers the frameworks active in its period, and lists the
indicators without an approved value in one compact table rather than as empty charts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ssrmonitor.benchmarks.models import FrameworkStatus
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.sections.document import Figure, Table
from ssrmonitor.reports.builder import build_document, collect_country_report
from ssrmonitor.testing.factories import FrameworkFactory, IndicatorFactory, country
from ssrmonitor.testing.factories_reports import ReportWorld

pytestmark = pytest.mark.django_db
H2 = ReportingPeriod.parse("2019-H2")


@pytest.fixture
def ended(world: ReportWorld) -> None:
    """A MINUSTAH framework closed in 2017, and one ending within the period."""
    old = FrameworkFactory(
        title="MINUSTAH consolidation benchmarks",
        adoption_date=date(2008, 8, 27),
        end_date=date(2017, 10, 1),
        status=FrameworkStatus.CLOSED,
    )
    IndicatorFactory(benchmark__framework=old, code="8.1")
    closing = FrameworkFactory(
        title="Framework ending in the period",
        end_date=date(2019, 10, 15),
        status=FrameworkStatus.CLOSED,
    )
    IndicatorFactory(benchmark__framework=closing, code="4.1", definition="Courts open")


def _titles(payload: dict[str, Any]) -> list[str]:
    return [fw["title"] for fw in payload["sections"]["benchmarks"]["frameworks"]]


def test_frameworks_that_ended_before_the_period_are_left_out(alice: Any, ended: None) -> None:
    titles = _titles(collect_country_report(alice, country("HT"), H2, "internal"))
    assert "MINUSTAH consolidation benchmarks" not in titles
    assert "Framework ending in the period" in titles
    earlier = _titles(
        collect_country_report(alice, country("HT"), ReportingPeriod.parse("2017"), "internal")
    )
    assert "MINUSTAH consolidation benchmarks" in earlier


def test_indicators_without_value_are_one_table_and_no_chart(alice: Any, ended: None) -> None:
    document = build_document(collect_country_report(alice, country("HT"), H2, "internal"), "en")
    main = next(section for section in document.sections if section.key == "benchmarks")
    tables = [b for b in main.blocks if isinstance(b, Table)]
    unvalued = [t for t in tables if t.caption.startswith("Indicators without an approved value")]
    assert len(unvalued) == 1
    cells = [row.cells[0] for row in unvalued[0].rows]
    assert cells == ["Framework ending in the period", "4.1 Courts open"]
    progress = [row.cells[0] for t in tables if t not in unvalued for row in t.rows]
    assert not any(cell.startswith("4.1") for cell in progress)
    figures = [b for s in document.annex for b in s.blocks if isinstance(b, Figure)]
    assert figures and not any(f.title.startswith("4.1") for f in figures)
