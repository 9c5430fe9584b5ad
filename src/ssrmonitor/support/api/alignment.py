"""API routes of an activity's alignment: confirmed priorities and components, suggestions.

For members of the country (404 for anybody else); editors and administrators
(``support.edit``) confirm the alignment, other members get 403.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.api_support import ERRORS, READ_AUTH, WRITE_AUTH, actor_of, viewer_of
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.permissions import NotFound
from ssrmonitor.support.api.strategy import renamed
from ssrmonitor.support.models import (
    Activity,
    ComponentLink,
    PriorityLink,
    StrategyLevel,
    StrategyNode,
)
from ssrmonitor.support.permissions import access_activity_by_id, access_country_by_iso2
from ssrmonitor.support.schemas import AlignmentOut, ComponentsIn, PrioritiesIn, SuggestionsOut
from ssrmonitor.support.services.alignment import concerns, set_component_links, set_priority_links
from ssrmonitor.support.suggestions import suggest_components, suggest_priorities

router = Router()


def _country_activity(user: Viewer, place: Country, activity_id: int) -> Activity:
    """An activity ``user`` sees that concerns ``place`` (404 otherwise)."""
    found = access_activity_by_id(user, activity_id)
    if not concerns(found, place):
        raise NotFound
    return found


def _who(user: User | None) -> str:
    return user.get_username() if user is not None else ""


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
    user = actor_of(request)
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
        raise renamed(exc, {"node": "priorities", "share": "priorities"}) from None
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
    user = actor_of(request)
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
        raise renamed(exc, {"component": "components", "share": "components"}) from None
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
