"""The national strategy tree and the confirmed links of activities to priorities, components."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core import audit
from ssrmonitor.core.errors import ValidationFailed
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
PARENT_LEVEL = {
    StrategyLevel.PILLAR: None,
    StrategyLevel.PRIORITY: StrategyLevel.PILLAR,
    StrategyLevel.OBJECTIVE: StrategyLevel.PRIORITY,
}


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
    if not code.strip() or not title.strip():
        raise ValidationFailed.one(
            "code" if not code.strip() else "title", _("This field is required.")
        )
    if component and component not in Component.values:
        raise ValidationFailed.one("component", _("Unknown SSR component."))
    if StrategyNode.objects.filter(country=country, code=code.strip()).exists():
        raise ValidationFailed.one("code", _("This code is already used in the strategy."))
    node = StrategyNode.objects.create(
        country=country,
        parent=parent,
        level=level,
        code=code.strip(),
        title=title.strip(),
        component=component,
        sector_codes=" ".join(sector_codes.split()),
        keywords=keywords.strip(),
        position=StrategyNode.objects.filter(country=country).count(),
    )
    audit.record(
        actor=acting_user,
        action="create",
        obj=node,
        country_iso2=country.iso2,
        after=audit.snapshot(node),
    )
    return node


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
