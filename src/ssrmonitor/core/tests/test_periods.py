from __future__ import annotations

from datetime import date

import pytest

from ssrmonitor.core.periods import PeriodKind, PeriodParseError, ReportingPeriod


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026", PeriodKind.YEAR, date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-H1", PeriodKind.HALF, date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-h2", PeriodKind.HALF, date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-Q3", PeriodKind.QUARTER, date(2026, 7, 1), date(2026, 9, 30)),
        ("2024-Q1", PeriodKind.QUARTER, date(2024, 1, 1), date(2024, 3, 31)),
        ("2026-07", PeriodKind.MONTH, date(2026, 7, 1), date(2026, 7, 31)),
        ("2024-02", PeriodKind.MONTH, date(2024, 2, 1), date(2024, 2, 29)),
        (" 2023-12 ", PeriodKind.MONTH, date(2023, 12, 1), date(2023, 12, 31)),
    ],
)
def test_parse_gives_kind_and_bounds(text: str, kind: PeriodKind, start: date, end: date) -> None:
    period = ReportingPeriod.parse(text)
    assert period.kind is kind
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["2026", "2026-H1", "2026-Q3", "2026-07"])
def test_canonical_text_round_trips(text: str) -> None:
    assert str(ReportingPeriod.parse(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "26",
        "2026-Q5",
        "2026-H3",
        "2026-13",
        "2026-00",
        "Q3 2026",
        "2026-7",
        "2026/07",
        "twenty",
    ],
)
def test_malformed_periods_are_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(PeriodParseError, match="2026-Q3"):
        ReportingPeriod.parse(text)


def test_month_of_and_contains() -> None:
    period = ReportingPeriod.month_of(date(2019, 9, 15))
    assert str(period) == "2019-09"
    assert period.contains(date(2019, 9, 30))
    assert not period.contains(date(2019, 10, 1))


def test_overlaps_open_and_closed_intervals() -> None:
    q3 = ReportingPeriod.parse("2019-Q3")
    assert q3.overlaps(date(2019, 9, 30), None)
    assert not q3.overlaps(date(2019, 10, 1), None)
    assert q3.overlaps(None, date(2019, 7, 1))
    assert not q3.overlaps(None, date(2019, 6, 30))
    assert q3.overlaps(None, None)
