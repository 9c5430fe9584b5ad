"""Progress of indicators, benchmarks and frameworks: computed, never stored by hand.

The rules are deliberately few and written down here, because a rating that nobody can
recompute by hand is a rating nobody trusts. Only approved measurements count.

**Percent of the way.** ``100 × (value − baseline) / (target − baseline)``. It is negative when
the value moved away from the target and above 100 when it went beyond it. With no baseline the
first approved value is the baseline. A milestone is 0 until achieved and 100 once achieved.

**Rating of an indicator** (:func:`rate`), judged at the end of the latest measured period
(``as_of``), so that a framework measured in 2019 is judged on 2019, not on today:

1. *No data* without an approved value or without a target.
2. *On track* once the target is reached (percent ≥ 100).
3. *Off track* when ``as_of`` is past the target date and the target is not reached.
4. With a baseline date and a target date, the *expected* percent is the share of that time
   elapsed at ``as_of``. A value no more than 10 points behind the expected percent is *on
   track*, no more than 25 points behind is *at risk*, further behind is *off track*. A
   milestone cannot be partly done: it is on track during the first 75 % of its time and at risk
   during the rest.
5. Without both dates there is no pace to compare with: at least 50 % of the way is on track,
   any progress at all is at risk, none is off track.

**Trend** (:func:`trend`) compares the first and last of the last three approved values: a
change of more than 2 % of the baseline–target distance in the desired direction is
*improving*, the same against it *worsening*, anything else *stable*; one value has no trend.

**Roll-up** (:func:`roll_up`) for benchmarks (over their indicators) and frameworks (over all
their indicators): on track counts 2, at risk 1, off track 0; the mean of the rated indicators
is on track from 1.5, at risk from 0.75, off track below. Indicators without data are left out;
when none has data the result is *no data*.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

ON_TRACK_GAP = Decimal(10)
AT_RISK_GAP = Decimal(25)
MILESTONE_AT_RISK_SHARE = Decimal("0.75")
TREND_WINDOW = 3
TREND_TOLERANCE = Decimal("0.02")
_HUNDRED = Decimal(100)


class Rating(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return str(RATING_LABELS[self])


RATING_LABELS = {
    Rating.ON_TRACK: _("On track"),
    Rating.AT_RISK: _("At risk"),
    Rating.OFF_TRACK: _("Off track"),
    Rating.NO_DATA: _("No data"),
}


class Trend(StrEnum):
    IMPROVING = "improving"
    STABLE = "stable"
    WORSENING = "worsening"
    NONE = "none"

    @property
    def label(self) -> str:
        return str(TREND_LABELS[self])


TREND_LABELS = {
    Trend.IMPROVING: _("Improving"),
    Trend.STABLE: _("Stable"),
    Trend.WORSENING: _("Worsening"),
    Trend.NONE: _("No trend"),
}


@dataclass(frozen=True)
class Point:
    """An approved value at the end of its period."""

    day: date
    value: Decimal


@dataclass(frozen=True)
class Spec:
    """What the rules need to know of an indicator."""

    baseline: Decimal | None
    target: Decimal | None
    baseline_date: date | None
    target_date: date | None
    is_milestone: bool = False
    increase: bool = True


@dataclass(frozen=True)
class Progress:
    """Computed progress of one indicator."""

    latest: Point | None
    percent: Decimal | None
    expected_percent: Decimal | None
    trend: Trend
    rating: Rating


def percent_of_way(spec: Spec, value: Decimal, first: Decimal | None = None) -> Decimal | None:
    """Percent of the way from baseline (or ``first``) to target; ``None`` if undefined."""
    if spec.target is None:
        return None
    if spec.is_milestone:
        return _HUNDRED if value >= spec.target else Decimal(0)
    start = spec.baseline if spec.baseline is not None else first
    if start is None:
        return None
    if spec.target == start:
        reached = value >= spec.target if spec.increase else value <= spec.target
        return _HUNDRED if reached else Decimal(0)
    return (_HUNDRED * (value - start) / (spec.target - start)).quantize(Decimal("0.1"))


def elapsed_share(start: date | None, end: date | None, as_of: date) -> Decimal | None:
    """Share (0–1) of the time from ``start`` to ``end`` elapsed at ``as_of``."""
    if start is None or end is None or end <= start:
        return None
    share = Decimal((as_of - start).days) / Decimal((end - start).days)
    return min(max(share, Decimal(0)), Decimal(1))


def trend(spec: Spec, points: Sequence[Point]) -> Trend:
    """Direction of the last few approved values relative to the desired direction."""
    window = list(points)[-TREND_WINDOW:]
    if len(window) < 2:
        return Trend.NONE
    change = window[-1].value - window[0].value
    if not spec.increase:
        change = -change
    known = spec.target is not None and spec.baseline is not None
    span = abs(spec.target - spec.baseline) if known else None  # type: ignore[operator]
    tolerance = span * TREND_TOLERANCE if span else Decimal(0)
    if change > tolerance:
        return Trend.IMPROVING
    if change < -tolerance:
        return Trend.WORSENING
    return Trend.STABLE


def _rate_against_time(spec: Spec, percent: Decimal, as_of: date) -> tuple[Rating, Decimal | None]:
    share = elapsed_share(spec.baseline_date, spec.target_date, as_of)
    if share is None:
        if percent >= 50:
            return Rating.ON_TRACK, None
        return (Rating.AT_RISK if percent > 0 else Rating.OFF_TRACK), None
    expected = (share * _HUNDRED).quantize(Decimal("0.1"))
    if spec.is_milestone:
        rating = Rating.ON_TRACK if share < MILESTONE_AT_RISK_SHARE else Rating.AT_RISK
        return rating, expected
    gap = expected - percent
    if gap <= ON_TRACK_GAP:
        return Rating.ON_TRACK, expected
    if gap <= AT_RISK_GAP:
        return Rating.AT_RISK, expected
    return Rating.OFF_TRACK, expected


def rate(spec: Spec, points: Sequence[Point]) -> Progress:
    """Rate one indicator from its approved values, sorted by date (see the module rules)."""
    ordered = sorted(points, key=lambda point: point.day)
    direction = trend(spec, ordered)
    if not ordered:
        return Progress(None, None, None, direction, Rating.NO_DATA)
    latest = ordered[-1]
    percent = percent_of_way(spec, latest.value, first=ordered[0].value)
    if percent is None:
        return Progress(latest, None, None, direction, Rating.NO_DATA)
    if percent >= _HUNDRED:
        return Progress(latest, percent, None, direction, Rating.ON_TRACK)
    if spec.target_date is not None and latest.day > spec.target_date:
        return Progress(latest, percent, _HUNDRED, direction, Rating.OFF_TRACK)
    rating, expected = _rate_against_time(spec, percent, latest.day)
    return Progress(latest, percent, expected, direction, rating)


_SCORES = {Rating.ON_TRACK: 2, Rating.AT_RISK: 1, Rating.OFF_TRACK: 0}


def roll_up(ratings: Iterable[Rating]) -> Rating:
    """Combine indicator ratings into one (see the module rules)."""
    scores = [_SCORES[rating] for rating in ratings if rating is not Rating.NO_DATA]
    if not scores:
        return Rating.NO_DATA
    mean = Decimal(sum(scores)) / len(scores)
    if mean >= Decimal("1.5"):
        return Rating.ON_TRACK
    if mean >= Decimal("0.75"):
        return Rating.AT_RISK
    return Rating.OFF_TRACK


def count_ratings(ratings: Iterable[Rating]) -> dict[Rating, int]:
    """How many of each rating, in the order of :class:`Rating`."""
    counts = dict.fromkeys(Rating, 0)
    for rating in ratings:
        counts[rating] += 1
    return counts
