"""Reading pages: the sector map, an institution, the roles matrix, personnel, expenditure.

Thin views: objects come from :mod:`ssrmonitor.sector.permissions` and
:mod:`ssrmonitor.sector.selectors`; :class:`NotFound` answers 404 (objects of other
countries exactly like missing ones).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, render_page
from ssrmonitor.core.models import Country
from ssrmonitor.sector import charts, selectors, workforce
from ssrmonitor.sector.forms import RoleForm
from ssrmonitor.sector.models import (
    InstitutionVersion,
    OversightRelation,
    PersonnelTarget,
    RankCategory,
)
from ssrmonitor.sector.permissions import (
    access_country_by_iso2,
    access_institution_by_id,
    can_edit_sector,
    can_import_sector,
    can_view_unsuppressed,
)
from ssrmonitor.sector.statistics import OWID_PERSONNEL, UNSD_JUDGES, UNSD_POLICE, WDI_MILEX

RANKS = list(RankCategory.choices)


def as_at(request: HtmxHttpRequest) -> date:
    """The ``on`` date of the query string (YYYY-MM-DD), today when absent or invalid."""
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def _common(request: HtmxHttpRequest, country: Country) -> dict[str, Any]:
    return {
        "country": country,
        "internal": can_view_unsuppressed(request.user, country.pk),
        "may_edit": can_edit_sector(request.user, country.pk)[0],
        "may_import": can_import_sector(request.user, country.pk)[0],
    }


@require_safe
@domain_errors
def country(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The sector map of a country as at a date: institutions by type, oversight links."""
    place = access_country_by_iso2(iso2)
    day = as_at(request)
    sector = selectors.sector_map(request.user, place, day)
    context = {
        **_common(request, place),
        "day": day,
        "sector": sector,
        "diagram": charts.sector_map_svg(sector),
        "oversight": [
            (
                sector.entries[r.overseer_id].name,
                r.get_instrument_display(),
                sector.entries[r.overseen_id].name,
            )
            for r in sector.oversight
        ],
        "entries": sector.entries,
    }
    return render_page(request, "sector/country.html", context)


def _history(institution_id: int) -> list[InstitutionVersion]:
    return list(
        InstitutionVersion.objects.filter(institution_id=institution_id)
        .select_related("parent", "merged_into")
        .order_by("-valid_from")
    )


@require_safe
@domain_errors
def institution(request: HtmxHttpRequest, institution_id: int) -> HttpResponse:
    """An institution as at a date, its history, roles, oversight and personnel tables."""
    found = access_institution_by_id(request.user, institution_id)
    day = as_at(request)
    history = _history(found.pk)
    version = next((v for v in history if v.applies_on(day)), None)
    visible = selectors.visible_institutions(request.user, found.country)
    entries = selectors.entries_at(request.user, found.country, day)
    names = {pk: entry.name for pk, entry in entries.items()}
    relations = OversightRelation.objects.filter(
        Q(overseen=found, overseer__in=visible) | Q(overseer=found, overseen__in=visible)
    ).order_by("instrument")
    returns = selectors.returns_visible_to(request.user).filter(institution=found)
    tables = [selectors.personnel_table(request.user, r) for r in returns.order_by("-period_end")]
    context = {
        **_common(request, found.country),
        "institution": found,
        "day": day,
        "version": version,
        "history": history,
        "parent_name": names.get(version.parent_id) if version and version.parent_id else "",
        "successor_name": (
            names.get(version.merged_into_id) if version and version.merged_into_id else ""
        ),
        "relations": relations,
        "roles": found.roles.select_related("function"),
        "tables": tables,
        "ranks": RANKS,
    }
    return render_page(request, "sector/institution.html", context)


@require_safe
@domain_errors
def roles(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The roles matrix with overlaps (two leads) and gaps (no lead) flagged."""
    place = access_country_by_iso2(iso2)
    day = as_at(request)
    found = selectors.roles_matrix(request.user, place, day)
    rows = [
        {
            "function": function,
            "status": found.analysis.status_of(str(function.pk)),
            "cells": [found.role(function.pk, e.institution.pk) for e in found.columns],
        }
        for function in found.functions
    ]
    context = {**_common(request, place), "day": day, "matrix": found, "rows": rows}
    if context["may_edit"]:
        institutions = selectors.visible_institutions(request.user, place)
        context["role_form"] = RoleForm(None, country=place, institutions=institutions)
    return render_page(request, "sector/roles.html", context)


def _share_chart(tables: list[selectors.PersonnelTable], name: str, pk: int) -> str:
    bars = [
        charts.Bar(f"{t.personnel_return.period} · {label}", t.share(rank))
        for t in tables
        for rank, label in [("*", _("all ranks")), *RANKS]
    ]
    return charts.bar_chart(
        bars,
        title=_("Women's share of %(name)s by rank") % {"name": name},
        unit="%",
        element_id=f"share-{pk}",
        maximum=Decimal(100),
    )


@require_safe
@domain_errors
def personnel(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """Personnel by sex and rank for each institution, women's share, trends and targets."""
    place = access_country_by_iso2(iso2)
    entries = selectors.entries_at(request.user, place, timezone.localdate())
    returns = selectors.returns_visible_to(request.user).filter(institution__country=place)
    by_institution: dict[int, list[selectors.PersonnelTable]] = {}
    for found in returns.select_related("institution").order_by("period_end"):
        table = selectors.personnel_table(request.user, found)
        by_institution.setdefault(found.institution_id, []).append(table)
    targets = PersonnelTarget.objects.filter(institution_id__in=by_institution)
    progress = [selectors.target_progress(by_institution[t.institution_id], t) for t in targets]
    blocks = [
        {
            "entry": entries.get(pk),
            "tables": tables,
            "latest": tables[-1],
            "chart": _share_chart(tables, entries[pk].name if pk in entries else "", pk),
            "targets": [p for p in progress if p.target.institution_id == pk],
            "trend": workforce.share_trend(
                {t.personnel_return.period_end: t.share() for t in tables}
            ),
        }
        for pk, tables in by_institution.items()
    ]
    references = selectors.reference_values(place)
    latest = [
        values[-1]
        for code in (UNSD_POLICE.code, UNSD_JUDGES.code, OWID_PERSONNEL.code)
        if (values := references.get(code))
    ]
    context = {**_common(request, place), "blocks": blocks, "ranks": RANKS, "latest": latest}
    return render_page(request, "sector/personnel.html", context)


REFERENCE_CODES = (WDI_MILEX.code, OWID_PERSONNEL.code, UNSD_POLICE.code, UNSD_JUDGES.code)


@require_safe
@domain_errors
def expenditure(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """Budget lines by year with the derived indicators, beside the reference statistics."""
    place = access_country_by_iso2(iso2)
    years = selectors.spending_by_year(request.user, place)
    references = selectors.reference_values(place)
    # xgettext:no-python-format
    title = _("Security spending, % of GDP")
    chart = charts.bar_chart(
        [
            charts.Bar(f"{y.fiscal_year} · {label}", getattr(y, basis).share_of_gdp)
            for y in years
            for basis, label in (("allocated", _("allocated")), ("executed", _("executed")))
        ],
        title=title,
        unit="%",
        element_id="spending-gdp",
    )
    context = {
        **_common(request, place),
        "years": years,
        "chart": chart if years else "",
        "references": [(code, references[code]) for code in REFERENCE_CODES if code in references],
    }
    return render_page(request, "sector/expenditure.html", context)
