"""JSON API routes of the support app (mounted under /api/v1/support/).

Activities imported from IATI are public; national entries, the national strategy, the
alignment links and the coordination analysis are for members of the country (404 for anybody
else). Editors and administrators (``support.edit``) change them; other members get 403.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core.api_support import ERRORS, READ_AUTH, WRITE_AUTH, page_of, viewer_of
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country, Organisation
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.periods import PeriodParseError
from ssrmonitor.core.permissions import NotFound
from ssrmonitor.support.analytics import (
    CountryAnalysis,
    Window,
    analyse_country,
    country_activities,
)
from ssrmonitor.support.iati.export import export_xml
from ssrmonitor.support.models import (
    Activity,
    ComponentLink,
    PriorityLink,
    Source,
    StrategyLevel,
    StrategyNode,
)
from ssrmonitor.support.money import MoneyBag
from ssrmonitor.support.permissions import (
    access_activity_by_id,
    access_country_by_iso2,
    access_strategy_node_by_id,
    activities_visible_to,
)
from ssrmonitor.support.schemas import (
    ActivityDetailOut,
    ActivityFilters,
    ActivityPage,
    AlignmentOut,
    ComponentsIn,
    CoordinationOut,
    NationalActivityIn,
    PrioritiesIn,
    StrategyNodeIn,
    StrategyNodeOut,
    StrategyNodePatch,
    StrategyOut,
    SuggestionsOut,
)
from ssrmonitor.support.services.activities import MoneyLine, NationalActivity, record_activity
from ssrmonitor.support.services.alignment import (
    TreeNode,
    concerns,
    create_strategy_node,
    delete_strategy_node,
    set_component_links,
    set_priority_links,
    strategy_tree,
    update_strategy_node,
)
from ssrmonitor.support.suggestions import suggest_components, suggest_priorities

router = Router(tags=["support"])


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


def _activities(user: Any, filters: ActivityFilters) -> QuerySet[Activity]:
    queryset = activities_visible_to(user)
    if filters.country:
        place = access_country_by_iso2(user, filters.country, internal=False)
        queryset = country_activities(place, queryset)
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
    count, rows = page_of(_activities(viewer_of(request), filters), filters)
    return {
        "count": count,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_activity(a) for a in rows],
    }


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
    return _analysis_out(analyse_country(place, activities_visible_to(user), window))


@router.get(
    "/countries/{iso2}/iati.xml",
    response={**ERRORS},
    auth=READ_AUTH,
    summary="IATI 2.03 XML of national entries",
)
def iati_xml(request: HttpRequest, iso2: str) -> HttpResponse:
    """Schema-valid IATI 2.03 XML of the activities recorded in SSR Monitor for the country."""
    place = access_country_by_iso2(viewer_of(request), iso2, internal=True)
    data = export_xml(Activity.objects.filter(source=Source.NATIONAL, country=place))
    return HttpResponse(data, content_type="application/xml; charset=utf-8")


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
    user = viewer_of(request)
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


# --- the national strategy ----------------------------------------------------------------


def _renamed(exc: ValidationFailed, names: dict[str, str]) -> ValidationFailed:
    """The service's errors with field names as the API's input calls them."""
    return ValidationFailed(FieldError(names.get(e.field, e.field), e.reason) for e in exc.errors)


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


def _tree_out(entry: TreeNode, linked: dict[int, int]) -> dict[str, Any]:
    node = entry.node
    return {
        "id": node.pk,
        "level": node.level,
        "code": node.code,
        "title": node.title,
        "parent_id": node.parent_id,
        "component": node.component,
        "sector_codes": node.sector_codes.split(),
        "keywords": _words(node.keywords),
        "position": node.position,
        "linked_activities": linked.get(node.pk, 0),
        "children": [_tree_out(child, linked) for child in entry.children],
    }


def _tree(place: Country) -> list[TreeNode]:
    return strategy_tree(StrategyNode.objects.filter(country=place))


def _linked(place: Country) -> dict[int, int]:
    rows = (
        PriorityLink.objects.filter(node__country=place)
        .values("node_id")
        .annotate(activities=Count("activity", distinct=True))
    )
    return {row["node_id"]: row["activities"] for row in rows}


def _node_out(place: Country, node: StrategyNode) -> dict[str, Any]:
    pending = list(_tree(place))
    while pending:
        entry = pending.pop()
        if entry.node.pk == node.pk:
            return _tree_out(entry, _linked(place))
        pending.extend(entry.children)
    return _tree_out(TreeNode(node), _linked(place))  # pragma: no cover (always in the tree)


def _strategy_node(user: Any, place: Country, node_id: int) -> StrategyNode:
    """An element of ``place``'s strategy, through the permission layer (404 otherwise)."""
    node = access_strategy_node_by_id(user, node_id)
    if node.country_id != place.pk:
        raise NotFound
    return node


