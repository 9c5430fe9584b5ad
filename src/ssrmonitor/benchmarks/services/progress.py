"""Recomputing every indicator's stored progress (``ssrmonitor recompute_progress``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from ssrmonitor.benchmarks.models import Indicator
from ssrmonitor.benchmarks.progress_store import refresh_progress, stale_progress
from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action, Denied, country_ids_with


@dataclass(frozen=True)
class Recomputed:
    """How many indicators were recomputed, and how many of them had stale or no progress."""

    indicators: int
    changed: int


@transaction.atomic(durable=True)
def recompute_all_progress(*, acting_user: Actor) -> Recomputed:
    """Recompute the stored progress of every indicator, in one transaction.

    One audit event per country whose stored progress changed (how many indicators).

    Raises:
        Denied: unless ``acting_user`` may edit frameworks in every country.
    """
    if country_ids_with(acting_user, Action.EDIT_FRAMEWORKS) is not None:
        raise Denied("Recomputing progress needs benchmarks.edit_frameworks in every country.")
    stale = stale_progress()
    total = refresh_progress(Indicator.objects.all())
    by_country: dict[int, int] = defaultdict(int)
    for country_id in Indicator.objects.filter(pk__in=stale).values_list(
        "benchmark__framework__country_id", flat=True
    ):
        by_country[country_id] += 1
    for country in Country.objects.filter(pk__in=list(by_country)).order_by("iso2"):
        audit.record(
            actor=acting_user,
            action="recompute_progress",
            obj=country,
            country_iso2=country.iso2,
            after={"indicators_changed": by_country[country.pk]},
        )
    return Recomputed(total, len(stale))
