"""API routes of core: reference data (countries, missions, organisations) and ``/me``.

Reference data is public; ``/me`` says who the request acts for and what they may do where.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.api_support import (
    ERRORS,
    READ_AUTH,
    Page,
    PageParams,
    page_of,
    viewer_of,
)
from ssrmonitor.core.models import Country, Mission, MissionKind, Organisation, Role
from ssrmonitor.core.permissions import POLICY, Action, is_superuser, roles_of

router = Router(tags=["reference data"], auth=READ_AUTH)


class CountryOut(Schema):
    iso2: str = Field(..., examples=["HT"])
    iso3: str = Field(..., examples=["HTI"])
    m49_code: str = Field(..., examples=["332"])
    name: str = Field(..., examples=["Haiti"])
    region_code: str = Field(..., description="UN M49 region", examples=["019"])
    region_name: str = Field(..., examples=["Americas"])
    subregion_code: str = Field(..., examples=["419"])
    subregion_name: str = Field(..., examples=["Latin America and the Caribbean"])
    intermediate_region_name: str = Field(..., examples=["Caribbean"])


class CountryPage(Page[CountryOut]):
    pass


class CountryFilters(PageParams):
    region: str | None = Field(
        None, description="M49 region code or name.", examples=["002", "Africa"]
    )
    subregion: str | None = Field(
        None, description="M49 sub-region code or name.", examples=["202"]
    )


def _region_q(prefix: str, value: str | None) -> Q:
    if not value:
        return Q()
    return Q(**{f"{prefix}_code": value}) | Q(**{f"{prefix}_name__iexact": value})


@router.get("/countries", response={200: CountryPage, **ERRORS}, summary="List countries")
def list_countries(request: HttpRequest, filters: Query[CountryFilters]) -> dict[str, Any]:
    """Countries and areas of ISO 3166-1 with their UN M49 region, by name."""
    queryset = Country.objects.filter(
        _region_q("region", filters.region), _region_q("subregion", filters.subregion)
    ).order_by("name")
    count, rows = page_of(queryset, filters)
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": rows}


class MissionOut(Schema):
    id: int = Field(..., examples=[12])
    acronym: str = Field(..., examples=["BINUH"])
    name: str = Field(..., examples=["United Nations Integrated Office in Haiti"])
    kind: MissionKind = Field(..., examples=["special_political"])
    country: str | None = Field(..., description="ISO alpha-2 of the host", examples=["HT"])
    mandating_resolution: str = Field(..., examples=["S/RES/2476 (2019)"])
    start_date: date | None = Field(..., examples=["2019-10-16"])
    end_date: date | None = Field(..., examples=[None])
    source: str = Field(..., examples=["DPPA-DPO"])
    is_current: bool = Field(..., description="Not ended as of today.", examples=[True])


class MissionPage(Page[MissionOut]):
    pass


class MissionFilters(PageParams):
    country: str | None = Field(None, description="ISO alpha-2 of the host", examples=["HT"])
    kind: MissionKind | None = Field(None, examples=["peacekeeping"])
    current: bool | None = Field(None, description="Only current (or only ended) missions.")


def _mission_out(mission: Mission, today: date) -> dict[str, Any]:
    return {
        "id": mission.pk,
        "acronym": mission.acronym,
        "name": mission.name,
        "kind": mission.kind,
        "country": mission.country.iso2 if mission.country else None,
        "mandating_resolution": mission.mandating_resolution,
        "start_date": mission.start_date,
        "end_date": mission.end_date,
        "source": mission.source,
        "is_current": mission.end_date is None or mission.end_date >= today,
    }


def _missions(filters: MissionFilters, today: date) -> QuerySet[Mission]:
    queryset = Mission.objects.select_related("country").order_by("acronym")
    if filters.country:
        queryset = queryset.filter(country__iso2=filters.country.upper())
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    current = Q(end_date__isnull=True) | Q(end_date__gte=today)
    if filters.current is True:
        queryset = queryset.filter(current)
    elif filters.current is False:
        queryset = queryset.exclude(current)
    return queryset


@router.get("/missions", response={200: MissionPage, **ERRORS}, summary="List missions")
def list_missions(request: HttpRequest, filters: Query[MissionFilters]) -> dict[str, Any]:
    """UN peace operations and special political missions, by acronym."""
    today = timezone.localdate()
    count, rows = page_of(_missions(filters, today), filters)
    items = [_mission_out(mission, today) for mission in rows]
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get(
    "/missions/{int:mission_id}", response={200: MissionOut, **ERRORS}, summary="Get a mission"
)
def get_mission(request: HttpRequest, mission_id: int) -> dict[str, Any]:
    """One mission."""
    mission = get_object_or_404(Mission.objects.select_related("country"), pk=mission_id)
    return _mission_out(mission, timezone.localdate())


class OrganisationOut(Schema):
    id: int = Field(..., examples=[3])
    name: str = Field(..., examples=["Ministry of Justice and Public Security"])
    iati_identifier: str | None = Field(..., examples=["XM-DAC-41114"])
    iati_type: str = Field(
        ..., description="IATI OrganisationType code (10 = Government)", examples=["10"]
    )


class OrganisationPage(Page[OrganisationOut]):
    pass


class OrganisationFilters(PageParams):
    q: str | None = Field(None, description="Part of the name.", examples=["police"])
    iati_type: str | None = Field(None, examples=["40"])


@router.get(
    "/organisations",
    response={200: OrganisationPage, **ERRORS},
    summary="List organisations",
)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]) -> dict[str, Any]:
    """Partner organisations, by name."""
    queryset = Organisation.objects.order_by("name", "id")
    if filters.q:
        queryset = queryset.filter(name__icontains=filters.q)
    if filters.iati_type:
        queryset = queryset.filter(iati_type=filters.iati_type)
    count, rows = page_of(queryset, filters)
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": rows}


class MembershipOut(Schema):
    country: str = Field(..., examples=["HT"])
    country_name: str = Field(..., examples=["Haiti"])
    role: Role = Field(..., examples=["editor"])
    actions: list[Action] = Field(..., examples=[["benchmarks.enter_data"]])


class MeOut(Schema):
    username: str | None = Field(..., examples=["alice"])
    is_authenticated: bool = Field(..., examples=[True])
    is_superuser: bool = Field(
        ..., description="A superuser may do every action in every country.", examples=[False]
    )
    memberships: list[MembershipOut]


def _memberships(user: Viewer) -> list[dict[str, Any]]:
    roles = roles_of(user)
    countries = Country.objects.filter(pk__in=roles).order_by("name")
    return [
        {
            "country": country.iso2,
            "country_name": country.name,
            "role": roles[country.pk],
            "actions": sorted(POLICY[roles[country.pk]]),
        }
        for country in countries
    ]


@router.get("/me", response={200: MeOut, **ERRORS}, summary="Who am I")
def me(request: HttpRequest) -> dict[str, Any]:
    """The user the request acts for, their role in each country and what it allows."""
    user = viewer_of(request)
    authenticated = bool(user.is_authenticated)
    return {
        "username": user.get_username() if authenticated else None,
        "is_authenticated": authenticated,
        "is_superuser": is_superuser(user),
        "memberships": _memberships(user) if authenticated else [],
    }
