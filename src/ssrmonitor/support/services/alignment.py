"""The national strategy tree and the confirmed links of activities to priorities, components."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core import audit
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Denied
from ssrmonitor.support.models import (
    Activity,
    ComponentLink,
    PriorityLink,
    StrategyLevel,
    StrategyNode,
)
from ssrmonitor.support.permissions import can_edit_support

HUNDRED = Decimal(100)
DAC_CODE = re.compile(r"\d{5}(?:\d{2})?")
PARENT_LEVEL = {
    StrategyLevel.PILLAR: None,
    StrategyLevel.PRIORITY: StrategyLevel.PILLAR,
    StrategyLevel.OBJECTIVE: StrategyLevel.PRIORITY,
}
# The text fields of a strategy element and their longest length (the model's ``max_length``).
TEXT_LIMITS = {"code": 20, "title": 300, "sector_codes": 200, "keywords": 500}
NODE_FIELDS = frozenset({"code", "title", "component", "sector_codes", "keywords", "parent"})
UPDATABLE = NODE_FIELDS | {"position"}


def _require_editor(user: Any, country: Country) -> None:
    if user is None:
        return
    allowed, reason = can_edit_support(user, country)
    if not allowed:
        raise Denied(reason)


def _check_parent(country: Country, level: str, parent: StrategyNode | None) -> None:
    wanted = PARENT_LEVEL[StrategyLevel(level)]
    if wanted is None and parent is not None:
        raise ValidationFailed.one("parent", _("A pillar has no parent."))
    if wanted is not None and (parent is None or parent.level != wanted):
        raise ValidationFailed.one("parent", _("Choose a parent of the level above."))
    if parent is not None and parent.country_id != country.pk:
        raise ValidationFailed.one("parent", _("The parent belongs to another country."))


def _check_cycle(node: StrategyNode, parent: StrategyNode | None) -> None:
    """Refuse a parent that is the element itself or lies below it."""
    seen: set[int] = set()
    current = parent
    while current is not None and current.pk not in seen:
        if current.pk == node.pk:
            raise ValidationFailed.one(
                "parent", _("An element cannot be placed under itself or under its own elements.")
            )
        seen.add(current.pk)
        current = current.parent


def _check_text(fields: dict[str, str]) -> None:
    for name in ("code", "title"):
        if name in fields and not fields[name]:
            raise ValidationFailed.one(name, _("This field is required."))
    for name, limit in TEXT_LIMITS.items():
        if name in fields and len(fields[name]) > limit:
            raise ValidationFailed.one(
                name, _("At most %(limit)d characters, please.") % {"limit": limit}
            )
    if fields.get("component") and fields["component"] not in Component.values:
        raise ValidationFailed.one("component", _("Unknown SSR component."))
    wrong = [c for c in fields.get("sector_codes", "").split() if not DAC_CODE.fullmatch(c)]
    if wrong:
        raise ValidationFailed.one(
            "sector_codes",
            _("%(codes)s: DAC purpose codes have 5 or 7 digits.") % {"codes": ", ".join(wrong)},
        )


def _code_taken(country: Country, code: str, exclude: StrategyNode | None = None) -> bool:
    others = StrategyNode.objects.filter(country=country, code=code)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def _normalised(fields: dict[str, Any]) -> dict[str, Any]:
    """Trimmed text; DAC codes separated by single spaces."""
    out = dict(fields)
    for name in ("code", "title", "keywords", "component"):
        if name in out:
            out[name] = str(out[name] or "").strip()
    if "sector_codes" in out:
        out["sector_codes"] = " ".join(str(out["sector_codes"] or "").split())
    return out


@transaction.atomic(durable=True)
def create_strategy_node(
    country: Country,
    *,
    acting_user: Any,
    level: str,
    code: str,
    title: str,
    parent: StrategyNode | None = None,
    component: str = "",
    sector_codes: str = "",
    keywords: str = "",
) -> StrategyNode:
    """Add a pillar, priority or objective to the country's national SSR strategy.

    Args:
        country: the country whose strategy it is.
        acting_user: needs ``support.edit`` in the country.
        level: ``pillar``, ``priority`` or ``objective``; the parent is of the level above.
        code: short unique code within the country (``1``, ``1.2``, ``1.2.a``).
        title: the wording of the strategy.
        parent: the element above (none for a pillar).
        component: the SSR component it belongs to, if any.
        sector_codes: DAC codes that suggest this element (space-separated).
        keywords: comma-separated words that suggest it.
    """
    _require_editor(acting_user, country)
    if level not in StrategyLevel.values:
        raise ValidationFailed.one("level", _("Unknown level."))
    _check_parent(country, level, parent)
    fields = _normalised(
        {
            "code": code,
            "title": title,
            "component": component,
            "sector_codes": sector_codes,
            "keywords": keywords,
        }
    )
    _check_text(fields)
    if _code_taken(country, fields["code"]):
        raise ValidationFailed.one("code", _("This code is already used in the strategy."))
    node = StrategyNode.objects.create(
        country=country,
        parent=parent,
        level=level,
        position=StrategyNode.objects.filter(country=country).count(),
        **fields,
    )
    audit.record(
        actor=acting_user,
        action="create",
        obj=node,
        country_iso2=country.iso2,
        after=audit.snapshot(node),
    )
    return node


@transaction.atomic(durable=True)
def update_strategy_node(node: StrategyNode, *, acting_user: Any, **fields: Any) -> StrategyNode:
    """Change an element of the national strategy; only the fields given change.

    Args:
        node: the element to change.
        acting_user: needs ``support.edit`` in the element's country.
        fields: any of ``code``, ``title``, ``component``, ``sector_codes``, ``keywords``,
            ``parent`` (a :class:`StrategyNode` of the level above, ``None`` for a pillar) and
            ``position`` (order among the country's elements). The level does not change:
            delete the element and add it again at another level.

    The same rules as :func:`create_strategy_node` apply (required code and title, a code used
    once per country, a parent of the level above in the same country), and an element cannot
    be placed under itself. Nothing is written, audit included, when nothing changes.
    """
    country = node.country
    _require_editor(acting_user, country)
    unknown = sorted(set(fields) - UPDATABLE)
    if unknown:
        reason = (
            _("The level of an element cannot be changed; remove it and add it again.")
            if unknown[0] == "level"
            else _("This field cannot be changed here.")
        )
        raise ValidationFailed.one(unknown[0], reason)
    changes = _normalised(fields)
    _check_text(changes)
    if "position" in changes:
        position = changes["position"]
        if isinstance(position, bool) or not isinstance(position, int) or position < 0:
            raise ValidationFailed.one("position", _("Enter a whole number, 0 or more."))
    if "code" in changes and _code_taken(country, changes["code"], exclude=node):
        raise ValidationFailed.one("code", _("This code is already used in the strategy."))
    if "parent" in changes:
        parent = changes["parent"]
        _check_parent(country, node.level, parent)
        _check_cycle(node, parent)
    before = audit.snapshot(node)
    changed = [name for name, value in changes.items() if getattr(node, name) != value]
    if not changed:
        return node
    for name in changed:
        setattr(node, name, changes[name])
    node.save(update_fields=changed)
    audit.record(
        actor=acting_user,
        action="update",
        obj=node,
        country_iso2=country.iso2,
        before={name: before[name] for name in changed},
        after=audit.snapshot(node, changed),
    )
    return node


@transaction.atomic(durable=True)
def delete_strategy_node(node: StrategyNode, *, acting_user: Any) -> None:
    """Remove an element of the national strategy that nothing depends on.

    Args:
        node: the element to remove.
        acting_user: needs ``support.edit`` in the element's country.

    Refused (:class:`ValidationFailed`, naming how many) while the element has elements below
    it or activities linked to it by a person: remove or move those first, so that no
    confirmed alignment disappears as a side effect.
    """
    country = node.country
    _require_editor(acting_user, country)
    errors: list[FieldError] = []
    children = StrategyNode.objects.filter(parent=node).count()
    if children:
        errors.append(
            FieldError(
                "__all__",
                ngettext(
                    "It has %(count)d element below it; remove or move it first.",
                    "It has %(count)d elements below it; remove or move them first.",
                    children,
                )
                % {"count": children},
            )
        )
    links = PriorityLink.objects.filter(node=node).count()
    if links:
        errors.append(
            FieldError(
                "__all__",
                ngettext(
                    "%(count)d activity is linked to it; change that activity's alignment first.",
                    "%(count)d activities are linked to it; change their alignment first.",
                    links,
                )
                % {"count": links},
            )
        )
    if errors:
        raise ValidationFailed(errors)
    audit.record(
        actor=acting_user,
        action="delete",
        obj=node,
        country_iso2=country.iso2,
        before=audit.snapshot(node),
    )
    node.delete()


@dataclass
class TreeNode:
    """An element of the strategy with the elements below it, in order."""

    node: StrategyNode
    children: list[TreeNode] = field(default_factory=list)


def strategy_tree(nodes: Iterable[StrategyNode]) -> list[TreeNode]:
    """The elements as a tree of pillars, ordered by position then code at every level.

    An element whose parent is not among ``nodes`` is shown at the top, so nothing is lost.
    """
    ordered = sorted(nodes, key=lambda n: (n.position, n.code, n.pk))
    entries = {n.pk: TreeNode(n) for n in ordered}
    roots: list[TreeNode] = []
    for node in ordered:
        parent = entries.get(node.parent_id) if node.parent_id is not None else None
        (parent.children if parent is not None else roots).append(entries[node.pk])
    return roots


def _check_shares(shares: dict[Any, Decimal], field: str) -> None:
    if not shares:
        return
    if any(share <= 0 or share > HUNDRED for share in shares.values()):
        raise ValidationFailed.one(field, _("Each share is more than 0 and at most 100 %."))
    total = sum(shares.values(), Decimal(0))
    if total != HUNDRED:
        raise ValidationFailed.one(
            field, _("The shares add up to %(total)s %%, not 100 %%.") % {"total": total}
        )


def concerns(activity: Activity, country: Country) -> bool:
    """True when the activity was recorded for the country or names it as recipient."""
    if activity.country_id == country.pk:
        return True
    if activity.countries.filter(code=country.iso2).exists():
        return True
    return activity.transactions.filter(recipient_country=country.iso2).exists()


@transaction.atomic(durable=True)
def set_priority_links(
    activity: Activity,
    country: Country,
    shares: dict[StrategyNode, Decimal],
    *,
    acting_user: Any,
) -> list[PriorityLink]:
    """Replace the activity's links to the country's strategy with ``shares`` (summing to 100 %).

    Args:
        activity: an activity that concerns ``country``.
        country: whose strategy the links point into.
        shares: strategy element → percentage of the activity; empty removes the links.
        acting_user: needs ``support.edit`` in the country; recorded as who confirmed.
    """
    _require_editor(acting_user, country)
    if not concerns(activity, country):
        raise ValidationFailed.one("activity", _("The activity does not concern this country."))
    if any(node.country_id != country.pk for node in shares):
        raise ValidationFailed.one("node", _("A strategy element belongs to another country."))
    if any(node.level == StrategyLevel.PILLAR for node in shares):
        raise ValidationFailed.one("node", _("Link to a priority or an objective, not a pillar."))
    _check_shares(shares, "share")
    old = PriorityLink.objects.filter(activity=activity, node__country=country)
    before = {"links": [(link.node.code, str(link.share)) for link in old.select_related("node")]}
    old.delete()
    user = acting_user if getattr(acting_user, "pk", None) else None
    now = timezone.now()
    links = [
        PriorityLink.objects.create(
            activity=activity, node=node, share=share, confirmed_by=user, confirmed_at=now
        )
        for node, share in shares.items()
    ]
    after = {"links": [(node.code, str(share)) for node, share in shares.items()]}
    audit.record(
        actor=acting_user,
        action="align",
        obj=activity,
        country_iso2=country.iso2,
        before=before,
        after=after,
    )
    return links


@transaction.atomic(durable=True)
def set_component_links(
    activity: Activity,
    country: Country,
    shares: dict[str, Decimal],
    *,
    acting_user: Any,
) -> list[ComponentLink]:
    """Replace the activity's SSR component classification with ``shares`` (summing to 100 %).

    Args:
        activity: an activity that concerns ``country``.
        country: the country whose office classifies it (for the permission and the audit).
        shares: component value → percentage; empty removes the classification.
        acting_user: needs ``support.edit`` in the country.
    """
    _require_editor(acting_user, country)
    if not concerns(activity, country):
        raise ValidationFailed.one("activity", _("The activity does not concern this country."))
    if any(component not in Component.values for component in shares):
        raise ValidationFailed.one("component", _("Unknown SSR component."))
    _check_shares(shares, "share")
    old = ComponentLink.objects.filter(activity=activity)
    before = {"components": [(link.component, str(link.share)) for link in old]}
    old.delete()
    user = acting_user if getattr(acting_user, "pk", None) else None
    links = [
        ComponentLink.objects.create(activity=activity, component=c, share=s, confirmed_by=user)
        for c, s in shares.items()
    ]
    after = {"components": [(c, str(s)) for c, s in shares.items()]}
    audit.record(
        actor=acting_user,
        action="classify",
        obj=activity,
        country_iso2=country.iso2,
        before=before,
        after=after,
    )
    return links
