"""API routes of support activities: the list, one activity, national entries, coordination.

Activities imported from IATI are public; national entries, the coordination analysis and the
IATI export of national entries are for members of the country (404 for anybody else).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.api_support import ERRORS, READ_AUTH, WRITE_AUTH, actor_of, page_of, viewer_of
from ssrmonitor.core.datacache import cached
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Organisation
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.periods import PeriodParseError
from ssrmonitor.core.permissions import NotFound
from ssrmonitor.support.analytics import (
    CountryAnalysis,
    Window,
    concerning_ids,
    visible_analysis,
)
from ssrmonitor.support.iati.export import NothingToExport, export_activities, with_left_out
from ssrmonitor.support.models import Activity, Source
from ssrmonitor.support.money import MoneyBag
from ssrmonitor.support.permissions import (
    access_activity_by_id,
    access_country_by_iso2,
    activities_visible_to,
    support_scope,
)
from ssrmonitor.support.schemas import (
    ActivityDetailOut,
    ActivityFilters,
    ActivityPage,
    CoordinationOut,
    NationalActivityIn,
)
from ssrmonitor.support.services.activities import MoneyLine, NationalActivity, record_activity

router = Router()


def _activity(activity: Activity, detail: bool = False) -> dict[str, Any]:
    sectors = [
        {
            "vocabulary": s.vocabulary or "1",
            "code": s.code,
            "on_transaction": s.transaction_id is not None,
            "percentage": plain(s.percentage) if s.percentage is not None else None,
        }
        for s in activity.sectors.all()
    ]
    out: dict[str, Any] = {
        "id": activity.pk,
        "iati_identifier": activity.iati_identifier,
        "source": activity.source,
        "reporting_org": activity.reporting_org_name or activity.reporting_org.name,
        "reporting_org_ref": activity.reporting_org_ref,
        "title": activity.title_in("en"),
        "status": activity.status,
        "recipient_countries": [c.code for c in activity.countries.all()],
        "sectors": sectors,
    }
    if detail:
        out["description"] = activity.description_in("en")
        out["transactions"] = [
            {
                "transaction_type": t.transaction_type,
                "date": t.date,
                "value": plain(t.value),
                "currency": t.currency,
                "value_date": t.value_date,
            }
            for t in activity.transactions.all()
        ]
    return out


def _activities(user: Viewer, filters: ActivityFilters) -> QuerySet[Activity]:
    queryset = activities_visible_to(user)
    if filters.country:
        place = access_country_by_iso2(user, filters.country, internal=False)
        # only the ids: the list reads texts, countries and sectors, not what analysis reads
        queryset = queryset.filter(pk__in=concerning_ids(place))
    if filters.source:
        queryset = queryset.filter(source=filters.source)
    return (
        queryset.select_related("reporting_org")
        .prefetch_related("texts", "countries", "sectors")
        .order_by("iati_identifier")
    )


@router.get(
    "/activities", response={200: ActivityPage, **ERRORS}, auth=READ_AUTH, summary="List activities"
)
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]) -> dict[str, Any]:
    """Support activities you may see: IATI ones for everybody, national entries for members."""
    viewer = viewer_of(request)

    def compute() -> dict[str, Any]:
        count, rows = page_of(_activities(viewer, filters), filters)
        items = [_activity(a) for a in rows]
        return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}

    if filters.offset:  # the first page is kept; later ones are rarer, and computed afresh
        return compute()
    parts = (support_scope(viewer), get_language(), filters.model_dump())
    return cached("api-activities", ("support",), parts, compute)


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityDetailOut, **ERRORS},
    auth=READ_AUTH,
    summary="One activity",
)
def get_activity(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    """One activity with its transactions (each in its own currency)."""
    return _activity(access_activity_by_id(viewer_of(request), activity_id), detail=True)


def _bag(bag: MoneyBag) -> dict[str, Any]:
    return {
        "usd": plain(bag.usd),
        "other": {c: plain(v) for c, v in sorted(bag.unconverted.items()) if v},
    }


def _analysis_out(analysis: CountryAnalysis) -> dict[str, Any]:
    return {
        "country": analysis.country.iso2,
        "period": analysis.window.label,
        "activities": analysis.activity_count,
        "aligned_activities": analysis.aligned_activities,
        "commitments": _bag(analysis.total.commitments),
        "aligned_commitments": _bag(analysis.aligned.commitments),
        "disbursements": _bag(analysis.total.disbursements),
        "coverage": [
            {
                "code": c.node.code,
                "title": c.node.title,
                "status": c.status,
                "activities": len(c.activities),
                "partners": sorted(c.partners),
                "commitments": _bag(c.money.commitments),
                "disbursements": _bag(c.money.disbursements),
            }
            for c in analysis.coverage
        ],
        "overlaps": [
            {
                "code": o.node.code,
                "component": o.component,
                "partners": o.partners,
                "activities": o.activities,
            }
            for o in analysis.overlaps
        ],
        "flows": [
            {
                "partner": p,
                "component": c,
                "year": y,
                "commitments": _bag(f.commitments),
                "disbursements": _bag(f.disbursements),
            }
            for (p, c, y), f in sorted(analysis.by_partner.items())
        ],
        "gender": analysis.gender,
        "who_does_what": {p: dict(row) for p, row in analysis.who_does_what.items()},
    }


@router.get(
    "/countries/{iso2}/coordination",
    response={200: CoordinationOut, **ERRORS},
    auth=READ_AUTH,
    summary="Coordination analysis of a country",
)
def coordination(request: HttpRequest, iso2: str, period: str = "") -> dict[str, Any]:
    """Coverage, gaps, possible overlaps, flows by partner × component × year (members only)."""
    user = viewer_of(request)
    place = access_country_by_iso2(user, iso2, internal=True)
    try:
        window = Window.parse(period)
    except PeriodParseError as exc:
        raise ValidationFailed.one("period", str(exc)) from None
    return _analysis_out(visible_analysis(user, place, window))


IATI_XML_RESPONSE = {
    "description": "IATI 2.03 activity XML",
    "content": {"application/xml": {"schema": {"type": "string"}}},
}


@router.get(
    "/countries/{iso2}/iati.xml",
    response={**ERRORS},
    auth=READ_AUTH,
    summary="IATI 2.03 XML of national entries",
    openapi_extra={"responses": {200: IATI_XML_RESPONSE}},
)
def iati_xml(request: HttpRequest, iso2: str) -> HttpResponse:
    """Schema-valid IATI 2.03 XML of the activities recorded in SSR Monitor for the country
    (one that cannot be written valid is left out and named in a comment at the top); 404 when
    none can be exported (IATI requires at least one activity in a file)."""
    place = access_country_by_iso2(viewer_of(request), iso2, internal=True)
    activities = Activity.objects.filter(source=Source.NATIONAL, country=place)
    try:
        result = export_activities(activities)
    except NothingToExport:
        raise NotFound from None
    return HttpResponse(with_left_out(result), content_type="application/xml; charset=utf-8")


def _organisation(ref: str, field: str) -> Organisation:
    found = Organisation.objects.filter(iati_identifier=ref).first()
    if found is None:
        raise ValidationFailed.one(field, _("No partner organisation has this IATI identifier."))
    return found


def _decimal(text: str, field: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationFailed.one(field, _("Enter a number.")) from None


@router.post(
    "/countries/{iso2}/activities",
    response={201: ActivityDetailOut, **ERRORS},
    auth=WRITE_AUTH,
    summary="Record a national activity entry",
)
def record_national_activity(
    request: HttpRequest, iso2: str, payload: NationalActivityIn
) -> Status[dict[str, Any]]:
    """Record the activity of a partner who does not publish to IATI (needs support.edit)."""
    user = actor_of(request)
    place = access_country_by_iso2(user, iso2, internal=True)
    entry = NationalActivity(
        identifier=payload.identifier,
        reporting_org=_organisation(payload.reporting_org, "reporting_org"),
        implementing_org=_organisation(payload.implementing_org, "implementing_org")
        if payload.implementing_org
        else None,
        title=payload.title,
        description=payload.description,
        language=payload.language,
        status=payload.status,
        start=payload.start,
        end=payload.end,
        sectors={
            code: _decimal(share, f"sectors.{code}") for code, share in payload.sectors.items()
        },
        gender_significance=payload.gender_significance,
        money=[
            MoneyLine(
                m.transaction_type,
                m.date,
                _decimal(m.value, f"money.{i}.value"),
                m.currency.upper(),
            )
            for i, m in enumerate(payload.money)
        ],
    )
    activity = record_activity(place, entry, acting_user=user)
    return Status(201, _activity(access_activity_by_id(user, activity.pk), detail=True))
