"""Reading pages: a country's frameworks, a framework's benchmarks, an indicator and its chart.

Every value is shown with what it covers and how it compares with the target: annualised for a
yearly target (and marked so), or not compared, with the reason (:mod:`ssrmonitor.core.progress`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ssrmonitor.benchmarks.charts import annualised_note, compared, spec_for
from ssrmonitor.benchmarks.filters import FrameworkFilters, filter_rows, is_folded
from ssrmonitor.benchmarks.models import (
    Component,
    Framework,
    FrameworkStatus,
    Indicator,
    Measurement,
    MeasurementStatus,
    Owner,
)
from ssrmonitor.benchmarks.permissions import (
    access_framework_by_id,
    access_indicator_by_id,
    approved_measurements_of,
    can_edit_framework,
    can_enter_data,
    frameworks_visible_to,
    indicators_visible_to,
    measurements_visible_to,
)
from ssrmonitor.benchmarks.published import cached_published
from ssrmonitor.benchmarks.sdg_side import side_by_side
from ssrmonitor.benchmarks.selectors import (
    BenchmarkView,
    framework_view,
    perception_series,
    personnel_series,
    progress_of,
    rating_counts,
)
from ssrmonitor.core.charts import ChartPoint, ChartSpec, render_chart
from ssrmonitor.core.filters import cacheable_query
from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, render_page
from ssrmonitor.core.permissions import access_country_by_iso2
from ssrmonitor.core.progress import (
    Comparison,
    Progress,
    Rating,
    ValueNature,
    roll_up_counts,
)
from ssrmonitor.perceptions.sdg.views import series_values
from ssrmonitor.sector.models import RankCategory
from ssrmonitor.sector.permissions import institutions_visible_to
from ssrmonitor.sector.selectors import SharePoint, institution_name

_STATUS_ORDER = {FrameworkStatus.ACTIVE: 0, FrameworkStatus.DRAFT: 1, FrameworkStatus.CLOSED: 2}


@dataclass
class FrameworkSummary:
    """A framework on its country's page: overall rating and how many indicators of each."""

    framework: Framework
    rating: Rating
    counts: list[tuple[Rating, int]]
    indicator_count: int


@dataclass
class IndicatorRow:
    """An indicator of the framework page, with its progress and a sparkline."""

    indicator: Indicator
    progress: Progress
    sparkline: str


@dataclass
class ValueRow:
    """A value of the indicator page, with how it compares with the target.

    ``note`` says how an annualised value was made (empty otherwise).
    """

    measurement: Measurement
    comparison: Comparison
    note: str = ""


@dataclass
class BenchmarkRow:
    """A benchmark of the framework page with its rated indicators."""

    view: BenchmarkView
    rows: list[IndicatorRow]


def _summaries(request: HtmxHttpRequest, frameworks: list[Framework]) -> list[FrameworkSummary]:
    """Rating and counts of each framework, from the stored ratings in one query."""
    counts = rating_counts(
        indicators_visible_to(request.user).filter(
            benchmark__framework__in=[fw.pk for fw in frameworks]
        ),
        by="framework",
    )
    empty = dict.fromkeys(Rating, 0)
    return [
        FrameworkSummary(
            framework=fw,
            rating=roll_up_counts(counts.get(fw.pk, empty)),
            counts=list(counts.get(fw.pk, empty).items()),
            indicator_count=sum(counts.get(fw.pk, empty).values()),
        )
        for fw in frameworks
    ]


