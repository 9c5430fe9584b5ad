"""Read routes of the sector API: anonymous requests see public data only."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from ssrmonitor.core.api_support import ERRORS, READ_AUTH, error_body, viewer_of
from ssrmonitor.sector import selectors
from ssrmonitor.sector.api.common import as_at_or_today, institution_out, return_out, router
from ssrmonitor.sector.permissions import (
    access_country_by_iso2,
    access_institution_by_id,
)
from ssrmonitor.sector.schemas import (
    InstitutionDetailOut,
    InstitutionOut,
    MatrixOut,
    ReferenceOut,
    ReturnOut,
    YearOut,
)


@router.get(
    "/countries/{iso2}/institutions",
    response={200: list[InstitutionOut], **ERRORS},
    auth=READ_AUTH,
    summary="Institutions of a country as at a date",
)
def list_institutions(request: HttpRequest, iso2: str, on: date | None = None) -> Any:
    """The institutions you may see that existed on ``on`` (default today)."""
    country = access_country_by_iso2(iso2)
    entries = selectors.entries_at(viewer_of(request), country, as_at_or_today(on))
    ordered = sorted(entries.values(), key=lambda e: e.institution.key)
    return [institution_out(e.institution, e.version) for e in ordered]


@router.get(
    "/institutions/{institution_id}",
    response={200: InstitutionDetailOut, **ERRORS},
    auth=READ_AUTH,
    summary="An institution as at a date, with its history",
)
def get_institution(request: HttpRequest, institution_id: int, on: date | None = None) -> Any:
    """The version valid on ``on`` (404 when the institution did not exist then)."""
    institution = access_institution_by_id(viewer_of(request), institution_id)
    history = list(institution.versions.order_by("valid_from"))
    day = as_at_or_today(on)
    version = next((v for v in history if v.applies_on(day)), None)
    if version is None:
        return Status(404, error_body(404, _("The institution did not exist at this date."), "on"))
    body = institution_out(institution, version)
    body["history"] = history
    return body


@router.get(
    "/countries/{iso2}/roles",
    response={200: MatrixOut, **ERRORS},
    auth=READ_AUTH,
    summary="Roles matrix with overlaps and gaps",
)
def roles_matrix(request: HttpRequest, iso2: str, on: date | None = None) -> Any:
    """Lead and support institutions (ids) per function, overlaps and gaps (function codes)."""
    country = access_country_by_iso2(iso2)
    day = as_at_or_today(on)
    found = selectors.roles_matrix(viewer_of(request), country, day)
    codes = {str(f.pk): f.code for f in found.functions}
    analysis = found.analysis
    return {
        "day": day,
        "functions": [
            {
                "code": f.code,
                "name": f.display_name,
                "check": analysis.status_of(str(f.pk)),
                "leads": [int(i) for i in analysis.leads[str(f.pk)]],
                "supports": [int(i) for i in analysis.supports[str(f.pk)]],
            }
            for f in found.functions
        ],
        "overlaps": [codes[pk] for pk in analysis.overlaps],
        "gaps": [codes[pk] for pk in analysis.gaps],
    }


@router.get(
    "/institutions/{institution_id}/personnel",
    response={200: list[ReturnOut], **ERRORS},
    auth=READ_AUTH,
    summary="Personnel returns of an institution (suppressed for the public)",
)
def list_personnel(request: HttpRequest, institution_id: int) -> Any:
    """Every return: cells unit × rank × sex and totals (``*``); small cells suppressed."""
    user = viewer_of(request)
    institution = access_institution_by_id(user, institution_id)
    returns = selectors.returns_visible_to(user).filter(institution=institution)
    return [return_out(user, r) for r in returns.order_by("period_end")]


@router.get(
    "/countries/{iso2}/expenditure",
    response={200: list[YearOut], **ERRORS},
    auth=READ_AUTH,
    summary="Derived expenditure indicators by fiscal year",
)
def expenditure(request: HttpRequest, iso2: str) -> Any:
    """Execution rate, personnel share, shares of public spending and GDP, per capita…"""
    country = access_country_by_iso2(iso2)

    def out(ind: Any) -> dict[str, Any]:
        return {k: (float(v) if isinstance(v, Decimal) else v) for k, v in asdict(ind).items()}

    return [
        {
            "fiscal_year": y.fiscal_year,
            "currency": y.currency,
            "is_illustrative": y.illustrative,
            "allocated": out(y.allocated),
            "executed": out(y.executed),
        }
        for y in selectors.spending_by_year(viewer_of(request), country)
    ]


@router.get(
    "/countries/{iso2}/reference",
    response={200: list[ReferenceOut], **ERRORS},
    auth=READ_AUTH,
    summary="Public reference statistics of a country",
)
def reference(request: HttpRequest, iso2: str) -> Any:
    """World Bank, OWID and UN Statistics values with their source and licence."""
    country = access_country_by_iso2(iso2)
    return [
        {
            "series": v.series.code,
            "name": v.series.name,
            "unit": v.series.unit,
            "source": v.series.source,
            "licence": v.series.licence,
            "year": v.year,
            "value": float(v.value),
        }
        for values in selectors.reference_values(country).values()
        for v in values
    ]
