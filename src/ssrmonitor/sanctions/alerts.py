"""The embargo alert: equipment going to a country under embargo with no exemption recorded.

Pure rule (:func:`embargo_alerts`) plus the read side (:func:`alerts_visible_to`).

A flagged support activity (lethal or security equipment, see
:class:`~ssrmonitor.sanctions.models.EquipmentFlag`) raises an alert when its country has an
arms embargo measure **in force** on the day (started, or no start recorded, and not ended)
and **no exemption request** other than a withdrawn one is recorded for that activity in that
country. Refused requests still count as recorded: the alert is about a supply nobody has put
before the committee, not about the committee's answer (a refusal is visible on the request).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.permissions import Action, country_q
from ssrmonitor.sanctions.models import (
    EmbargoMeasure,
    EquipmentFlag,
    ExemptionRequest,
    ExemptionStatus,
)


@dataclass(frozen=True)
class MeasurePeriod:
    country_id: int
    start: date | None
    end: date | None

    def in_force(self, today: date) -> bool:
        started = self.start is None or self.start <= today
        return started and (self.end is None or self.end >= today)


@dataclass(frozen=True)
class FlagFacts:
    flag_id: int
    activity_id: int
    country_id: int


def embargo_alerts(
    flags: Iterable[FlagFacts],
    measures: Iterable[MeasurePeriod],
    exempted: set[tuple[int, int]],
    *,
    today: date,
) -> list[FlagFacts]:
    """The flags that need an exemption and have none.

    Args:
        flags: flagged activities with the country they supply.
        measures: the embargo measures and their periods.
        exempted: ``(activity_id, country_id)`` pairs with a request that is not withdrawn.
        today: the day the rule is applied.
    """
    under_embargo = {m.country_id for m in measures if m.in_force(today)}
    return [
        flag
        for flag in flags
        if flag.country_id in under_embargo and (flag.activity_id, flag.country_id) not in exempted
    ]


def flags_visible_to(user: Viewer) -> QuerySet[EquipmentFlag]:
    """Equipment flags of the countries where ``user`` holds ``sanctions.view_internal``."""
    visible = EquipmentFlag.objects.filter(country_q(user, Action.VIEW_SANCTIONS_INTERNAL))
    return visible.select_related("activity", "country")


def alerts_visible_to(
    user: Viewer, *, today: date, country_id: int | None = None
) -> list[EquipmentFlag]:
    """The flags raising an alert that ``user`` may see (optionally of one country)."""
    flags = flags_visible_to(user)
    if country_id is not None:
        flags = flags.filter(country_id=country_id)
    rows = {flag.pk: flag for flag in flags}
    countries = {flag.country_id for flag in rows.values()}
    periods = [
        MeasurePeriod(m.country_id, m.in_force_from, m.in_force_until)
        for m in EmbargoMeasure.objects.filter(country_id__in=countries)
    ]
    requests = ExemptionRequest.objects.filter(
        country_id__in=countries, activity__isnull=False
    ).exclude(status=ExemptionStatus.WITHDRAWN)
    exempted = set(requests.values_list("activity_id", "country_id"))
    facts = [FlagFacts(f.pk, f.activity_id, f.country_id) for f in rows.values()]
    return [rows[fact.flag_id] for fact in embargo_alerts(facts, periods, exempted, today=today)]
