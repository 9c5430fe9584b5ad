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

**Like with like** (:func:`compare`). A value knows what it covers: the dates from ``start`` to
``day`` and its nature — a level at a date (*stock*), a total over the dates covered (*flow*), a
running total since the start (*cumulative*), a total since 1 January (*year to date*), or a rate
or average over the dates (*rate*). An indicator says what its target is: a level at the target
date, a total per year, or a total since the baseline. Levels and rates are compared as they
are. Against a yearly target, a flow, cumulative or year-to-date value is annualised over the days
it covers (× 365 / days: for a year-to-date count the same as pro-rating the target to the part
of the year elapsed); a span of 360–366 days is a year already; a span under 28 days, or one not
known, is not compared. Against a total since the baseline, cumulative values (and flows that start
within a month of the baseline date) are compared as they are. Against a level at a date, a flow
or a year-to-date count is not compared. A value that is not compared is shown with the reason,
never rated; ratings and trends use compared values only.

**Roll-up** (:func:`roll_up`) for benchmarks (over their indicators) and frameworks (over all
their indicators): on track counts 2, at risk 1, off track 0; the mean of the rated indicators
is on track from 1.5, at risk from 0.75, off track below. Indicators without data are left out;
when none has data the result is *no data*; :func:`roll_up_counts` gives the same from how many of
each rating (counted by the database).

**Stored.** The benchmarks app keeps each indicator's result of :func:`rate` in a table, written
by the services that change what it depends on (``ssrmonitor.benchmarks.progress_store``), so
that pages of many indicators count stored ratings; the rule stays here, once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

ON_TRACK_GAP = Decimal(10)
AT_RISK_GAP = Decimal(25)
MILESTONE_AT_RISK_SHARE = Decimal("0.75")
TREND_WINDOW = 3
TREND_TOLERANCE = Decimal("0.02")
_HUNDRED = Decimal(100)
YEAR_DAYS = Decimal(365)
FULL_YEAR_DAYS = (360, 366)
MIN_ANNUALISED_DAYS = 28
BASELINE_SLACK_DAYS = 31


class ValueNature(models.TextChoices):
    """What a value is, over the dates it covers."""

    STOCK = "stock", _("A level at a date")
    FLOW = "flow", _("A total over the dates covered")
    CUMULATIVE = "cumulative", _("A running total since the start of the dates covered")
    YEAR_TO_DATE = "year_to_date", _("A total since 1 January")
    RATE = "rate", _("A rate or average over the dates covered")


class TargetBasis(models.TextChoices):
    """What an indicator's target is."""

    AT_DATE = "at_date", _("A level to reach by the target date")
    PER_YEAR = "per_year", _("A total per year")
    CUMULATIVE = "cumulative", _("A total since the baseline")


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
    """An approved value at the end of the dates it covers (``start`` to ``day``).

    ``start`` is ``None`` for a level at ``day``; ``nature`` is a :class:`ValueNature` value.
    """

    day: date
    value: Decimal
    start: date | None = None
    nature: str = ValueNature.STOCK


@dataclass(frozen=True)
class Spec:
    """What the rules need to know of an indicator."""

    baseline: Decimal | None
    target: Decimal | None
    baseline_date: date | None
    target_date: date | None
    is_milestone: bool = False
    increase: bool = True
    basis: str = TargetBasis.AT_DATE


@dataclass(frozen=True)
class Progress:
    """Computed progress of one indicator.

    ``latest`` is the latest *compared* value (annualised when ``annualised``); ``note`` says how
    it was made comparable, or why the latest value reported was not compared; ``excluded``
    counts the values not compared.
    """

    latest: Point | None
    percent: Decimal | None
    expected_percent: Decimal | None
    trend: Trend
    rating: Rating
    annualised: bool = False
    note: str = ""
    excluded: int = 0


@dataclass(frozen=True)
class Comparison:
    """A value as compared with baseline and target: ``None`` when it cannot be, with why."""

    value: Decimal | None
    annualised: bool = False
    reason: str = ""


def covered_days(point: Point) -> int | None:
    """How many days the value covers, both ends included (``None`` for a level at a date)."""
    return None if point.start is None else (point.day - point.start).days + 1


