"""Read-side helpers: progress of many indicators in few queries, summaries per country.

Callers pass querysets already filtered by :mod:`ssrmonitor.benchmarks.permissions`; these
functions never widen them. Progress counts approved measurements only, so every viewer sees
the same ratings. A personnel-fed indicator (``source`` is ``sector_women_share``) takes its
points from the sector's personnel returns instead (:func:`personnel_series`), only those the
sector's disclosure rules allow publishing, so its rating is also the same for every viewer.
A survey-fed indicator (``perception_share``) takes the published estimates of a perception
survey item, one per round (:func:`perception_series`), each with its 95 % interval.

Progress compares like with like (:func:`ssrmonitor.core.progress.compare`): each value is read
with what it covers (:func:`measured_point`) and each indicator with what its target is
(:func:`spec_of`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet

from ssrmonitor.benchmarks.models import (
    Benchmark,
    Direction,
    Framework,
    FrameworkStatus,
    Indicator,
    IndicatorKind,
    IndicatorProgress,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.benchmarks.permissions import frameworks_visible_to
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.core.progress import (
    Point,
    Progress,
    Rating,
    Spec,
    ValueNature,
    rate,
    roll_up,
    roll_up_counts,
)
from ssrmonitor.perceptions.selectors import SurveyPoint, item_series
from ssrmonitor.sector.selectors import SharePoint, women_share_series


def spec_of(indicator: Indicator) -> Spec:
    """What the progress rules need to know of ``indicator``."""
    return Spec(
        baseline=indicator.baseline_value,
        target=indicator.target_value,
        baseline_date=indicator.baseline_date,
        target_date=indicator.target_date,
        is_milestone=indicator.kind == IndicatorKind.MILESTONE,
        increase=indicator.direction == Direction.INCREASE,
        basis=indicator.target_basis,
    )


#: The fields of a measurement :func:`measured_point` reads, in its order (for ``values_list``).
POINT_FIELDS = ("value", "period_start", "period_end", "coverage_start", "coverage_end", "nature")


def measured_point(
    value: Decimal,
    period_start: date,
    period_end: date,
    coverage_start: date | None = None,
    coverage_end: date | None = None,
    nature: str = ValueNature.STOCK,
) -> Point:
    """A value as the progress rules read it: at the last day it covers, over the days it covers.

    Empty coverage dates are the reporting period's; a level (*stock*) covers no span.
    """
    start = None if nature == ValueNature.STOCK else (coverage_start or period_start)
    return Point(coverage_end or period_end, value, start, nature)


def point_of(measurement: Measurement) -> Point:
    """:func:`measured_point` of a measurement."""
    m = measurement
    return measured_point(
        m.value, m.period_start, m.period_end, m.coverage_start, m.coverage_end, m.nature
    )


def approved_points(indicator_ids: Iterable[int]) -> dict[int, list[Point]]:
    """Approved values of each indicator, oldest first, in one query."""
    points: dict[int, list[Point]] = defaultdict(list)
    rows = (
        Measurement.objects.filter(
            indicator_id__in=list(indicator_ids), status=MeasurementStatus.APPROVED
        )
        .order_by("period_end", "period_start")
        .values_list("indicator_id", *POINT_FIELDS)
    )
    for indicator_id, *fields in rows:
        points[indicator_id].append(measured_point(*fields))
    return points


def personnel_series(indicator: Indicator) -> list[SharePoint]:
    """The publishable women's shares feeding a personnel-fed indicator (one query)."""
    spec = indicator.source_spec or {}
    institution = spec.get("institution")
    if not indicator.is_personnel_fed or not isinstance(institution, int):
        return []
    return women_share_series(institution, spec.get("rank") or "", published=True)


def perception_series(indicator: Indicator) -> list[SurveyPoint]:
    """The published survey estimates feeding a survey-fed indicator, oldest first (one query).

    ``source_spec`` names the crosswalk item and, optionally, a group (``sex``/``woman``,
    ``age_band``/``18-35`` …); only published surveys with fieldwork dates count.
    """
    spec = indicator.source_spec or {}
    item = spec.get("item")
    if not indicator.is_survey_fed or not isinstance(item, str) or not item:
        return []
    country_id = indicator.benchmark.framework.country_id
    return item_series(country_id, item, spec.get("group") or "", spec.get("value") or "")


