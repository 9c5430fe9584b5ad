"""The confirmed alignment of activities: their shares of priorities and of SSR components."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, person
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import require
from ssrmonitor.support.models import (
    Activity,
    ComponentLink,
    PriorityLink,
    StrategyLevel,
    StrategyNode,
)
from ssrmonitor.support.permissions import can_edit_support

HUNDRED = Decimal(100)


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
    acting_user: Actor,
) -> list[PriorityLink]:
    """Replace the activity's links to the country's strategy with ``shares`` (summing to 100 %).

    Args:
        activity: an activity that concerns ``country``.
        country: whose strategy the links point into.
        shares: strategy element → percentage of the activity; empty removes the links.
        acting_user: needs ``support.edit`` in the country; recorded as who confirmed.
    """
    require(can_edit_support(acting_user, country))
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
    user = person(acting_user)
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
    acting_user: Actor,
) -> list[ComponentLink]:
    """Replace the activity's SSR component classification with ``shares`` (summing to 100 %).

    Args:
        activity: an activity that concerns ``country``.
        country: the country whose office classifies it (for the permission and the audit).
        shares: component value → percentage; empty removes the classification.
        acting_user: needs ``support.edit`` in the country.
    """
    require(can_edit_support(acting_user, country))
    if not concerns(activity, country):
        raise ValidationFailed.one("activity", _("The activity does not concern this country."))
    if any(component not in Component.values for component in shares):
        raise ValidationFailed.one("component", _("Unknown SSR component."))
    _check_shares(shares, "share")
    old = ComponentLink.objects.filter(activity=activity)
    before = {"components": [(link.component, str(link.share)) for link in old]}
    old.delete()
    user = person(acting_user)
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
