"""The national SSR strategy: pillars, priorities and objectives, and the tree they form."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import require
from ssrmonitor.support.models import PriorityLink, StrategyLevel, StrategyNode
from ssrmonitor.support.permissions import can_edit_support

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
    acting_user: Actor,
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
    require(can_edit_support(acting_user, country))
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
def update_strategy_node(node: StrategyNode, *, acting_user: Actor, **fields: Any) -> StrategyNode:
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
    require(can_edit_support(acting_user, country))
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
def delete_strategy_node(node: StrategyNode, *, acting_user: Actor) -> None:
    """Remove an element of the national strategy that nothing depends on.

    Args:
        node: the element to remove.
        acting_user: needs ``support.edit`` in the element's country.

    Refused (:class:`ValidationFailed`, naming how many) while the element has elements below
    it or activities linked to it by a person: remove or move those first, so that no
    confirmed alignment disappears as a side effect.
    """
    country = node.country
    require(can_edit_support(acting_user, country))
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
