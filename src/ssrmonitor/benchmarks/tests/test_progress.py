"""The progress, trend, rating and roll-up rules of ssrmonitor.core.progress."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from ssrmonitor.core.progress import (
    Point,
    Rating,
    Spec,
    Trend,
    elapsed_share,
    percent_of_way,
    rate,
    roll_up,
    trend,
)

# Police density in Haiti (MINUJUSTH indicator 2.1): 1.3 → 1.4 officers per 1,000, May 2018 →
# Oct 2019 (the deadline is simplified to 1 year here: 2018-01-01 → 2019-01-01, 365 days).
POLICE = Spec(D("1.3"), D("1.4"), date(2018, 1, 1), date(2019, 1, 1))
PRETRIAL = Spec(D("72"), D("60"), date(2018, 1, 1), date(2019, 1, 1), increase=False)
LAW = Spec(D("0"), D("1"), date(2018, 1, 1), date(2019, 1, 1), is_milestone=True)


def test_percent_of_way_from_baseline_to_target() -> None:
    assert percent_of_way(POLICE, D("1.35")) == D("50.0")
    assert percent_of_way(POLICE, D("1.3")) == D("0.0")
    assert percent_of_way(POLICE, D("1.45")) == D("150.0")
    assert percent_of_way(POLICE, D("1.2")) == D("-100.0")


def test_percent_of_way_when_lower_is_better() -> None:
    assert percent_of_way(PRETRIAL, D("66")) == D("50.0")
    assert percent_of_way(PRETRIAL, D("75")) == D("-25.0")


def test_percent_uses_first_value_without_baseline_and_none_without_target() -> None:
    no_baseline = Spec(None, D("100"), None, None)
    assert percent_of_way(no_baseline, D("75"), first=D("50")) == D("50.0")
    assert percent_of_way(Spec(D("1"), None, None, None), D("5")) is None


def test_milestone_is_all_or_nothing() -> None:
    assert percent_of_way(LAW, D("0")) == 0
    assert percent_of_way(LAW, D("1")) == 100


def test_elapsed_share_is_clipped() -> None:
    start, end = date(2018, 1, 1), date(2019, 1, 1)
    assert elapsed_share(start, end, date(2017, 6, 1)) == 0
    assert elapsed_share(start, end, date(2020, 1, 1)) == 1
    assert elapsed_share(start, end, date(2018, 7, 2)) == D(182) / D(365)
    assert elapsed_share(None, end, date(2018, 7, 2)) is None
    assert elapsed_share(end, start, date(2018, 7, 2)) is None


def test_no_values_means_no_data() -> None:
    assert rate(POLICE, []).rating is Rating.NO_DATA


def test_target_reached_is_on_track_even_early() -> None:
    progress = rate(POLICE, [Point(date(2018, 2, 1), D("1.4"))])
    assert progress.rating is Rating.ON_TRACK
    assert progress.percent == 100


@pytest.mark.parametrize(
    ("day", "value", "rating"),
    [
        # half-way in time (expected 49.9 %): 45 % is within 10 points
        (date(2018, 7, 2), D("1.345"), Rating.ON_TRACK),
        # 30 % is 19.9 points behind: at risk
        (date(2018, 7, 2), D("1.33"), Rating.AT_RISK),
        # 20 % is 29.9 points behind: off track
        (date(2018, 7, 2), D("1.32"), Rating.OFF_TRACK),
        # past the deadline without reaching the target
        (date(2019, 1, 31), D("1.39"), Rating.OFF_TRACK),
    ],
)
def test_rating_compares_progress_with_elapsed_time(day: date, value: D, rating: Rating) -> None:
    assert rate(POLICE, [Point(day, value)]).rating is rating


def test_rating_is_judged_at_the_latest_value_not_today() -> None:
    progress = rate(
        POLICE, [Point(date(2018, 1, 31), D("1.3")), Point(date(2018, 2, 28), D("1.31"))]
    )
    assert progress.latest == Point(date(2018, 2, 28), D("1.31"))
    assert progress.expected_percent == D("15.9")
    assert progress.rating is Rating.ON_TRACK


def test_milestone_is_on_track_for_three_quarters_of_its_time_then_at_risk() -> None:
    assert rate(LAW, [Point(date(2018, 9, 1), D("0"))]).rating is Rating.ON_TRACK
    assert rate(LAW, [Point(date(2018, 11, 1), D("0"))]).rating is Rating.AT_RISK
    assert rate(LAW, [Point(date(2019, 2, 1), D("0"))]).rating is Rating.OFF_TRACK
    assert rate(LAW, [Point(date(2019, 2, 1), D("1"))]).rating is Rating.ON_TRACK


def test_without_dates_the_rating_uses_the_share_of_the_way() -> None:
    undated = Spec(D("0"), D("10"), None, None)
    assert rate(undated, [Point(date(2020, 1, 1), D("5"))]).rating is Rating.ON_TRACK
    assert rate(undated, [Point(date(2020, 1, 1), D("1"))]).rating is Rating.AT_RISK
    assert rate(undated, [Point(date(2020, 1, 1), D("0"))]).rating is Rating.OFF_TRACK


def test_trend_follows_the_desired_direction() -> None:
    up = [Point(date(2018, m, 1), D(v)) for m, v in [(1, "1.30"), (2, "1.32"), (3, "1.35")]]
    assert trend(POLICE, up) is Trend.IMPROVING
    assert (
        trend(PRETRIAL, [Point(date(2018, 1, 1), D(70)), Point(date(2018, 2, 1), D(75))])
        is Trend.WORSENING
    )
    flat = [Point(date(2018, 1, 1), D("1.300")), Point(date(2018, 2, 1), D("1.301"))]
    assert trend(POLICE, flat) is Trend.STABLE
    assert trend(POLICE, up[:1]) is Trend.NONE


def test_trend_looks_at_the_last_three_values_only() -> None:
    values = ["1.0", "1.4", "1.41", "1.40"]
    points = [Point(date(2018, i + 1, 1), D(v)) for i, v in enumerate(values)]
    assert trend(POLICE, points) is Trend.STABLE


@pytest.mark.parametrize(
    ("ratings", "result"),
    [
        ([], Rating.NO_DATA),
        ([Rating.NO_DATA, Rating.NO_DATA], Rating.NO_DATA),
        ([Rating.ON_TRACK, Rating.NO_DATA], Rating.ON_TRACK),
        ([Rating.ON_TRACK, Rating.AT_RISK], Rating.ON_TRACK),
        ([Rating.ON_TRACK, Rating.OFF_TRACK], Rating.AT_RISK),
        ([Rating.AT_RISK, Rating.OFF_TRACK], Rating.OFF_TRACK),
        ([Rating.AT_RISK, Rating.AT_RISK, Rating.OFF_TRACK, Rating.ON_TRACK], Rating.AT_RISK),
        ([Rating.OFF_TRACK], Rating.OFF_TRACK),
    ],
)
def test_roll_up(ratings: list[Rating], result: Rating) -> None:
    assert roll_up(ratings) is result