@require_safe
@domain_errors
def country(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The frameworks of a country the user may see (possibly none), with their ratings."""
    place = access_country_by_iso2(iso2)
    frameworks = sorted(
        frameworks_visible_to(request.user).filter(country=place).select_related("mission"),
        key=lambda fw: (_STATUS_ORDER.get(FrameworkStatus(fw.status), 9), fw.title),
    )
    may_create, _reason = can_edit_framework(request.user, Framework(country=place))
    context = {
        "country": place,
        "summaries": _summaries(request, frameworks),
        "may_create": may_create,
        "sdg_side": side_by_side(request.user, place),
    }
    return render_page(request, "benchmarks/country.html", context)


def _approved_by_indicator(framework: Framework) -> dict[int, list[Measurement]]:
    rows = approved_measurements_of(framework)
    grouped: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in rows.only(
        "indicator_id",
        "period",
        "period_start",
        "period_end",
        "coverage_start",
        "coverage_end",
        "nature",
        "value",
        "is_illustrative",
    ):
        grouped[measurement.indicator_id].append(measurement)
    return grouped


def _sparkline(indicator: Indicator, approved: list[Measurement]) -> str:
    """A small chart of the approved values, or nothing when there is none."""
    if not approved:
        return ""
    spec = spec_for(indicator, approved)
    return render_chart(
        spec, element_id=f"spark-{indicator.pk}", width=120, height=36, compact=True
    )


def _benchmark_rows(
    views: Iterable[BenchmarkView], approved: dict[int, list[Measurement]]
) -> list[BenchmarkRow]:
    return [
        BenchmarkRow(
            view=view,
            rows=[
                IndicatorRow(
                    indicator, progress, _sparkline(indicator, approved.get(indicator.pk, []))
                )
                for indicator, progress in view.indicators
            ],
        )
        for view in views
    ]


#: The filter values a cached framework page may be asked for (any component, not only the
#: framework's: a component it lacks shows no benchmark, and is as bounded).
FILTER_VALUES = FrameworkFilters({}, components=Component.values).known_values()


@dataclass(frozen=True)
class FrameworkBody:
    """What the framework page shows of its benchmarks, with the rows already rendered."""

    rating: Rating
    counts: list[tuple[Rating, int]]
    components: list[str]
    html: str


def _framework_body(request: HtmxHttpRequest, found: Framework, *, may_edit: bool) -> FrameworkBody:
    """The benchmarks and their indicators, kept until the published data changes (the same
    for everyone who may see the framework, by language, filters and edit links)."""
    asked = {name: request.GET.getlist(name) for name in FrameworkFilters.base_fields}
    asked = {name: values for name, values in asked.items() if values}

    def compute() -> FrameworkBody:
        return _computed_body(request.GET, found, may_edit=may_edit)

    if not cacheable_query(asked, FILTER_VALUES):
        return compute()  # an odd query is answered but not kept
    parts = (found.pk, get_language(), may_edit, sorted(asked.items()))
    return cached_published("framework-body", parts, compute)


def _computed_body(params: Any, found: Framework, *, may_edit: bool) -> FrameworkBody:
    overview = framework_view(found)
    approved = _approved_by_indicator(found)
    all_rows = _benchmark_rows(overview.benchmarks, approved)
    components = [row.view.benchmark.component for row in all_rows]
    filters = FrameworkFilters(params, components=components)
    selected = filters.selected()
    rows = filter_rows(all_rows, selected)
    filtered = any(selected.get(name) for name in ("component", "owner", "rating"))
    context = {
        "framework": found,
        "filters": filters,
        "shown_count": len(rows),
        "total_count": len(all_rows),
        "folded": is_folded(selected, len(rows), filtered=filtered),
        "shared_rows": [row for row in rows if row.view.benchmark.owner != Owner.HOST],
        "host_rows": [row for row in rows if row.view.benchmark.owner == Owner.HOST],
        "may_edit": may_edit,
    }
    html = render_to_string("benchmarks/_framework_body.html", context)
    return FrameworkBody(overview.rating, list(overview.counts.items()), components, html)


@require_safe
@domain_errors
def framework(request: HtmxHttpRequest, framework_id: int) -> HttpResponse:
    """A framework's benchmarks (the UN's and the host country's commitments apart)."""
    found = access_framework_by_id(request.user, framework_id)
    may_edit, _reason = can_edit_framework(request.user, found)
    body = _framework_body(request, found, may_edit=may_edit)
    context = {
        "framework": found,
        "body": body,
        "filters": FrameworkFilters(request.GET, components=body.components),
        "may_edit": may_edit,
    }
    return render_page(request, "benchmarks/framework.html", context)


def _visible_measurements(request: HtmxHttpRequest, indicator: Indicator) -> list[Measurement]:
    return list(
        measurements_visible_to(request.user)
        .filter(indicator=indicator)
        .prefetch_related("evidence")
        .order_by("-period_end", "-period_start")
    )


def _value_rows(found: Indicator, measurements: list[Measurement]) -> list[ValueRow]:
    """Each value, latest first, with how it compares with the target."""
    rows = [
        ValueRow(m, comparison, annualised_note(m.value, point) if comparison.annualised else "")
        for m, point, comparison in compared(found, measurements)
    ]
    return rows[::-1]


def _latest_left_out(rows: list[ValueRow]) -> str:
    """Why the latest approved value is not compared with the target (empty if it is)."""
    approved = [row for row in rows if row.measurement.status == MeasurementStatus.APPROVED]
    latest = approved[0].comparison if approved else None
    return latest.reason if latest is not None and latest.value is None else ""


def _personnel_source(request: HtmxHttpRequest, found: Indicator) -> dict[str, Any] | None:
    """What a personnel-fed indicator's page says of its source, with the publishable points."""
    if not found.is_personnel_fed:
        return None
    spec = found.source_spec
    country = found.benchmark.framework.country
    institution = institutions_visible_to(request.user).filter(pk=spec.get("institution")).first()
    rank = spec.get("rank") or ""
    return {
        "institution": institution,
        "name": institution_name(institution) if institution else _("an institution"),
        "rank": RankCategory(rank).label if rank else _("all ranks"),
        "points": personnel_series(found),
        "url": reverse("sector:personnel", args=[country.iso2]),
    }


def _chart_spec(found: Indicator, approved: Iterable[Measurement]) -> ChartSpec:
    """The chart of approved values, or of the publishable personnel shares."""
    spec = spec_for(found, [] if found.is_fed else approved)
    if found.is_survey_fed:
        survey_points = [
            ChartPoint(p.day, p.share, p.label, low=p.low, high=p.high)
            for p in perception_series(found)
        ]
        return replace(spec, points=survey_points)
    if not found.is_personnel_fed:
        return spec
    points: list[SharePoint] = personnel_series(found)
    return replace(spec, points=[ChartPoint(p.day, p.share, p.period) for p in points])


@require_safe
@domain_errors
def indicator(request: HtmxHttpRequest, indicator_id: int) -> HttpResponse:
    """An indicator: definition, baseline, target, chart and the values the user may see."""
    found = access_indicator_by_id(request.user, indicator_id)
    measurements = _visible_measurements(request, found)
    approved = [m for m in measurements if m.status == MeasurementStatus.APPROVED]
    rows = _value_rows(found, measurements)
    may_enter, enter_reason = can_enter_data(request.user, found)
    if may_enter and found.is_personnel_fed:
        may_enter, enter_reason = False, _("values come from the personnel returns.")
    if may_enter and found.is_survey_fed:
        may_enter, enter_reason = False, _("values come from perception surveys.")
    may_edit, _reason = can_edit_framework(request.user, found.benchmark.framework)
    context = {
        "indicator": found,
        "benchmark": found.benchmark,
        "framework": found.benchmark.framework,
        "progress": progress_of([found])[found.pk],
        "low_high": found.allowed_range(),
        "chart": render_chart(_chart_spec(found, approved), element_id=f"chart-{found.pk}"),
        "measurements": measurements,
        "value_rows": rows,
        "latest_left_out": _latest_left_out(rows),
        "has_spans": any(m.nature != ValueNature.STOCK for m in approved),
        "personnel": _personnel_source(request, found),
        "sdg_values": series_values(found.country_id, found.sdg_series) if found.sdg_series else [],
        "may_enter": may_enter,
        "enter_reason": enter_reason,
        "may_edit": may_edit,
    }
    return render_page(request, "benchmarks/indicator.html", context)


@require_safe
@domain_errors
def indicator_chart(request: HtmxHttpRequest, indicator_id: int) -> HttpResponse:
    """The indicator's chart alone, as an SVG file (approved values only)."""
    found = access_indicator_by_id(request.user, indicator_id)
    approved = measurements_visible_to(request.user).filter(
        indicator=found, status=MeasurementStatus.APPROVED
    )
    svg = render_chart(_chart_spec(found, approved), element_id=f"chart-{found.pk}")
    response = HttpResponse(
        '<?xml version="1.0" encoding="utf-8"?>\n' + svg,
        content_type="image/svg+xml; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="indicator-{found.pk}.svg"'
    patch_cache_control(response, private=True, max_age=300)
    return response
