"""Read side of the benchmark API: guarded look-ups, roll-ups in few queries, serialisation.

Every queryset here starts from :mod:`ssrmonitor.benchmarks.permissions`; progress comes from
:mod:`ssrmonitor.benchmarks.selectors` (approved values only, so everyone sees the same).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import (
    Benchmark,
    Framework,
    Indicator,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.benchmarks.selectors import progress_of, rating_counts
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country, Mission
from ssrmonitor.core.periods import PeriodParseError, ReportingPeriod
from ssrmonitor.core.permissions import Action, has_action
from ssrmonitor.core.progress import Progress, Rating, roll_up_counts


def number(value: Decimal | None) -> float | None:
    """A decimal as a JSON number."""
    return None if value is None else float(value)


def country_by_iso2(iso2: str, field_name: str = "country") -> Country:
    """The country, or a 422 naming ``field_name``."""
    country = Country.objects.filter(iso2=iso2.upper()).first()
    if country is None:
        raise ValidationFailed.one(
            field_name, _("%r is not an ISO 3166-1 alpha-2 country code.") % iso2
        )
    return country


def mission_by_acronym(acronym: str | None) -> Mission | None:
    """The mission, ``None`` for no mission, or a 422 on ``mission``."""
    if acronym is None or acronym == "":
        return None
    mission = Mission.objects.filter(acronym__iexact=acronym).first()
    if mission is None:
        raise ValidationFailed.one("mission", _("No mission has the acronym %r.") % acronym)
    return mission


def period_bound(text: str, field_name: str) -> ReportingPeriod:
    """A reporting period given as a filter, or a 422 naming the filter."""
    try:
        return ReportingPeriod.parse(text)
    except PeriodParseError as exc:
        raise ValidationFailed.one(field_name, str(exc)) from None


@dataclass
class Rollup:
    """Rating of a group of indicators and how many have each rating."""

    counts: dict[Rating, int] = field(default_factory=lambda: dict.fromkeys(Rating, 0))

    @property
    def rating(self) -> Rating:
        return roll_up_counts(self.counts)

    def out(self) -> dict[str, Any]:
        return {
            "rating": self.rating,
            "counts": {str(rating): self.counts.get(rating, 0) for rating in Rating},
            "indicator_count": sum(self.counts.values()),
        }


def rollups(key: str, ids: Iterable[int]) -> dict[int, Rollup]:
    """Roll-ups of the indicators of each benchmark (``key="benchmark"``) or framework, from
    the stored ratings in one query."""
    lookup = "benchmark_id" if key == "benchmark" else "benchmark__framework_id"
    counts = rating_counts(
        Indicator.objects.filter(**{f"{lookup}__in": list(ids)}),
        by="benchmark" if key == "benchmark" else "framework",
    )
    return {owner: Rollup(found) for owner, found in counts.items()}


def framework_out(framework: Framework, rollup: Rollup, benchmark_count: int) -> dict[str, Any]:
    return {
        "id": framework.pk,
        "country": framework.country.iso2,
        "country_name": framework.country.name,
        "mission": framework.mission.acronym if framework.mission else None,
        **{
            name: getattr(framework, name)
            for name in (
                "title",
                "kind",
                "source_document",
                "source_title",
                "source_location",
                "adoption_date",
                "end_date",
                "status",
                "is_published",
                "notes",
            )
        },
        **rollup.out(),
        "benchmark_count": benchmark_count,
        "url": framework.get_absolute_url(),
    }


def frameworks_out(frameworks: Sequence[Framework]) -> list[dict[str, Any]]:
    """Frameworks with roll-ups, in three queries whatever their number."""
    ids = [framework.pk for framework in frameworks]
    grouped = rollups("framework", ids)
    benchmark_counts: dict[int, int] = defaultdict(int)
    for framework_id in Benchmark.objects.filter(framework_id__in=ids).values_list(
        "framework_id", flat=True
    ):
        benchmark_counts[framework_id] += 1
    return [
        framework_out(fw, grouped.get(fw.pk, Rollup()), benchmark_counts[fw.pk])
        for fw in frameworks
    ]


def benchmarks_out(benchmarks: Sequence[Benchmark]) -> list[dict[str, Any]]:
    """Benchmarks with roll-ups, in two queries whatever their number."""
    grouped = rollups("benchmark", [benchmark.pk for benchmark in benchmarks])
    return [
        {
            "id": bench.pk,
            "framework_id": bench.framework_id,
            "country": bench.framework.country.iso2,
            **{
                name: getattr(bench, name)
                for name in ("code", "text", "area", "component", "owner", "position", "notes")
            },
            **grouped.get(bench.pk, Rollup()).out(),
        }
        for bench in benchmarks
    ]


def approved_periods(indicator_ids: Iterable[int]) -> dict[int, dict[date, ReportingPeriod]]:
    """The period of each approved value of each indicator, by the last day it covers (and by
    its period's end), in one query."""
    rows = (
        Measurement.objects.filter(
            indicator_id__in=list(indicator_ids), status=MeasurementStatus.APPROVED
        )
        .order_by("period_end", "period_start")
        .values_list("indicator_id", "period", "period_end", "coverage_end")
    )
    periods: dict[int, dict[date, ReportingPeriod]] = defaultdict(dict)
    for indicator_id, period, period_end, coverage_end in rows:  # oldest first: the latest wins
        periods[indicator_id][period_end] = period
        periods[indicator_id][coverage_end or period_end] = period
    return periods


def progress_out(progress: Progress, periods: dict[date, ReportingPeriod]) -> dict[str, Any]:
    """The progress; the latest period is that of the latest value compared."""
    period = periods.get(progress.latest.day) if progress.latest else None
    return {
        "percent": number(progress.percent),
        "expected_percent": number(progress.expected_percent),
        "trend": progress.trend,
        "rating": progress.rating,
        "latest_value": number(progress.latest.value) if progress.latest else None,
        "latest_period": str(period) if period else None,
        "latest_period_end": progress.latest.day if progress.latest else None,
        "annualised": progress.annualised,
        "note": progress.note,
        "excluded": progress.excluded,
    }


_INDICATOR_DECIMALS = ("minimum", "maximum", "baseline_value", "target_value")
_INDICATOR_PLAIN = (
    "code",
    "definition",
    "kind",
    "unit",
    "direction",
    "baseline_text",
    "baseline_date",
    "target_text",
    "target_date",
    "target_basis",
    "data_source",
    "source",
    "source_spec",
    "frequency",
    "responsible_entity",
    "position",
    "notes",
)


def indicators_out(indicators: Sequence[Indicator]) -> list[dict[str, Any]]:
    """Indicators with their progress, in two queries whatever their number.

    The indicators must come with ``benchmark__framework__country`` selected.
    """
    progress = progress_of(indicators)
    periods = approved_periods(ind.pk for ind in indicators)
    return [
        {
            "id": ind.pk,
            "benchmark_id": ind.benchmark_id,
            "framework_id": ind.benchmark.framework_id,
            "country": ind.benchmark.framework.country.iso2,
            **{name: getattr(ind, name) for name in _INDICATOR_PLAIN},
            **{name: number(getattr(ind, name)) for name in _INDICATOR_DECIMALS},
            "disaggregations": list(ind.disaggregations or []),
            "progress": progress_out(progress[ind.pk], periods.get(ind.pk, {})),
            "url": ind.get_absolute_url(),
        }
        for ind in indicators
    ]


MEASUREMENT_RELATED = ("indicator__benchmark__framework__country", "author", "reviewed_by")


def measurements_queryset(queryset: QuerySet[Measurement]) -> QuerySet[Measurement]:
    """What :func:`measurement_out` reads, fetched up front."""
    return queryset.select_related(*MEASUREMENT_RELATED).prefetch_related("disaggregated_values")


def _username(user: User | None) -> str | None:
    return user.get_username() if user is not None else None


def measurement_out(measurement: Measurement, viewer: Viewer) -> dict[str, Any]:
    """One measurement; who wrote and reviewed it is shown to members of its country only."""
    indicator = measurement.indicator
    framework = indicator.benchmark.framework
    internal = has_action(viewer, framework.country_id, Action.VIEW_INTERNAL)
    return {
        "id": measurement.pk,
        "indicator_id": indicator.pk,
        "indicator_code": indicator.code,
        "framework_id": framework.pk,
        "country": framework.country.iso2,
        "period": str(measurement.period),
        "unit": indicator.unit,
        "value": float(measurement.value),
        **{
            name: getattr(measurement, name)
            for name in (
                "period_start",
                "period_end",
                "coverage_start",
                "coverage_end",
                "nature",
                "value_text",
                "narrative",
                "obstacles",
                "status",
                "is_illustrative",
                "source_document",
                "submitted_at",
                "reviewed_at",
            )
        },
        "disaggregations": [
            {"dimension": row.dimension, "category": row.category, "value": float(row.value)}
            for row in measurement.disaggregated_values.all()
        ],
        "author": _username(measurement.author) if internal else None,
        "reviewed_by": _username(measurement.reviewed_by) if internal else None,
        "review_comment": measurement.review_comment if internal else None,
        "url": measurement.get_absolute_url(),
    }
