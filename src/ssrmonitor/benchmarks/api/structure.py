"""Frameworks, benchmarks and indicators: read with progress, written through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Query, Router, Status

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.api.reading import (
    benchmarks_out,
    country_by_iso2,
    frameworks_out,
    indicators_out,
    mission_by_acronym,
)
from ssrmonitor.benchmarks.api.schemas import (
    BenchmarkFilters,
    BenchmarkIn,
    BenchmarkOut,
    BenchmarkPage,
    BenchmarkPatch,
    FrameworkFilters,
    FrameworkIn,
    FrameworkOut,
    FrameworkPage,
    FrameworkPatch,
    IndicatorFilters,
    IndicatorIn,
    IndicatorOut,
    IndicatorPage,
    IndicatorPatch,
)
from ssrmonitor.benchmarks.models import Benchmark, Framework, Indicator
from ssrmonitor.benchmarks.permissions import (
    access_benchmark_by_id,
    access_framework_by_id,
    access_indicator_by_id,
    benchmarks_visible_to,
    frameworks_visible_to,
    indicators_visible_to,
)
from ssrmonitor.benchmarks.published import cached_published, scope
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.api_support import ERRORS, READ_AUTH, PageParams, actor_of, page_of, viewer_of

router = Router()
F = TypeVar("F", bound=PageParams)
M = TypeVar("M", bound=Model)


def page(params: PageParams, count: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": items}


# --- frameworks ---------------------------------------------------------------------------


def _kept_page(
    name: str,
    viewer: Viewer,
    filters: F,
    rows_of: Callable[[Viewer, F], QuerySet[M]],
    out: Callable[[list[M]], list[dict[str, Any]]],
) -> dict[str, Any]:
    """One page of a list of published data; the first page is kept until the data changes
    (per scope, language, since progress notes are translated, and filters)."""

    def compute() -> dict[str, Any]:
        count, rows = page_of(rows_of(viewer, filters), filters)
        return page(filters, count, out(rows))

    if filters.offset:  # the first page is kept; later ones are rarer, and computed afresh
        return compute()
    parts = (scope(viewer), get_language(), filters.model_dump())
    return cached_published(name, parts, compute)


def _frameworks(user: Viewer, filters: FrameworkFilters) -> QuerySet[Framework]:
    queryset = frameworks_visible_to(user).select_related("country", "mission")
    if filters.country:
        queryset = queryset.filter(country__iso2=filters.country.upper())
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.is_published is not None:
        queryset = queryset.filter(is_published=filters.is_published)
    return queryset.order_by("country__name", "-adoption_date", "title", "id")


@router.get(
    "/frameworks",
    response={200: FrameworkPage, **ERRORS},
    auth=READ_AUTH,
    tags=["frameworks"],
    summary="List frameworks",
)
def list_frameworks(request: HttpRequest, filters: Query[FrameworkFilters]) -> dict[str, Any]:
    """Frameworks you may see, with their rating and how many indicators have each rating."""
    return _kept_page("api-frameworks", viewer_of(request), filters, _frameworks, frameworks_out)


@router.post(
    "/frameworks",
    response={201: FrameworkOut, **ERRORS},
    tags=["frameworks"],
    summary="Create a framework",
)
def create_framework(request: HttpRequest, payload: FrameworkIn) -> Status[dict[str, Any]]:
    """Create a framework in a country where you are an editor (publishing needs an admin)."""
    fields = payload.model_dump(exclude={"country", "mission"})
    framework = services.create_framework(
        acting_user=actor_of(request),
        country=country_by_iso2(payload.country),
        mission=mission_by_acronym(payload.mission),
        **fields,
    )
    return Status(201, frameworks_out([framework])[0])


@router.get(
    "/frameworks/{int:framework_id}",
    response={200: FrameworkOut, **ERRORS},
    auth=READ_AUTH,
    tags=["frameworks"],
    summary="Get a framework",
)
def get_framework(request: HttpRequest, framework_id: int) -> dict[str, Any]:
    """One framework with its roll-up."""
    return frameworks_out([access_framework_by_id(viewer_of(request), framework_id)])[0]


@router.patch(
    "/frameworks/{int:framework_id}",
    response={200: FrameworkOut, **ERRORS},
    tags=["frameworks"],
    summary="Change a framework",
)
def update_framework(
    request: HttpRequest, framework_id: int, payload: FrameworkPatch
) -> dict[str, Any]:
    """Change the fields sent; setting ``is_published`` to true needs an administrator."""
    user = actor_of(request)
    framework = access_framework_by_id(user, framework_id)
    changes = payload.changes()
    if "mission" in changes:
        changes["mission"] = mission_by_acronym(changes["mission"])
    framework = services.update_framework(framework, acting_user=user, **changes)
    return frameworks_out([framework])[0]


@router.delete(
    "/frameworks/{int:framework_id}",
    response={204: None, **ERRORS},
    tags=["frameworks"],
    summary="Delete a framework",
)
def delete_framework(request: HttpRequest, framework_id: int) -> Status[None]:
    """Delete a framework without approved values (close it otherwise)."""
    user = actor_of(request)
    services.delete_framework(access_framework_by_id(user, framework_id), acting_user=user)
    return Status(204, None)


# --- benchmarks ---------------------------------------------------------------------------


def _benchmarks(user: Viewer, filters: BenchmarkFilters) -> QuerySet[Benchmark]:
    queryset = benchmarks_visible_to(user)
    if filters.country:
        queryset = queryset.filter(framework__country__iso2=filters.country.upper())
    if filters.framework is not None:
        queryset = queryset.filter(framework_id=filters.framework)
    if filters.component:
        queryset = queryset.filter(component=filters.component)
    if filters.owner:
        queryset = queryset.filter(owner=filters.owner)
    return queryset.select_related("framework__country").order_by("framework_id", "position", "id")


@router.get(
    "/benchmarks",
    response={200: BenchmarkPage, **ERRORS},
    auth=READ_AUTH,
    tags=["benchmarks"],
    summary="List benchmarks",
)
def list_benchmarks(request: HttpRequest, filters: Query[BenchmarkFilters]) -> dict[str, Any]:
    """Benchmarks of the frameworks you may see, each with its roll-up."""
    count, rows = page_of(_benchmarks(viewer_of(request), filters), filters)
    return page(filters, count, benchmarks_out(rows))


@router.post(
    "/frameworks/{int:framework_id}/benchmarks",
    response={201: BenchmarkOut, **ERRORS},
    tags=["benchmarks"],
    summary="Add a benchmark to a framework",
)
def create_benchmark(
    request: HttpRequest, framework_id: int, payload: BenchmarkIn
) -> Status[dict[str, Any]]:
    """Add a benchmark (editors of the framework's country)."""
    user = actor_of(request)
    framework = access_framework_by_id(user, framework_id)
    benchmark = services.create_benchmark(framework, acting_user=user, **payload.model_dump())
    return Status(201, benchmarks_out([benchmark])[0])


@router.get(
    "/benchmarks/{int:benchmark_id}",
    response={200: BenchmarkOut, **ERRORS},
    auth=READ_AUTH,
    tags=["benchmarks"],
    summary="Get a benchmark",
)
def get_benchmark(request: HttpRequest, benchmark_id: int) -> dict[str, Any]:
    """One benchmark with its roll-up."""
    return benchmarks_out([access_benchmark_by_id(viewer_of(request), benchmark_id)])[0]


@router.patch(
    "/benchmarks/{int:benchmark_id}",
    response={200: BenchmarkOut, **ERRORS},
    tags=["benchmarks"],
    summary="Change a benchmark",
)
def update_benchmark(
    request: HttpRequest, benchmark_id: int, payload: BenchmarkPatch
) -> dict[str, Any]:
    """Change the fields sent."""
    user = actor_of(request)
    benchmark = access_benchmark_by_id(user, benchmark_id)
    benchmark = services.update_benchmark(benchmark, acting_user=user, **payload.changes())
    return benchmarks_out([benchmark])[0]


@router.delete(
    "/benchmarks/{int:benchmark_id}",
    response={204: None, **ERRORS},
    tags=["benchmarks"],
    summary="Delete a benchmark",
)
def delete_benchmark(request: HttpRequest, benchmark_id: int) -> Status[None]:
    """Delete a benchmark without approved values."""
    user = actor_of(request)
    services.delete_benchmark(access_benchmark_by_id(user, benchmark_id), acting_user=user)
    return Status(204, None)


# --- indicators ---------------------------------------------------------------------------


def _indicators(user: Viewer, filters: IndicatorFilters) -> QuerySet[Indicator]:
    queryset = indicators_visible_to(user)
    if filters.country:
        queryset = queryset.filter(benchmark__framework__country__iso2=filters.country.upper())
    if filters.framework is not None:
        queryset = queryset.filter(benchmark__framework_id=filters.framework)
    if filters.benchmark is not None:
        queryset = queryset.filter(benchmark_id=filters.benchmark)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return queryset.select_related("benchmark__framework__country").order_by(
        "benchmark__framework_id", "benchmark__position", "benchmark_id", "position", "id"
    )


def _indicator_fields(changes: dict[str, Any]) -> dict[str, Any]:
    if changes.get("disaggregations") is not None:
        changes["disaggregations"] = [str(dim) for dim in changes["disaggregations"]]
    for name in ("source", "target_basis"):
        if changes.get(name) is not None:
            changes[name] = str(changes[name])
    return changes


def _indicator_out(user: Viewer, indicator_id: int) -> dict[str, Any]:
    return indicators_out([access_indicator_by_id(user, indicator_id)])[0]


@router.get(
    "/indicators",
    response={200: IndicatorPage, **ERRORS},
    auth=READ_AUTH,
    tags=["indicators"],
    summary="List indicators",
)
def list_indicators(request: HttpRequest, filters: Query[IndicatorFilters]) -> dict[str, Any]:
    """Indicators you may see, with their computed progress (approved values only)."""
    return _kept_page("api-indicators", viewer_of(request), filters, _indicators, indicators_out)


@router.post(
    "/benchmarks/{int:benchmark_id}/indicators",
    response={201: IndicatorOut, **ERRORS},
    tags=["indicators"],
    summary="Add an indicator to a benchmark",
)
def create_indicator(
    request: HttpRequest, benchmark_id: int, payload: IndicatorIn
) -> Status[dict[str, Any]]:
    """Add an indicator (editors of the country)."""
    user = actor_of(request)
    benchmark = access_benchmark_by_id(user, benchmark_id)
    fields = _indicator_fields(payload.model_dump())
    indicator = services.create_indicator(benchmark, acting_user=user, **fields)
    return Status(201, _indicator_out(user, indicator.pk))


@router.get(
    "/indicators/{int:indicator_id}",
    response={200: IndicatorOut, **ERRORS},
    auth=READ_AUTH,
    tags=["indicators"],
    summary="Get an indicator",
)
def get_indicator(request: HttpRequest, indicator_id: int) -> dict[str, Any]:
    """One indicator with its progress."""
    return _indicator_out(viewer_of(request), indicator_id)


@router.patch(
    "/indicators/{int:indicator_id}",
    response={200: IndicatorOut, **ERRORS},
    tags=["indicators"],
    summary="Change an indicator",
)
def update_indicator(
    request: HttpRequest, indicator_id: int, payload: IndicatorPatch
) -> dict[str, Any]:
    """Change the fields sent."""
    user = actor_of(request)
    indicator = access_indicator_by_id(user, indicator_id)
    services.update_indicator(indicator, acting_user=user, **_indicator_fields(payload.changes()))
    return _indicator_out(user, indicator_id)


@router.delete(
    "/indicators/{int:indicator_id}",
    response={204: None, **ERRORS},
    tags=["indicators"],
    summary="Delete an indicator",
)
def delete_indicator(request: HttpRequest, indicator_id: int) -> Status[None]:
    """Delete an indicator without approved values."""
    user = actor_of(request)
    services.delete_indicator(access_indicator_by_id(user, indicator_id), acting_user=user)
    return Status(204, None)
