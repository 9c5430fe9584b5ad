"""Reading pages: a country's activities, one activity, and the coordination analysis."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core.datacache import cached
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.filters import cacheable_query
from ssrmonitor.core.http import (
    INVALID_FORM,
    HtmxHttpRequest,
    allowed,
    domain_errors,
    render_page,
    signed_in,
)
from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import PeriodParseError
from ssrmonitor.core.permissions import Action, NotFound, has_action
from ssrmonitor.support import codelists, exports
from ssrmonitor.support.analytics import Window, concerning_ids, visible_analysis
from ssrmonitor.support.charts import bar_chart
from ssrmonitor.support.filters import (
    SupportFilters,
    amounts_of,
    distinct_sectors,
    facets_of,
    filter_activities,
    names_pattern,
    other_country_named,
)
from ssrmonitor.support.models import Activity, StrategyLevel, StrategyNode
from ssrmonitor.support.permissions import (
    access_activity_by_id,
    access_country_by_iso2,
    activities_visible_to,
    can_edit_support,
    support_scope,
)
from ssrmonitor.support.services.alignment import set_component_links, set_priority_links
from ssrmonitor.support.suggestions import suggest_components, suggest_priorities

PAGE_SIZE = 50


@require_safe
@domain_errors
def country(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The support activities of a country that the visitor may see."""
    place = access_country_by_iso2(request.user, iso2, internal=False)
    language = get_language() or "en"
    # what the list shows only (the analysis's relations cost a queryset per activity each)
    concerning = activities_visible_to(request.user).filter(pk__in=concerning_ids(place))
    facets = cached(
        "support.facets",
        ("support",),
        (place.pk, support_scope(request.user)),
        lambda: facets_of(concerning),
    )
    filters = SupportFilters(request.GET, facets=facets, language=language)

    def listing() -> str:
        activities = (
            filter_activities(concerning, filters.selected())
            .select_related("reporting_org")
            .prefetch_related("texts", "sectors", "transactions")
        )
        page = Paginator(activities.order_by("reporting_org__name", "iati_identifier"), PAGE_SIZE)
        shown = page.get_page(request.GET.get("page"))
        names = names_pattern(list(Country.objects.values_list("name", flat=True)))
        rows = [
            (
                a,
                distinct_sectors(a),
                amounts_of(a, place.iso2),
                other_country_named(a.title_in(language), place.name, names),
            )
            for a in shown
        ]
        listed = {"country": place, "filters": filters, "page": shown, "rows": rows}
        return render_to_string("support/_country_list.html", listed, request=request)

    # the list is the same for everyone who sees the same activities (by language and query);
    # an odd query is answered but not kept
    parts = (place.pk, support_scope(request.user), language, sorted(request.GET.lists()))
    usual = cacheable_query(request.GET, {**filters.known_values(), "page": None})
    context = {
        "country": place,
        "filters": filters,
        "listing": cached("support.country-list", ("support",), parts, listing)
        if usual
        else listing(),
        "internal": has_action(request.user, place.pk, Action.VIEW_SUPPORT_INTERNAL),
        "may_edit": can_edit_support(request.user, place)[0],
    }
    return render_page(request, "support/country.html", context)


def _labelled(activity: Activity, language: str) -> dict[str, object]:
    def lab(name: str, code: str) -> str:
        return codelists.label(name, code, language) if code else ""

    return {
        "status": lab("ActivityStatus", activity.status),
        "flow_type": lab("FlowType", activity.flow_type),
        "finance_type": lab("FinanceType", activity.finance_type),
        "aid_type": lab("AidType", activity.aid_type),
        "sectors": [
            (
                s.vocabulary or "1",
                s.code,
                lab("Sector", s.code) if s.vocabulary in ("", "1") else s.code,
                s.percentage,
            )
            for s in activity.sectors.all()
        ],
        "participants": [(p, lab("OrganisationRole", p.role)) for p in activity.participants.all()],
        "transactions": [
            (t, lab("TransactionType", t.transaction_type)) for t in activity.transactions.all()
        ],
        "markers": [
            (lab("PolicyMarker", m.code), lab("PolicySignificance", m.significance))
            for m in activity.policy_markers.all()
        ],
    }