def _per_year(point: Point) -> Comparison:
    days = covered_days(point)
    if days is None:
        return Comparison(
            None,
            reason=gettext_now(
                "The dates it covers are not known: it is not compared with a yearly target."
            ),
        )
    if FULL_YEAR_DAYS[0] <= days <= FULL_YEAR_DAYS[1]:
        return Comparison(point.value)
    if days < MIN_ANNUALISED_DAYS:
        return Comparison(
            None,
            reason=gettext_now(
                "It covers only %(days)d days: too short to compare with a yearly target."
            )
            % {"days": days},
        )
    value = (point.value * YEAR_DAYS / Decimal(days)).quantize(Decimal("0.1"))
    return Comparison(value, annualised=True, reason=gettext_now(
        "Annualised: %(value)s over %(days)d days (%(start)s to %(end)s), about %(year)s a year.")
        % {"value": point.value.normalize(), "days": days, "start": point.start,
           "end": point.day, "year": value.normalize()})  # fmt: skip


def compare(spec: Spec, point: Point) -> Comparison:
    """``point`` made comparable with the indicator's target, or why it cannot be (the rules)."""
    if point.nature in (ValueNature.STOCK, ValueNature.RATE):
        return Comparison(point.value)
    if spec.basis == TargetBasis.PER_YEAR:
        return _per_year(point)
    if spec.basis == TargetBasis.CUMULATIVE:
        near_baseline = (
            point.start is not None
            and spec.baseline_date is not None
            and abs((point.start - spec.baseline_date).days) <= BASELINE_SLACK_DAYS
        )
        if point.nature == ValueNature.CUMULATIVE or (
            point.nature == ValueNature.FLOW and near_baseline
        ):
            return Comparison(point.value)
        return Comparison(
            None,
            reason=gettext_now("A count over part of the time is not a total since the baseline."),
        )
    if point.nature == ValueNature.CUMULATIVE:
        return Comparison(point.value)
    return Comparison(
        None,
        reason=gettext_now(
            "A total over a span of time is not a level at a date: "
            "it is not compared with the target."
        ),
    )


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


def _compared(spec: Spec, points: Sequence[Point]) -> tuple[list[Point], bool, str, int]:
    """The compared points, whether the latest of them is annualised, the note and how many
    were left out (the note is why the latest value reported was left out, if it was)."""
    compared: list[tuple[Point, Comparison]] = [(p, compare(spec, p)) for p in points]
    kept = [Point(p.day, c.value, p.start, p.nature) for p, c in compared if c.value is not None]
    excluded = len(compared) - len(kept)
    used = [c for _, c in compared if c.value is not None]
    annualised = used[-1].annualised if used else False
    last = compared[-1][1] if compared else Comparison(None)
    return kept, annualised, last.reason, excluded


def rate(spec: Spec, points: Sequence[Point]) -> Progress:
    """Rate one indicator from its approved values, sorted by date (see the module rules)."""
    ordered, annualised, note, excluded = _compared(
        spec, sorted(points, key=lambda point: point.day)
    )
    direction = trend(spec, ordered)

    def done(percent: Decimal | None, expected: Decimal | None, rating: Rating) -> Progress:
        latest = ordered[-1] if ordered else None
        return Progress(latest, percent, expected, direction, rating, annualised, note, excluded)

    if not ordered:
        return done(None, None, Rating.NO_DATA)
    latest = ordered[-1]
    percent = percent_of_way(spec, latest.value, first=ordered[0].value)
    if percent is None:
        return done(None, None, Rating.NO_DATA)
    if percent >= _HUNDRED:
        return done(percent, None, Rating.ON_TRACK)
    if spec.target_date is not None and latest.day > spec.target_date:
        return done(percent, _HUNDRED, Rating.OFF_TRACK)
    rating, expected = _rate_against_time(spec, percent, latest.day)
    return done(percent, expected, rating)


_SCORES = {Rating.ON_TRACK: 2, Rating.AT_RISK: 1, Rating.OFF_TRACK: 0}


def roll_up(ratings: Iterable[Rating]) -> Rating:
    """Combine indicator ratings into one (see the module rules)."""
    return roll_up_counts(count_ratings(ratings))


def roll_up_counts(counts: Mapping[Rating, int]) -> Rating:
    """:func:`roll_up` of ratings given as how many of each (e.g. counted by the database)."""
    rated = sum(count for rating, count in counts.items() if rating is not Rating.NO_DATA)
    if not rated:
        return Rating.NO_DATA
    total = sum(_SCORES[rating] * count for rating, count in counts.items() if rating in _SCORES)
    mean = Decimal(total) / rated
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
