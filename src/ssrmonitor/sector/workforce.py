"""Women's share of personnel by rank category, over time, and progress to national targets.

Pure functions over plain counts. Progress towards a target uses the benchmark rules
(:func:`ssrmonitor.core.progress.rate` with a :class:`~ssrmonitor.core.progress.Spec`),
so a target for women's share is rated exactly like an indicator: percent of the way from the
baseline to the target, judged against the time elapsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ssrmonitor.core.progress import Point, Progress, Spec, Trend, rate, trend

FEMALE = "female"
ALL_RANKS = ""
_PERCENT = Decimal("0.1")


@dataclass(frozen=True)
class Strength:
    """Persons of one sex in one rank category (summed over units, ages and regions)."""

    rank: str
    sex: str
    count: int


def women_share(counts: Iterable[Strength], rank: str = ALL_RANKS) -> Decimal | None:
    """Women as a percentage of the persons of ``rank`` (all ranks when empty), to 0.1."""
    chosen = [item for item in counts if rank in (ALL_RANKS, item.rank)]
    everyone = sum(item.count for item in chosen)
    if everyone == 0:
        return None
    women = sum(item.count for item in chosen if item.sex == FEMALE)
    return (Decimal(100) * women / everyone).quantize(_PERCENT)


def shares_by_rank(counts: Sequence[Strength], ranks: Sequence[str]) -> dict[str, Decimal | None]:
    """Women's share for each rank category and for all ranks (key ``""``)."""
    result = {rank: women_share(counts, rank) for rank in ranks}
    result[ALL_RANKS] = women_share(counts)
    return result


@dataclass(frozen=True)
class Target:
    """A national target for women's share (%)."""

    target: Decimal
    baseline: Decimal | None
    baseline_date: date | None
    target_date: date | None


def target_progress(target: Target, series: Mapping[date, Decimal | None]) -> Progress:
    """Rate the women's-share series (period end → share) against ``target``."""
    points = [Point(day, value) for day, value in sorted(series.items()) if value is not None]
    spec = Spec(
        baseline=target.baseline,
        target=target.target,
        baseline_date=target.baseline_date,
        target_date=target.target_date,
        increase=True,
    )
    return rate(spec, points)


def share_trend(series: Mapping[date, Decimal | None]) -> Trend:
    """Direction of women's share over the last three published values (higher is better).

    Without a target there is no tolerance band: any rise is *improving*, any fall
    *worsening* (the benchmark rule with a zero-width band).
    """
    points = [Point(day, value) for day, value in sorted(series.items()) if value is not None]
    return trend(Spec(None, None, None, None, increase=True), points)
