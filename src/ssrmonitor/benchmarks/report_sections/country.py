"""The benchmark section (OP 20(e)): progress against the benchmarks, obstacles, charts, sources.

``collect`` reads frameworks, indicators and approved measurements through
:mod:`ssrmonitor.benchmarks.permissions` and rates each indicator with the pure rules of
:mod:`ssrmonitor.core.progress`, judged at the end of the report period (values of later
periods are left out). Each value keeps the dates it covers and its nature, and how it was
compared with the target (annualised, or not compared and why). Draft, submitted and returned
values never enter: the measurement query asks for approved ones only. Host-country commitments
(benchmarks the host country owns) are kept apart from those of the UN and joint ones.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.utils.translation import get_language

from ssrmonitor.benchmarks.models import (
    Framework,
    FrameworkStatus,
    Indicator,
    MeasurementStatus,
    Owner,
)
from ssrmonitor.benchmarks.permissions import (
    benchmarks_visible_to,
    frameworks_visible_to,
    indicators_visible_to,
    measurements_visible_to,
)
from ssrmonitor.benchmarks.published import cached_published, scope
from ssrmonitor.benchmarks.report_sections.country_build import build_benchmarks
from ssrmonitor.benchmarks.selectors import POINT_FIELDS, measured_point, spec_of
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.progress import Comparison, Point, Progress, Rating, compare, rate, roll_up
from ssrmonitor.core.sections import CollectContext, Scope, SectionParts, report_viewer


def reported_frameworks(viewer: Viewer, period: ReportingPeriod) -> Any:
    """Adopted (not draft) frameworks ``viewer`` may see that were active in the period: adopted
    by its end and not ended before its start (issue 14: a 2019 report of Haiti opened with the
    MINUSTAH frameworks that ended in 2017)."""
    adopted = Q(adoption_date__isnull=True) | Q(adoption_date__lte=period.end)
    not_ended = Q(end_date__isnull=True) | Q(end_date__gte=period.start)
    return (
        frameworks_visible_to(viewer)
        .exclude(status=FrameworkStatus.DRAFT)
        .filter(adopted, not_ended)
        .select_related("country", "mission")
        .order_by("country__name", "adoption_date", "title", "id")
    )


def _text(value: Any) -> str | None:
    return None if value is None else plain(value)


def _day(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def approved_rows(viewer: Viewer, indicators: list[Indicator], period: ReportingPeriod) -> Any:
    """Approved values of ``indicators`` up to the end of ``period``, oldest first (one query)."""
    return (
        measurements_visible_to(viewer)
        .filter(
            indicator__in=[ind.pk for ind in indicators],
            status=MeasurementStatus.APPROVED,
            period_end__lte=period.end,
        )
        .order_by("indicator_id", "period_end", "period_start")
        .values(
            "indicator_id",
            "period",
            *POINT_FIELDS,
            "is_illustrative",
            "obstacles",
            "source_document",
        )
    )


def _point(row: dict[str, Any], point: Point, comparison: Comparison) -> dict[str, Any]:
    """One approved value: as reported, the dates it covers, and as compared with the target
    (``compared`` is ``None`` with the ``reason`` when it is not; annualised, it says how)."""
    return {
        "period": str(row["period"]),
        "day": _day(point.day),
        "start": _day(point.start),
        "nature": point.nature,
        "value": _text(row["value"]),
        "compared": _text(comparison.value),
        "annualised": comparison.annualised,
        "reason": comparison.reason,
        "illustrative": bool(row["is_illustrative"]),
    }


def _indicator(indicator: Indicator, rows: list[dict[str, Any]]) -> dict[str, Any]:
    points = [measured_point(*(row[name] for name in POINT_FIELDS)) for row in rows]
    progress: Progress = rate(spec_of(indicator), points)
    latest = rows[-1] if rows else None
    spec = spec_of(indicator)
    pairs = zip(rows, points, strict=True)
    entries = [_point(row, point, compare(spec, point)) for row, point in pairs]
    return {
        "code": indicator.code,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "increase": indicator.direction == "increase",
        "baseline": _text(indicator.baseline_value),
        "baseline_text": indicator.baseline_text,
        "baseline_date": _day(indicator.baseline_date),
        "target": _text(indicator.target_value),
        "target_text": indicator.target_text,
        "target_date": _day(indicator.target_date),
        "target_basis": indicator.target_basis,
        "data_source": indicator.data_source,
        "latest": entries[-1] if entries else None,
        "annualised": progress.annualised,
        "note": progress.note,
        "excluded": progress.excluded,
        "percent": _text(progress.percent),
        "rating": str(progress.rating),
        "trend": str(progress.trend),
        "obstacles": (latest or {}).get("obstacles", "").strip(),
        "points": entries,
        "documents": sorted({row["source_document"] for row in rows if row["source_document"]}),
    }  # fmt: skip


def _framework(framework: Framework, benchmarks: list[dict[str, Any]]) -> dict[str, Any]:
    ratings = [Rating(ind["rating"]) for bench in benchmarks for ind in bench["indicators"]]
    return {
        "title": framework.title,
        "kind": framework.kind,
        "mission": framework.mission.acronym if framework.mission else "",
        "source_document": framework.source_document,
        "source_title": framework.source_title,
        "adoption_date": _day(framework.adoption_date),
        "rating": str(roll_up(ratings)),
        "benchmarks": benchmarks,
    }


def collect_frameworks(
    viewer: Viewer, frameworks: list[Framework], period: ReportingPeriod
) -> list[dict[str, Any]]:
    """The JSON of ``frameworks`` with their benchmarks, indicators and approved values."""
    ids = [fw.pk for fw in frameworks]
    indicators = list(
        indicators_visible_to(viewer)
        .filter(benchmark__framework__in=ids)
        .order_by("benchmark_id", "position", "id")
    )
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in approved_rows(viewer, indicators, period):
        rows[row["indicator_id"]].append(row)
    by_benchmark: dict[int, list[Indicator]] = defaultdict(list)
    for ind in indicators:
        by_benchmark[ind.benchmark_id].append(ind)
    benchmarks: dict[int, list[Any]] = defaultdict(list)
    ordered = benchmarks_visible_to(viewer).filter(framework__in=ids).order_by("position", "id")
    for bench in ordered:  # benchmarks without indicators too: they show as "no data"
        benchmarks[bench.framework_id].append(bench)
    result = []
    for framework in frameworks:
        items = []
        for bench in benchmarks[framework.pk]:
            inds = [_indicator(ind, rows[ind.pk]) for ind in by_benchmark[bench.pk]]
            rating = roll_up(Rating(ind["rating"]) for ind in inds)
            items.append({
                "code": bench.code, "text": bench.text, "area": bench.area,
                "component": bench.component, "owner": bench.owner,
                "host": bench.owner == Owner.HOST, "rating": str(rating), "indicators": inds,
            })  # fmt: skip
        result.append(_framework(framework, items))
    return result


def _collected(viewer: Viewer, context: CollectContext) -> dict[str, Any] | None:
    """The section's data, the same for everyone who sees the same frameworks: approved values
    only (kept until the published data changes, see :mod:`ssrmonitor.benchmarks.published`)."""
    frameworks = list(reported_frameworks(viewer, context.period).filter(
        country=context.country))  # fmt: skip
    if not frameworks:
        return None
    return {
        "period_end": context.period.end.isoformat(),
        "frameworks": collect_frameworks(viewer, frameworks, context.period),
    }


class BenchmarkSection:
    """Progress against the country's benchmarks, host-country commitments, charts, sources."""

    key = "benchmarks"
    order = 10
    scope: Scope = "country"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """The country's adopted frameworks with rated indicators; ``None`` when it has none."""
        viewer = report_viewer(context)
        place = context.country.pk if context.country is not None else None
        # the comparisons' reasons and the progress notes are translated when collected
        parts = (scope(viewer), place, str(context.period), get_language())
        return cached_published("report-benchmarks", parts, lambda: _collected(viewer, context))

    def build(self, data: dict[str, Any]) -> SectionParts:
        return build_benchmarks(data)