def _links_context(request: HtmxHttpRequest, activity: Activity) -> dict[str, object]:
    places = [c.country for c in activity.countries.all() if c.country is not None]
    if activity.country is not None:
        places.append(activity.country)
    editable = [p for p in places if can_edit_support(request.user, p)[0]]
    if not editable:
        return {}
    place = editable[0]
    nodes = list(StrategyNode.objects.filter(country=place).order_by("position", "code"))
    shares = {link.node_id: link.share for link in activity.priority_links.all()}
    components = {link.component: link.share for link in activity.component_links.all()}
    return {
        "align_country": place,
        "nodes": [(n, shares.get(n.pk)) for n in nodes if n.level != StrategyLevel.PILLAR],
        "components": [(value, label, components.get(value)) for value, label in Component.choices],
        "suggested_nodes": suggest_priorities(activity, nodes),
        "suggested_components": suggest_components(activity),
    }


@require_safe
@domain_errors
def activity(request: HtmxHttpRequest, activity_id: int) -> HttpResponse:
    """One activity with its codes labelled from the IATI codelists."""
    found = access_activity_by_id(request.user, activity_id)
    return render_page(request, "support/activity.html", _activity_context(request, found))


def _activity_context(request: HtmxHttpRequest, found: Activity) -> dict[str, object]:
    language = get_language() or "en"
    return {
        "activity": found,
        "title": found.title_in(language),
        "description": found.description_in(language),
        "labels": _labelled(found, language),
        **_links_context(request, found),
    }


def _shares(data: object, prefix: str) -> dict[str, Decimal]:
    shares: dict[str, Decimal] = {}
    for key, value in data.items():  # type: ignore[attr-defined]
        if key.startswith(prefix) and str(value).strip():
            try:
                shares[key[len(prefix) :]] = Decimal(str(value).strip())
            except InvalidOperation:
                raise ValidationFailed.one(key, _("Enter a number.")) from None
    return shares


@require_http_methods(["POST"])
@domain_errors
def align(request: HtmxHttpRequest, activity_id: int, iso2: str) -> HttpResponseBase:
    """Confirm the activity's links to priorities and components (shares in %)."""
    found = access_activity_by_id(request.user, activity_id)
    place = access_country_by_iso2(request.user, iso2, internal=True)
    allowed(can_edit_support(request.user, place))
    user = signed_in(request)
    nodes = {str(n.pk): n for n in StrategyNode.objects.filter(country=place)}
    try:
        node_shares = {nodes[k]: v for k, v in _shares(request.POST, "node_").items() if k in nodes}
        set_priority_links(found, place, node_shares, acting_user=user)
        set_component_links(found, place, _shares(request.POST, "component_"), acting_user=user)
    except ValidationFailed as exc:
        context = {**_activity_context(request, found), "errors": exc.errors}
        return render_page(request, "support/activity.html", context, status=INVALID_FORM)
    return redirect("support:activity", activity_id=found.pk)


def _window(request: HtmxHttpRequest) -> tuple[Window, str]:
    text = request.GET.get("period", "")
    try:
        return Window.parse(text), ""
    except PeriodParseError as exc:
        return Window(), str(exc)


@require_safe
@domain_errors
def coordination(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """Who funds what, coverage of the national priorities, gaps and possible overlaps."""
    place = access_country_by_iso2(request.user, iso2, internal=True)
    window, error = _window(request)
    analysis = visible_analysis(request.user, place, window)
    per_partner: dict[str, Decimal] = {}
    for (partner, _component, _year), flows in analysis.by_partner.items():
        per_partner[partner] = per_partner.get(partner, Decimal(0)) + flows.commitments.usd
    chart = bar_chart(
        sorted(per_partner.items(), key=lambda i: -i[1])[:15], _("Commitments by partner (USD)")
    )
    components = sorted({c for row in analysis.who_does_what.values() for c in row})
    context = {
        "country": place,
        "analysis": analysis,
        "period": window.label,
        "period_error": error,
        "chart": chart,
        "components": [(c, dict(Component.choices).get(c, _("Unclassified"))) for c in components],
        "matrix": [
            (p, [row.get(c, 0) for c in components])
            for p, row in sorted(analysis.who_does_what.items())
        ],
        "flows": sorted(analysis.by_partner.items()),
        "tables": exports.TABLES,
    }
    return render_page(request, "support/coordination.html", context)


@require_safe
@domain_errors
def coordination_export(request: HtmxHttpRequest, iso2: str, fmt: str) -> HttpResponseBase:
    """The analysis as CSV (``?table=flows|coverage|…``) or XLSX (every table)."""
    place = access_country_by_iso2(request.user, iso2, internal=True)
    window, error = _window(request)
    if error:
        raise NotFound
    analysis = visible_analysis(request.user, place, window)
    return exports.export_response(analysis, fmt, request.GET.get("table", "flows"))
