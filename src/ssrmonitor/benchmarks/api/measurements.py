"""Measurements: entry, review workflow and the CSV/XLSX export, through the services."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from ssrmonitor.benchmarks import exports, services
from ssrmonitor.benchmarks.api.measurement_schemas import (
    DisaggregationIn,
    MeasurementFilters,
    MeasurementIn,
    MeasurementOut,
    MeasurementPage,
    MeasurementPatch,
    ReviewIn,
)
from ssrmonitor.benchmarks.api.reading import measurement_out, measurements_queryset, period_bound
from ssrmonitor.benchmarks.models import Measurement
from ssrmonitor.benchmarks.permissions import (
    access_indicator_by_id,
    access_measurement_by_id,
    measurements_visible_to,
)
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.api_support import ERRORS, READ_AUTH, actor_of, page_of, viewer_of
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.exports import XLSX_TYPE
from ssrmonitor.core.progress import ValueNature

router = Router(tags=["measurements"])


def _filtered(user: Viewer, filters: MeasurementFilters) -> QuerySet[Measurement]:
    queryset = measurements_visible_to(user)
    prefix = "indicator__benchmark__framework__"
    if filters.country:
        queryset = queryset.filter(**{f"{prefix}country__iso2": filters.country.upper()})
    if filters.framework is not None:
        queryset = queryset.filter(**{f"{prefix}id": filters.framework})
    if filters.indicator is not None:
        queryset = queryset.filter(indicator_id=filters.indicator)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.period_from:
        start = period_bound(filters.period_from, "period_from").start
        queryset = queryset.filter(period_start__gte=start)
    if filters.period_to:
        end = period_bound(filters.period_to, "period_to").end
        queryset = queryset.filter(period_end__lte=end)
    return queryset.order_by("indicator_id", "period_start", "period_end", "id")


def _parts(rows: list[DisaggregationIn] | None) -> list[services.DisaggregationInput] | None:
    if rows is None:
        return None
    return [services.DisaggregationInput(str(r.dimension), r.category, r.value) for r in rows]


def _coverage(measurement: Measurement, changes: dict[str, Any]) -> services.Coverage | None:
    """The coverage after a change of some of its fields; ``None`` when none is sent.

    A field left out keeps its value, except the first day of a value that becomes a level.
    """
    if not changes.keys() & {"coverage_start", "coverage_end", "nature"}:
        return None
    nature = str(changes.get("nature") or measurement.nature)
    kept_start = None if nature == ValueNature.STOCK else measurement.coverage_start
    return services.Coverage(
        changes.get("coverage_start", kept_start),
        changes.get("coverage_end", measurement.coverage_end),
        nature,
    )


def _out(user: Viewer, measurement_id: int) -> dict[str, Any]:
    """Read back through the permission layer, with everything the output needs."""
    queryset = measurements_queryset(measurements_visible_to(user).filter(pk=measurement_id))
    return measurement_out(queryset.get(), user)


@router.get(
    "/measurements",
    response={200: MeasurementPage, **ERRORS},
    auth=READ_AUTH,
    summary="List measurements",
)
def list_measurements(request: HttpRequest, filters: Query[MeasurementFilters]) -> dict[str, Any]:
    """Values you may see: approved ones, and more by role in the country."""
    user = viewer_of(request)
    count, rows = page_of(measurements_queryset(_filtered(user, filters)), filters)
    items = [measurement_out(row, user) for row in rows]
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.post(
    "/indicators/{int:indicator_id}/measurements",
    response={201: MeasurementOut, **ERRORS},
    summary="Record a value",
)
def create_measurement(
    request: HttpRequest, indicator_id: int, payload: MeasurementIn
) -> Status[dict[str, Any]]:
    """Record a draft value for a period (editors of the country).

    Refused with 422 naming the field: a malformed period or one outside the framework, a
    value outside the indicator's range, a unit other than the indicator's, disaggregated
    values that do not add up to the total, an unknown ``nature``, a coverage whose last day is
    outside the period, a first day on a level or after the last, a year-to-date count that does
    not start on 1 January.
    """
    user = actor_of(request)
    measurement = services.record_measurement(
        access_indicator_by_id(user, indicator_id),
        acting_user=user,
        period=payload.period,
        value=payload.value,
        unit=payload.unit,
        narrative=payload.narrative,
        obstacles=payload.obstacles,
        disaggregations=_parts(payload.disaggregations),
        coverage=services.Coverage(
            payload.coverage_start, payload.coverage_end, str(payload.nature)
        ),
    )
    return Status(201, _out(user, measurement.pk))


@router.get(
    "/measurements/{int:measurement_id}",
    response={200: MeasurementOut, **ERRORS},
    auth=READ_AUTH,
    summary="Get a measurement",
)
def get_measurement(request: HttpRequest, measurement_id: int) -> dict[str, Any]:
    """One value with its disaggregations."""
    user = viewer_of(request)
    return measurement_out(access_measurement_by_id(user, measurement_id), user)


@router.patch(
    "/measurements/{int:measurement_id}",
    response={200: MeasurementOut, **ERRORS},
    summary="Change a value",
)
def update_measurement(
    request: HttpRequest, measurement_id: int, payload: MeasurementPatch
) -> dict[str, Any]:
    """Change a draft or returned value; its period is fixed.

    ``coverage_start``, ``coverage_end`` and ``nature`` are checked together: one left out
    keeps its value (a value made a level loses its first day).
    """
    user = actor_of(request)
    changes = payload.changes()
    found = access_measurement_by_id(user, measurement_id)
    services.update_measurement(
        found,
        acting_user=user,
        value=changes.get("value"),
        unit=changes.get("unit"),
        narrative=changes.get("narrative"),
        obstacles=changes.get("obstacles"),
        disaggregations=_parts(changes.get("disaggregations")),
        coverage=_coverage(found, changes),
    )
    return _out(user, measurement_id)


@router.delete(
    "/measurements/{int:measurement_id}", response={204: None, **ERRORS}, summary="Delete a value"
)
def delete_measurement(request: HttpRequest, measurement_id: int) -> Status[None]:
    """Delete a draft or returned value."""
    user = actor_of(request)
    services.delete_measurement(access_measurement_by_id(user, measurement_id), acting_user=user)
    return Status(204, None)


@router.post(
    "/measurements/{int:measurement_id}/submit",
    response={200: MeasurementOut, **ERRORS},
    summary="Submit for review",
)
def submit_measurement(request: HttpRequest, measurement_id: int) -> dict[str, Any]:
    """Send a draft or returned value to the reviewers of the country."""
    user = actor_of(request)
    services.submit_measurement(access_measurement_by_id(user, measurement_id), acting_user=user)
    return _out(user, measurement_id)


@router.post(
    "/measurements/{int:measurement_id}/approve",
    response={200: MeasurementOut, **ERRORS},
    summary="Approve",
)
def approve_measurement(
    request: HttpRequest, measurement_id: int, payload: ReviewIn | None = None
) -> dict[str, Any]:
    """Approve a submitted value (reviewers; never your own submission: 403 with the reason)."""
    user = actor_of(request)
    comment = payload.comment if payload else ""
    measurement = access_measurement_by_id(user, measurement_id)
    services.approve_measurement(measurement, acting_user=user, comment=comment)
    return _out(user, measurement_id)


@router.post(
    "/measurements/{int:measurement_id}/return",
    response={200: MeasurementOut, **ERRORS},
    summary="Return to the author",
)
def return_measurement(
    request: HttpRequest, measurement_id: int, payload: ReviewIn
) -> dict[str, Any]:
    """Send a submitted value back to its author; ``comment`` says why and is required."""
    user = actor_of(request)
    measurement = access_measurement_by_id(user, measurement_id)
    services.return_measurement(measurement, acting_user=user, comment=payload.comment)
    return _out(user, measurement_id)


class ExportFilters(Schema):
    country: str | None = Field(None, description="ISO alpha-2", examples=["HT"])
    framework: int | None = Field(None, description="Framework id", examples=[1])


_FILE = {"schema": {"type": "string", "format": "binary"}}
_EXPORT_DOC = {
    "responses": {
        200: {
            "description": "The file (CSV is UTF-8 with a byte-order mark).",
            "content": {"text/csv": _FILE, XLSX_TYPE: _FILE},
        }
    }
}


@router.get(
    "/benchmarks/export.{fmt}",
    response=ERRORS,
    auth=READ_AUTH,
    tags=["exports"],
    openapi_extra=_EXPORT_DOC,
    summary="Export indicator data (csv or xlsx)",
)
def export(request: HttpRequest, fmt: str, filters: Query[ExportFilters]) -> HttpResponseBase:
    """One row per value and disaggregation of a country's or a framework's indicators.

    ``fmt`` is ``csv`` or ``xlsx``. The public gets approved values of published frameworks;
    members of the country also get values under review (and drafts, by role).
    """
    user = viewer_of(request)
    if filters.framework is not None:
        return exports.export_response(exports.framework_scope(user, filters.framework), fmt)
    if filters.country:
        return exports.export_response(exports.country_scope(user, filters.country), fmt)
    raise ValidationFailed.one("country", _("Give a country or a framework."))
