"""JSON API routes of the sanctions app (mounted under /api/v1/sanctions/).

The UN list and the embargo measures are public; exemption requests need
``sanctions.view_internal`` in their country (404 otherwise) and ``sanctions.edit`` to write.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from ssrmonitor.core.api_support import (
    ERRORS,
    READ_AUTH,
    PageParams,
    actor_of,
    page_of,
    viewer_of,
)
from ssrmonitor.core.models import Country
from ssrmonitor.sanctions.alerts import alerts_visible_to
from ssrmonitor.sanctions.models import EmbargoMeasure, ExemptionRequest, ListedParty, Regime
from ssrmonitor.sanctions.permissions import (
    access_exemption_by_id,
    access_measure_by_id,
    access_party_by_id,
    exemptions_visible_to,
    measures_visible_to,
)
from ssrmonitor.sanctions.schemas import (
    AlertOut,
    ExemptionFilters,
    ExemptionIn,
    ExemptionOut,
    ExemptionPage,
    ExemptionPatch,
    MeasureCountry,
    MeasureFilters,
    MeasureOut,
    MeasurePage,
    PartyFilters,
    PartyOut,
    PartyPage,
    RegimeOut,
)
from ssrmonitor.sanctions.services import embargo
from ssrmonitor.sanctions.watchlist import search_parties

router = Router(tags=["sanctions"])


def _page(params: PageParams, count: int, items: list[Any]) -> dict[str, Any]:
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": items}


def party_out(party: ListedParty) -> dict[str, Any]:
    """A listed party with its aliases, dates and places of birth (prefetched)."""
    fields = ("id", "data_id", "kind", "reference_number", "name", "name_original_script")
    return {
        **{name: getattr(party, name) for name in fields},
        "regime": party.regime.code,
        "nationalities": party.nationalities,
        "listed_on": party.listed_on,
        "delisted_on": party.delisted_on,
        "aliases": list(party.aliases.all()),
        "birth_dates": list(party.birth_dates.all()),
        "birth_places": list(party.birth_places.all()),
    }


def measure_out(measure: EmbargoMeasure) -> dict[str, Any]:
    names = ("id", "title", "resolutions", "scope", "exemption_procedure", "committee")
    more = ("in_force_from", "in_force_until", "benchmark_framework_id", "source")
    return {
        **{name: getattr(measure, name) for name in (*names, *more, "is_illustrative")},
        "country": measure.country.iso2,
        "regime": measure.regime.code if measure.regime else None,
    }


def exemption_out(request: ExemptionRequest) -> dict[str, Any]:
    names = ("id", "measure_id", "reference", "purpose", "items", "total_quantity", "supplier")
    more = ("end_user", "procedure", "committee", "submitted_on", "decided_on", "status")
    return {
        **{
            name: getattr(request, name)
            for name in (*names, *more, "decision", "notes", "is_illustrative")
        },
        "country": request.country.iso2,
    }


@router.get(
    "/regimes", response={200: list[RegimeOut], **ERRORS}, auth=READ_AUTH, summary="List regimes"
)
def list_regimes(request: HttpRequest) -> QuerySet[Regime]:
    """Every sanctions regime seen in an imported list, with when it left the list."""
    return Regime.objects.order_by("code")


@router.get(
    "/parties", response={200: PartyPage, **ERRORS}, auth=READ_AUTH, summary="Search the list"
)
def list_parties(request: HttpRequest, filters: Query[PartyFilters]) -> dict[str, Any]:
    """Listed individuals and entities; ``q`` searches names, original-script names and aliases."""
    queryset = search_parties(filters.q) if filters.q else ListedParty.objects.order_by("name")
    if filters.regime:
        queryset = queryset.filter(regime__code=filters.regime)
    if filters.listed is not None:
        queryset = queryset.filter(delisted_on__isnull=filters.listed)
    queryset = queryset.select_related("regime").prefetch_related(
        "aliases", "birth_dates", "birth_places"
    )
    count, rows = page_of(queryset, filters)
    return _page(filters, count, [party_out(row) for row in rows])


@router.get(
    "/parties/{int:party_id}",
    response={200: PartyOut, **ERRORS},
    auth=READ_AUTH,
    summary="Get a party",
)
def get_party(request: HttpRequest, party_id: int) -> dict[str, Any]:
    """One listed individual or entity."""
    return party_out(access_party_by_id(viewer_of(request), party_id))


@router.get(
    "/measures",
    response={200: MeasurePage, **ERRORS},
    auth=READ_AUTH,
    summary="List embargo measures",
)
def list_measures(request: HttpRequest, filters: Query[MeasureFilters]) -> dict[str, Any]:
    """Arms embargo measures (public), optionally of one country."""
    queryset = measures_visible_to(viewer_of(request)).order_by("pk")
    if filters.country:
        queryset = queryset.filter(country__iso2=filters.country.upper())
    count, rows = page_of(queryset, filters)
    return _page(filters, count, [measure_out(row) for row in rows])


@router.get(
    "/measures/{int:measure_id}",
    response={200: MeasureOut, **ERRORS},
    auth=READ_AUTH,
    summary="Get an embargo measure",
)
def get_measure(request: HttpRequest, measure_id: int) -> dict[str, Any]:
    """One arms embargo measure."""
    return measure_out(access_measure_by_id(viewer_of(request), measure_id))


@router.get(
    "/exemptions",
    response={200: ExemptionPage, **ERRORS},
    auth=READ_AUTH,
    summary="List exemption requests",
)
def list_exemptions(request: HttpRequest, filters: Query[ExemptionFilters]) -> dict[str, Any]:
    """Exemption requests of the countries where you hold ``sanctions.view_internal``."""
    queryset = exemptions_visible_to(viewer_of(request)).order_by("pk")
    if filters.country:
        queryset = queryset.filter(country__iso2=filters.country.upper())
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    count, rows = page_of(queryset, filters)
    return _page(filters, count, [exemption_out(row) for row in rows])


@router.get(
    "/exemptions/{int:exemption_id}",
    response={200: ExemptionOut, **ERRORS},
    auth=READ_AUTH,
    summary="Get an exemption request",
)
def get_exemption(request: HttpRequest, exemption_id: int) -> dict[str, Any]:
    """One exemption request (404 outside your countries)."""
    return exemption_out(access_exemption_by_id(viewer_of(request), exemption_id))


@router.post(
    "/exemptions", response={201: ExemptionOut, **ERRORS}, summary="Record an exemption request"
)
def create_exemption(request: HttpRequest, payload: ExemptionIn) -> Status[dict[str, Any]]:
    """Record a request under an embargo measure (editors of the measure's country)."""
    user = actor_of(request)
    measure = access_measure_by_id(user, payload.measure_id)
    created = embargo.create_exemption(measure, acting_user=user, **payload.fields())
    return Status(201, exemption_out(created))


@router.patch(
    "/exemptions/{int:exemption_id}",
    response={200: ExemptionOut, **ERRORS},
    summary="Change an exemption request",
)
def update_exemption(
    request: HttpRequest, exemption_id: int, payload: ExemptionPatch
) -> dict[str, Any]:
    """Change the fields sent (status, dates, decision …)."""
    user = actor_of(request)
    found = access_exemption_by_id(user, exemption_id)
    return exemption_out(
        embargo.update_exemption(found, acting_user=user, **payload.service_changes())
    )


@router.get(
    "/alerts", response={200: list[AlertOut], **ERRORS}, auth=READ_AUTH, summary="Embargo alerts"
)
def list_alerts(request: HttpRequest, filters: Query[MeasureCountry]) -> list[dict[str, Any]]:
    """Flagged activities in countries under embargo with no exemption request (internal)."""
    user = viewer_of(request)
    country_id = None
    if filters.country:
        country_id = (
            Country.objects.filter(iso2=filters.country.upper())
            .values_list("pk", flat=True)
            .first()
            or -1
        )
    flags = alerts_visible_to(user, today=timezone.localdate(), country_id=country_id)
    return [
        {
            "flag_id": flag.pk,
            "country": flag.country.iso2,
            "activity": flag.activity.iati_identifier,
            "kind": flag.kind,
            "note": flag.note,
        }
        for flag in flags
    ]