def _parent(place: Country, parent_id: int | None) -> StrategyNode | None:
    if parent_id is None:
        return None
    found = StrategyNode.objects.filter(country=place, pk=parent_id).first()
    if found is None:
        raise ValidationFailed.one(
            "parent_id", _("No element of this country's strategy has this id.")
        )
    return found


@router.get(
    "/countries/{iso2}/strategy",
    response={200: StrategyOut, **ERRORS},
    auth=READ_AUTH,
    summary="The national SSR strategy of a country",
)
def get_strategy(request: HttpRequest, iso2: str) -> dict[str, Any]:
    """Pillars → priorities → objectives, each with its number of linked activities (members)."""
    place = access_country_by_iso2(viewer_of(request), iso2, internal=True)
    linked = _linked(place)
    return {"country": place.iso2, "nodes": [_tree_out(e, linked) for e in _tree(place)]}


@router.post(
    "/countries/{iso2}/strategy",
    response={201: StrategyNodeOut, **ERRORS},
    auth=WRITE_AUTH,
    summary="Add an element to the national strategy",
)
def create_node(request: HttpRequest, iso2: str, payload: StrategyNodeIn) -> Status[dict[str, Any]]:
    """Add a pillar, a priority (under a pillar) or an objective (under a priority)."""
    user = viewer_of(request)
    place = access_country_by_iso2(user, iso2, internal=True)
    try:
        node = create_strategy_node(
            place,
            acting_user=user,
            level=payload.level,
            code=payload.code,
            title=payload.title,
            parent=_parent(place, payload.parent_id),
            component=payload.component or "",
            sector_codes=" ".join(payload.sector_codes),
            keywords=", ".join(w.strip() for w in payload.keywords if w.strip()),
        )
    except ValidationFailed as exc:
        raise _renamed(exc, {"parent": "parent_id"}) from None
    return Status(201, _node_out(place, node))


@router.patch(
    "/countries/{iso2}/strategy/{node_id}",
    response={200: StrategyNodeOut, **ERRORS},
    auth=WRITE_AUTH,
    summary="Change an element of the national strategy",
)
def update_node(
    request: HttpRequest, iso2: str, node_id: int, payload: StrategyNodePatch
) -> dict[str, Any]:
    """Change the fields sent; moving an element means sending another ``parent_id``."""
    user = viewer_of(request)
    place = access_country_by_iso2(user, iso2, internal=True)
    node = _strategy_node(user, place, node_id)
    sent = payload.changes()
    changes: dict[str, Any] = {}
    for name, value in sent.items():
        if name == "parent_id":
            changes["parent"] = _parent(place, value)
        elif name == "sector_codes":
            changes[name] = " ".join(value)
        elif name == "keywords":
            changes[name] = ", ".join(w.strip() for w in value if w.strip())
        elif name == "component":
            changes[name] = value or ""
        else:
            changes[name] = value
    try:
        node = update_strategy_node(node, acting_user=user, **changes)
    except ValidationFailed as exc:
        raise _renamed(exc, {"parent": "parent_id"}) from None
    return _node_out(place, node)


@router.delete(
    "/countries/{iso2}/strategy/{node_id}",
    response={204: None, **ERRORS},
    auth=WRITE_AUTH,
    summary="Remove an element of the national strategy",
)
def delete_node(request: HttpRequest, iso2: str, node_id: int) -> Status[None]:
    """Remove an element with no element below it and no linked activity (422 says how many)."""
    user = viewer_of(request)
    place = access_country_by_iso2(user, iso2, internal=True)
    delete_strategy_node(_strategy_node(user, place, node_id), acting_user=user)
    return Status(204, None)


# --- alignment of an activity -------------------------------------------------------------


def _country_activity(user: Any, place: Country, activity_id: int) -> Activity:
    """An activity ``user`` sees that concerns ``place`` (404 otherwise)."""
    found = access_activity_by_id(user, activity_id)
    if not concerns(found, place):
        raise NotFound
    return found


def _who(user: Any) -> str:
    return str(user.get_username()) if user is not None else ""


def _alignment_out(activity: Activity, place: Country) -> dict[str, Any]:
    labels = dict(Component.choices)
    priorities = (
        PriorityLink.objects.filter(activity=activity, node__country=place)
        .select_related("node", "confirmed_by")
        .order_by("node__position", "node__code")
    )
    components = ComponentLink.objects.filter(activity=activity).select_related("confirmed_by")
    return {
        "activity_id": activity.pk,
        "country": place.iso2,
        "priorities": [
            {
                "node_id": link.node_id,
                "code": link.node.code,
                "title": link.node.title,
                "share": plain(link.share),
                "confirmed_by": _who(link.confirmed_by),
                "confirmed_at": link.confirmed_at,
            }
            for link in priorities
        ],
        "components": [
            {
                "component": link.component,
                "label": str(labels.get(link.component, link.component)),
                "share": plain(link.share),
                "confirmed_by": _who(link.confirmed_by),
                "confirmed_at": link.confirmed_at,
            }
            for link in components
        ],
    }