def progress_of(indicators: Iterable[Indicator]) -> dict[int, Progress]:
    """Progress of each indicator, keyed by id.

    One query for all measured indicators, plus one per fed indicator.
    """
    items = list(indicators)
    points = approved_points(item.pk for item in items if not item.is_fed)
    for item in items:
        if item.is_personnel_fed:
            points[item.pk] = [Point(p.day, p.share) for p in personnel_series(item)]
        elif item.is_survey_fed:
            points[item.pk] = [Point(p.day, p.share) for p in perception_series(item)]
    return {item.pk: rate(spec_of(item), points.get(item.pk, [])) for item in items}


def rating_counts(indicators: QuerySet[Indicator], by: str) -> dict[int, dict[Rating, int]]:
    """How many of ``indicators`` have each rating, per framework (``by="framework"``) or per
    benchmark (``by="benchmark"``), counted by the database from the stored ratings (see
    :mod:`ssrmonitor.benchmarks.progress_store`); indicators without one are rated on the spot.
    """
    field = "benchmark_id" if by == "benchmark" else "benchmark__framework_id"
    rows = indicators.order_by().values(field, "stored_progress__rating").annotate(n=Count("id"))
    counts: dict[int, dict[Rating, int]] = defaultdict(lambda: dict.fromkeys(Rating, 0))
    missing = False
    for row in rows:
        rating = row["stored_progress__rating"]
        if rating is None:
            missing = True
            continue
        counts[row[field]][Rating(rating)] += row["n"]
    if missing:
        unrated = list(
            indicators.filter(stored_progress__isnull=True).select_related("benchmark__framework")
        )
        progress = progress_of(unrated)
        for ind in unrated:
            owner = ind.benchmark_id if by == "benchmark" else ind.benchmark.framework_id
            counts[owner][progress[ind.pk].rating] += 1
    return counts


def stored_ratings(indicators: Sequence[Indicator]) -> dict[int, Rating]:
    """The rating of each indicator from the stored rows (rated on the spot where none is)."""
    found = IndicatorProgress.objects.filter(pk__in=[ind.pk for ind in indicators])
    ratings = {pk: Rating(rating) for pk, rating in found.values_list("pk", "rating")}
    unrated = [ind for ind in indicators if ind.pk not in ratings]
    if unrated:
        ratings.update({pk: p.rating for pk, p in progress_of(unrated).items()})
    return ratings


@dataclass
class BenchmarkView:
    benchmark: Benchmark
    indicators: list[tuple[Indicator, Progress]]
    rating: Rating


@dataclass
class FrameworkView:
    framework: Framework
    benchmarks: list[BenchmarkView]
    rating: Rating
    counts: dict[Rating, int] = field(default_factory=dict)

    @property
    def indicator_count(self) -> int:
        return sum(len(b.indicators) for b in self.benchmarks)


def framework_view(framework: Framework) -> FrameworkView:
    """A framework with its benchmarks, indicators, their progress and the roll-ups."""
    benchmarks = list(framework.benchmarks.prefetch_related("indicators"))
    indicators = [ind for bench in benchmarks for ind in bench.indicators.all()]
    progress = progress_of(indicators)
    views = []
    for bench in benchmarks:
        rows = [(ind, progress[ind.pk]) for ind in bench.indicators.all()]
        views.append(BenchmarkView(bench, rows, roll_up(p.rating for _, p in rows)))
    ratings = [progress[ind.pk].rating for ind in indicators]
    counts = {r: sum(1 for x in ratings if x is r) for r in Rating}
    return FrameworkView(framework, views, roll_up(ratings), counts)


def framework_ratings(frameworks: QuerySet[Framework]) -> dict[int, Rating]:
    """Overall rating of each framework, from the stored ratings in one query."""
    counts = rating_counts(
        Indicator.objects.filter(benchmark__framework__in=frameworks), by="framework"
    )
    return {fw.pk: roll_up_counts(counts.get(fw.pk, {})) for fw in frameworks}


@dataclass
class CountrySummary:
    country: Country
    frameworks: list[tuple[Framework, Rating]]
    rating: Rating


def country_summaries(user: Viewer) -> list[CountrySummary]:
    """Countries with active frameworks ``user`` may see, each with its overall rating."""
    frameworks = (
        frameworks_visible_to(user)
        .filter(status=FrameworkStatus.ACTIVE)
        .select_related("country", "mission")
        .order_by("country__name", "title")
    )
    ratings = framework_ratings(frameworks)
    grouped: dict[int, CountrySummary] = {}
    for fw in frameworks:
        summary = grouped.setdefault(fw.country_id, CountrySummary(fw.country, [], Rating.NO_DATA))
        summary.frameworks.append((fw, ratings[fw.pk]))
    for summary in grouped.values():
        summary.rating = roll_up(rating for _, rating in summary.frameworks)
    return list(grouped.values())
