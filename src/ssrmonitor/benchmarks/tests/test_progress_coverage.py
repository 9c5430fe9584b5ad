"""Like with like: values compared with their target over the dates they cover (issue 16).

The pure rules of :func:`ssrmonitor.core.progress.compare` and :func:`rate`, on hand-made cases
and on the MINUJUSTH values that were misread (S/2018/527 and the reports that followed).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ssrmonitor.core.progress import (
    Point,
    Rating,
    Spec,
    TargetBasis,
    Trend,
    ValueNature,
    compare,
    covered_days,
    rate,
)

FLOW, YTD, CUMULATIVE = ValueNature.FLOW, ValueNature.YEAR_TO_DATE, ValueNature.CUMULATIVE
PER_YEAR = TargetBasis.PER_YEAR
OCT_2017 = date(2017, 10, 1)
BASELINE_DAY = date(2018, 5, 2)  # the day S/2018/527 set the MINUJUSTH baselines
TARGET_DAY = date(2019, 10, 15)  # "October 2019", the end of the mission


def _spec(basis: str = TargetBasis.AT_DATE, **changes: object) -> Spec:
    values: dict[str, object] = {
        "baseline": Decimal(100),
        "target": Decimal(200),
        "baseline_date": date(2018, 1, 1),
        "target_date": date(2020, 12, 31),
        "basis": basis,
    }
    return Spec(**(values | changes))  # type: ignore[arg-type]


def _flow(start: date, end: date, value: int | str, nature: str = FLOW) -> Point:
    return Point(end, Decimal(value), start, nature)


# --- hand-made cases ----------------------------------------------------------------------


@pytest.mark.parametrize("basis", list(TargetBasis))
@pytest.mark.parametrize("nature", [ValueNature.STOCK, ValueNature.RATE])
def test_levels_and_rates_are_compared_as_they_are(basis: str, nature: str) -> None:
    start = None if nature == ValueNature.STOCK else date(2018, 1, 1)
    result = compare(_spec(basis), Point(date(2018, 6, 30), Decimal("12.5"), start, nature))
    assert (result.value, result.annualised, result.reason) == (Decimal("12.5"), False, "")


def test_a_flow_over_half_a_year_is_annualised_for_a_yearly_target() -> None:
    point = _flow(date(2018, 1, 1), date(2018, 6, 30), 90)
    assert covered_days(point) == 181
    result = compare(_spec(PER_YEAR), point)
    assert result.value == Decimal("181.5")  # 90 × 365 / 181
    assert result.annualised
    assert "181 days" in result.reason and "181.5 a year" in result.reason


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2018, 1, 1), date(2018, 12, 31)),  # 365 days
        (date(2020, 1, 1), date(2020, 12, 31)),  # a leap year, 366 days
        (date(2018, 7, 1), date(2019, 6, 30)),  # a fiscal year
        (date(2018, 1, 3), date(2018, 12, 28)),  # 360 days, a year as reported
    ],
)
def test_a_span_of_a_year_is_taken_as_it_is(start: date, end: date) -> None:
    result = compare(_spec(PER_YEAR), _flow(start, end, 213))
    assert (result.value, result.annualised) == (Decimal(213), False)


@pytest.mark.parametrize("nature", [FLOW, YTD, CUMULATIVE])
def test_a_span_under_28_days_is_not_compared_with_a_yearly_target(nature: str) -> None:
    point = _flow(date(2019, 1, 1), date(2019, 1, 20), 12, nature)
    result = compare(_spec(PER_YEAR), point)
    assert result.value is None
    assert "20 days" in result.reason


def test_28_days_is_long_enough_to_annualise() -> None:
    result = compare(_spec(PER_YEAR), _flow(date(2019, 2, 1), date(2019, 2, 28), 10))
    assert result.annualised and result.value == Decimal("130.4")


def test_a_total_whose_dates_are_unknown_is_not_compared_with_a_yearly_target() -> None:
    result = compare(_spec(PER_YEAR), Point(date(2019, 6, 30), Decimal(40), None, FLOW))
    assert result.value is None and "not known" in result.reason


@pytest.mark.parametrize("nature", [FLOW, YTD])
def test_a_total_over_a_span_is_not_compared_with_a_level_at_a_date(nature: str) -> None:
    result = compare(_spec(), _flow(date(2019, 1, 1), date(2019, 6, 30), 40, nature))
    assert result.value is None
    assert "not a level at a date" in result.reason


def test_a_running_total_is_compared_with_a_level_at_a_date() -> None:
    result = compare(_spec(), _flow(date(2018, 1, 1), date(2019, 6, 30), 140, CUMULATIVE))
    assert (result.value, result.annualised) == (Decimal(140), False)


def test_a_cumulative_count_is_compared_with_a_total_since_the_baseline() -> None:
    spec = _spec(TargetBasis.CUMULATIVE)
    result = compare(spec, _flow(date(2018, 1, 1), date(2019, 6, 30), 140, CUMULATIVE))
    assert (result.value, result.annualised) == (Decimal(140), False)


@pytest.mark.parametrize(
    ("start", "compared"),
    [
        (date(2018, 1, 1), True),  # from the baseline date
        (date(2018, 1, 31), True),  # within a month of it
        (date(2017, 12, 2), True),
        (date(2018, 3, 1), False),  # two months later: part of the time only
    ],
)
def test_a_flow_is_a_total_since_the_baseline_only_if_it_starts_there(
    start: date, compared: bool
) -> None:
    result = compare(_spec(TargetBasis.CUMULATIVE), _flow(start, date(2019, 6, 30), 140))
    assert (result.value is not None) is compared
    if not compared:
        assert "since the baseline" in result.reason


def test_a_year_to_date_count_is_not_a_total_since_the_baseline() -> None:
    result = compare(
        _spec(TargetBasis.CUMULATIVE), _flow(date(2019, 1, 1), date(2019, 6, 30), 9, YTD)
    )
    assert result.value is None


def test_values_keep_their_old_reading_by_default() -> None:
    """A level at a date against a level by the target date: as before issue 16."""
    points = [Point(date(2018, 12, 31), Decimal(130)), Point(date(2019, 12, 31), Decimal(150))]
    progress = rate(_spec(), points)
    assert progress.latest == points[-1]
    assert progress.percent == Decimal(50)
    assert (progress.annualised, progress.note, progress.excluded) == (False, "", 0)


def test_rate_leaves_out_what_cannot_be_compared_and_says_why() -> None:
    points = [
        Point(date(2018, 12, 31), Decimal(130)),
        _flow(date(2019, 1, 1), date(2019, 6, 30), 500),  # a flow against a level: left out
    ]
    progress = rate(_spec(), points)
    assert progress.latest == points[0]
    assert progress.percent == Decimal(30)
    assert progress.excluded == 1
    assert "not a level at a date" in progress.note
    assert not progress.annualised


def test_rate_without_any_comparable_value_has_no_data_but_says_why() -> None:
    progress = rate(_spec(), [_flow(date(2019, 1, 1), date(2019, 6, 30), 500)])
    assert progress.rating is Rating.NO_DATA and progress.latest is None
    assert (progress.excluded, bool(progress.note)) == (1, True)


def test_rate_uses_the_annualised_value_and_marks_it() -> None:
    progress = rate(_spec(PER_YEAR), [_flow(date(2019, 1, 1), date(2019, 6, 30), 90, YTD)])
    assert progress.latest is not None and progress.latest.value == Decimal("181.5")
    assert progress.annualised
    assert progress.note.startswith("Annualised")
    assert progress.percent == Decimal("81.5")


def test_the_latest_compared_value_stays_marked_annualised_when_a_later_one_is_left_out() -> None:
    points = [
        _flow(date(2019, 1, 1), date(2019, 6, 30), 90, YTD),
        _flow(date(2019, 7, 1), date(2019, 7, 10), 5),  # ten days: left out
    ]
    progress = rate(_spec(PER_YEAR), points)
    assert progress.latest is not None and progress.latest.value == Decimal("181.5")
    assert progress.annualised
    assert progress.excluded == 1
    assert "10 days" in progress.note


# --- the MINUJUSTH values of issue 16 ------------------------------------------------------


def _minujusth(baseline: int, target: int, basis: str = PER_YEAR) -> Spec:
    return Spec(
        Decimal(baseline), Decimal(target), BASELINE_DAY, TARGET_DAY, increase=True, basis=basis
    )


CASES_1_7 = [
    # "October 2017–December 2018: 595 new cases processed in real time" (S/2019/198)
    _flow(OCT_2017, date(2018, 12, 31), 595),
    # "October 2017–August 2019: 1,382 new cases processed in real time" (S/2019/805)
    _flow(OCT_2017, date(2019, 8, 31), 1382),
]


def test_1_7_sums_over_15_and_23_months_are_annualised() -> None:
    spec = _minujusth(695, 800)  # "800 … per year"
    first, second = (compare(spec, point) for point in CASES_1_7)
    assert first.annualised and first.value == Decimal("475.2")  # about 476 a year
    assert second.annualised and second.value == Decimal("720.6")  # about 721 a year


def test_1_7_is_no_longer_on_track_on_the_strength_of_multi_year_sums() -> None:
    before = rate(_minujusth(695, 800, TargetBasis.AT_DATE), [
        Point(p.day, p.value) for p in CASES_1_7
    ])  # fmt: skip
    assert (before.rating, before.percent) == (Rating.ON_TRACK, Decimal("654.3"))
    after = rate(_minujusth(695, 800), CASES_1_7)
    assert after.rating is not Rating.ON_TRACK
    assert after.rating is Rating.OFF_TRACK
    assert after.percent == Decimal("24.4")
    assert after.annualised and after.latest is not None
    assert after.latest.value == Decimal("720.6")
    assert "700 days" in after.note


def test_1_9_orders_over_23_months_are_about_402_a_year() -> None:
    # "October 2017–August 2019: 771 orders issued"; baseline "July 2017–June 2018: 600"
    spec = _minujusth(600, 750)
    result = compare(spec, _flow(OCT_2017, date(2019, 8, 31), 771))
    assert result.annualised and result.value == Decimal("402.0")
    progress = rate(spec, [_flow(OCT_2017, date(2019, 8, 31), 771)])
    assert progress.rating is Rating.OFF_TRACK  # was 114 %, "On track"
    assert progress.percent is not None and progress.percent < 0


CASES_6_6 = [
    _flow(date(2018, 1, 1), date(2018, 7, 19), 130, YTD),  # "From January to 19 July"
    _flow(date(2018, 1, 1), date(2018, 10, 18), 182, YTD),  # "1 January–18 October 2018"
    _flow(date(2018, 1, 1), date(2018, 12, 31), 213, YTD),  # the whole of 2018
    _flow(date(2019, 1, 1), date(2019, 6, 30), 136, YTD),  # "1 January–30 June 2019"
    _flow(date(2019, 1, 1), date(2019, 9, 16), 190, YTD),  # "1 January–16 September 2019"
]


def test_6_6_year_to_date_counts_are_annualised() -> None:
    spec = _minujusth(164, 275)  # "2017: 164"; at least 275 cases a year
    results = [compare(spec, point) for point in CASES_6_6]
    assert [r.value for r in results] == [
        Decimal("237.2"),  # 130 × 365 / 200
        Decimal("228.3"),  # 182 × 365 / 291
        Decimal(213),  # a whole year, as it is
        Decimal("274.3"),  # 136 × 365 / 181
        Decimal("267.8"),  # 190 × 365 / 259
    ]
    assert [r.annualised for r in results] == [True, True, False, True, True]


def test_6_6_trend_is_not_worsening_because_the_count_restarts_in_january() -> None:
    as_read_before = rate(_minujusth(164, 275, TargetBasis.AT_DATE), [
        Point(p.day, p.value) for p in CASES_6_6
    ])  # fmt: skip
    assert as_read_before.trend is Trend.WORSENING  # 213 → 136 → 190
    progress = rate(_minujusth(164, 275), CASES_6_6)
    assert progress.trend is not Trend.WORSENING
    assert progress.trend is Trend.IMPROVING  # 213 → about 274 → about 268 a year
    assert progress.latest is not None and progress.latest.value == Decimal("267.8")


def test_6_6_against_a_level_at_a_date_is_not_compared_at_all() -> None:
    progress = rate(_minujusth(164, 275, TargetBasis.AT_DATE), CASES_6_6)
    assert progress.rating is Rating.NO_DATA
    assert progress.excluded == len(CASES_6_6)
    assert "not a level at a date" in progress.note