@router.get(
    "/countries/{iso2}/activities/{activity_id}/alignment",
    response={200: AlignmentOut, **ERRORS},
    auth=READ_AUTH,
    summary="The confirmed alignment of an activity",
)
def get_alignment(request: HttpRequest, iso2: str, activity_id: int) -> dict[str, Any]:
    """Its shares of the country's priorities and of the SSR components (members)."""
    user = viewer_of(request)
    place = access_country_by_iso2(user, iso2, internal=True)
    return _alignment_out(_country_activity(user, place, activity_id), place)


@router.put(
    "/countries/{iso2}/activities/{activity_id}/priorities",
    response={200: AlignmentOut, **ERRORS},
    auth=WRITE_AUTH,
    summary="Confirm the priorities an activity serves",
)
def put_priorities(
    request: HttpRequest, iso2: str, activity_id: int, payload: PrioritiesIn
) -> dict[str, Any]:
    """Replace the activity's links to the country's strategy: shares add up to 100, [] removes."""
    user = viewer_of(request)
    place = access_country_by_iso2(user, iso2, internal=True)
    found = _country_activity(user, place, activity_id)
    nodes = StrategyNode.objects.in_bulk([item.node_id for item in payload.priorities])
    shares: dict[StrategyNode, Decimal] = {}
    for i, item in enumerate(payload.priorities):
        node = nodes.get(item.node_id)
        if node is None or node.country_id != place.pk:
            raise ValidationFailed.one(
                f"priorities.{i}.node_id", _("No element of this country's strategy has this id.")
            )
        if node in shares:
            raise ValidationFailed.one(
                f"priorities.{i}.node_id", _("This element is listed more than once.")
            )
        shares[node] = item.share
    try:
        set_priority_links(found, place, shares, acting_user=user)
    except ValidationFailed as exc:
        raise _renamed(exc, {"node": "priorities", "share": "priorities"}) from None
    return _alignment_out(found, place)


@router.put(
    "/countries/{iso2}/activities/{activity_id}/components",
    response={200: AlignmentOut, **ERRORS},
    auth=WRITE_AUTH,
    summary="Confirm the SSR components of an activity",
)
def put_components(
    request: HttpRequest, iso2: str, activity_id: int, payload: ComponentsIn
) -> dict[str, Any]:
    """Replace the activity's component classification: shares add up to 100, [] removes it."""
    user = viewer_of(request)
    place = access_country_by_iso2(user, iso2, internal=True)
    found = _country_activity(user, place, activity_id)
    shares: dict[str, Decimal] = {}
    for i, item in enumerate(payload.components):
        if item.component in shares:
            raise ValidationFailed.one(
                f"components.{i}.component", _("This component is listed more than once.")
            )
        shares[item.component] = item.share
    try:
        set_component_links(found, place, shares, acting_user=user)
    except ValidationFailed as exc:
        raise _renamed(exc, {"component": "components", "share": "components"}) from None
    return _alignment_out(found, place)


@router.get(
    "/countries/{iso2}/activities/{activity_id}/suggestions",
    response={200: SuggestionsOut, **ERRORS},
    auth=READ_AUTH,
    summary="Suggested priorities and components of an activity",
)
def get_suggestions(request: HttpRequest, iso2: str, activity_id: int) -> dict[str, Any]:
    """Proposals from DAC codes and keywords, for a person to confirm; nothing is written."""
    user = viewer_of(request)
    place = access_country_by_iso2(user, iso2, internal=True)
    found = _country_activity(user, place, activity_id)
    linkable = [
        n
        for n in StrategyNode.objects.filter(country=place).order_by("position", "code")
        if n.level != StrategyLevel.PILLAR
    ]
    by_code = {n.code: n for n in linkable}
    labels = dict(Component.choices)
    return {
        "activity_id": found.pk,
        "country": place.iso2,
        "priorities": [
            {
                "node_id": by_code[s.target].pk,
                "code": s.target,
                "title": by_code[s.target].title,
                "reason": s.reason,
            }
            for s in suggest_priorities(found, linkable)
        ],
        "components": [
            {
                "component": s.target,
                "label": str(labels.get(s.target, s.target)),
                "reason": s.reason,
            }
            for s in suggest_components(found)
        ],
    }
