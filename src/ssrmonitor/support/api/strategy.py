"""API routes of the national SSR strategy: the tree, and adding, changing, removing elements.

The strategy is for members of the country (404 for anybody else); editors and administrators
(``support.edit``) change it, other members get 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.api_support import ERRORS, READ_AUTH, WRITE_AUTH, actor_of, viewer_of
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import NotFound
from ssrmonitor.support.models import PriorityLink, StrategyNode
from ssrmonitor.support.permissions import access_country_by_iso2, access_strategy_node_by_id
from ssrmonitor.support.schemas import (
    StrategyNodeIn,
    StrategyNodeOut,
    StrategyNodePatch,
    StrategyOut,
)
from ssrmonitor.support.services.strategy import (
    TreeNode,
    create_strategy_node,
    delete_strategy_node,
    strategy_tree,
    update_strategy_node,
)

router = Router()


def renamed(exc: ValidationFailed, names: dict[str, str]) -> ValidationFailed:
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


def _strategy_node(user: Viewer, place: Country, node_id: int) -> StrategyNode:
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
    user = actor_of(request)
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
        raise renamed(exc, {"parent": "parent_id"}) from None
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
    user = actor_of(request)
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
        raise renamed(exc, {"parent": "parent_id"}) from None
    return _node_out(place, node)


@router.delete(
    "/countries/{iso2}/strategy/{node_id}",
    response={204: None, **ERRORS},
    auth=WRITE_AUTH,
    summary="Remove an element of the national strategy",
)
def delete_node(request: HttpRequest, iso2: str, node_id: int) -> Status[None]:
    """Remove an element with no element below it and no linked activity (422 says how many)."""
    user = actor_of(request)
    place = access_country_by_iso2(user, iso2, internal=True)
    delete_strategy_node(_strategy_node(user, place, node_id), acting_user=user)
    return Status(204, None)
