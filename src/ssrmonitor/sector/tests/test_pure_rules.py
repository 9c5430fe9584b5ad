"""Roles-matrix analysis, derived expenditure indicators and women's share, by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ssrmonitor.core.progress import Rating, Trend
from ssrmonitor.sector import spending
from ssrmonitor.sector.matrix import Assignment, analyse
from ssrmonitor.sector.workforce import (
    Strength,
    Target,
    share_trend,
    target_progress,
    women_share,
)

D = Decimal


def test_two_leads_are_an_overlap_and_no_lead_is_a_gap() -> None:
    result = analyse(
        ["public_order", "border", "detention", "investigation"],
        [
            Assignment("public_order", "LNP", "lead"),
            Assignment("public_order", "AFL", "lead"),
            Assignment("border", "BIN", "lead"),
            Assignment("border", "LNP", "support"),
            Assignment("detention", "LNP", "support"),
        ],
    )
    assert result.overlaps == {"public_order": ["AFL", "LNP"]}
    assert result.gaps == ["detention", "investigation"]
    assert result.status_of("border") == "ok"
    assert result.status_of("public_order") == "overlap"
    assert result.status_of("detention") == "gap"
    assert result.supports["border"] == ["LNP"]


def test_assignments_to_unknown_functions_are_ignored() -> None:
    result = analyse(["a"], [Assignment("zzz", "X", "lead"), Assignment("a", "Y", "lead")])
    assert result.leads == {"a": ["Y"]}
    assert result.gaps == []


LINES = [
    # economic, source, allocated, revised, executed
    spending.Line("personnel", "domestic", D(600), D(620), D(580)),
    spending.Line("goods_services", "domestic", D(200), None, D(150)),
    spending.Line("capital", "external_on_budget", D(100), D(100), None),
    spending.Line("capital", "external_off_budget", D(100), None, D(90)),
]


def test_execution_rate_uses_revised_budget_of_executed_lines() -> None:
    # executed 580 + 150 + 90 = 820 over planned 620 + 200 + 100 = 920 → 89.13… → 89.1
    assert spending.execution_rate(LINES) == D("89.1")


def test_personnel_and_external_shares_on_allocations() -> None:
    # personnel 600 of 1000; external 100 + 100 of 1000
    assert spending.personnel_share(LINES, "allocated") == D("60.0")
    assert spending.external_share(LINES, "allocated") == D("20.0")


def test_indicators_against_gdp_population_and_strength() -> None:
    context = spending.Context(
        gdp=D(45000), total_public_expenditure=D(6000), population=450, personnel=8
    )
    result = spending.indicators(LINES, context, "allocated")
    # on-budget (without off-budget aid) = 900
    assert result.total == D(1000)
    assert result.security_share == D("15.0")  # 900 / 6000
    assert result.share_of_gdp == D("2.0")  # 900 / 45000
    assert result.per_capita == D("2.00")  # 900 / 450
    assert result.per_personnel == D("125.00")  # 1000 / 8
    assert result.lines_without_amount == 0


def test_missing_amounts_are_counted_not_invented() -> None:
    result = spending.indicators(LINES, spending.Context(), "executed")
    assert result.total == D(820)
    assert result.lines_without_amount == 1
    assert result.share_of_gdp is None
    assert result.per_capita is None
    # personnel 580 of 820 → 70.73 → 70.7
    assert result.personnel_share == D("70.7")


def test_zero_denominator_gives_no_ratio() -> None:
    assert spending.percent(D(5), D(0)) is None
    assert spending.ratio(D(5), 0) is None


def test_women_share_per_rank_and_overall() -> None:
    counts = [
        Strength("officer", "female", 3),
        Strength("officer", "male", 27),
        Strength("other", "female", 17),
        Strength("other", "male", 153),
    ]
    assert women_share(counts, "officer") == D("10.0")
    assert women_share(counts) == D("10.0")  # 20 of 200
    assert women_share(counts, "nco") is None


def test_target_progress_uses_benchmark_rules() -> None:
    target = Target(D(11), D(8), date(2018, 1, 1), date(2020, 12, 31))
    on_track = target_progress(target, {date(2019, 12, 31): D("10.5")})
    assert on_track.percent == D("83.3")  # (10.5 − 8) / (11 − 8)
    assert on_track.rating is Rating.ON_TRACK
    reached = target_progress(target, {date(2018, 12, 31): D(9), date(2020, 6, 30): D(11)})
    assert reached.rating is Rating.ON_TRACK
    assert reached.percent == D("100.0")
    assert target_progress(target, {date(2019, 1, 1): None}).rating is Rating.NO_DATA


def test_share_trend_over_published_values() -> None:
    days = [date(2022, 12, 31), date(2023, 12, 31), date(2024, 12, 31)]
    assert share_trend(dict(zip(days, [D(8), D(9), D("9.5")], strict=True))) is Trend.IMPROVING
    assert share_trend(dict(zip(days, [D(9), None, D(8)], strict=True))) is Trend.WORSENING
    assert share_trend({days[0]: D(8)}) is Trend.NONE
