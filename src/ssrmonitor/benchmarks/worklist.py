"""The benchmarks part of the home worklist (see :mod:`ssrmonitor.core.home`).

For the signed-in visitor, per country, read through :mod:`ssrmonitor.benchmarks.permissions`:

* **values due** — where they enter data: indicators of active frameworks with no value yet
  (in any state) for the current period of their frequency (ad hoc indicators are never due);
* **drafts to submit** and **values returned** — their own, where they still enter data;
* **reviews waiting** — where they review: submitted values they had no hand in (never their
  own submission, the separation-of-duties rule of :func:`can_review_measurement`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.benchmarks.models import (
    Framework,
    FrameworkStatus,
    Frequency,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.benchmarks.permissions import indicators_visible_to, measurements_visible_to
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.home import WorkItem, WorkLink, WorklistSource
from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import PeriodKind, ReportingPeriod
from ssrmonitor.core.permissions import Action, country_ids_with

_KINDS = {
    Frequency.MONTHLY: PeriodKind.MONTH,
    Frequency.QUARTERLY: PeriodKind.QUARTER,
    Frequency.HALF_YEARLY: PeriodKind.HALF,
    Frequency.ANNUAL: PeriodKind.YEAR,
}
_PER_YEAR = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}


def current_period(frequency: str, today: date) -> ReportingPeriod | None:
    """The period of ``frequency`` that contains ``today`` (``None`` for ad hoc indicators)."""
    kind = _KINDS.get(Frequency(frequency)) if frequency in Frequency.values else None
    if kind is None:
        return None
    index = (today.month - 1) // (12 // _PER_YEAR[kind]) + 1
    return ReportingPeriod(today.year, kind, index)


def _in(ids: set[int] | None, field: str) -> Q:
    return Q() if ids is None else Q(**{f"{field}__in": ids})


def _grid(framework: Framework, period: ReportingPeriod) -> str:
    base = reverse("benchmarks:period_grid", args=[framework.pk])
    return f"{base}?{urlencode({'period': str(period)})}"


def values_due(user: Viewer, today: date) -> list[WorkItem]:
    """Per country: indicators of active frameworks without a value for their current period."""
    ids = country_ids_with(user, Action.ENTER_DATA)
    if ids is not None and not ids:
        return []
    indicators = list(
        indicators_visible_to(user)
        .filter(_in(ids, "benchmark__framework__country_id"))
        .filter(benchmark__framework__status=FrameworkStatus.ACTIVE)
        .exclude(frequency=Frequency.AD_HOC)
        .select_related("benchmark__framework__country")
        .order_by("benchmark__framework__title", "benchmark__position", "position", "id")
    )
    wanted = {ind.pk: current_period(ind.frequency, today) for ind in indicators}
    periods = {str(p) for p in wanted.values() if p is not None}
    existing = set(
        Measurement.objects.filter(indicator__in=list(wanted), period__in=periods).values_list(
            "indicator_id", "period"
        )
    )
    due: dict[tuple[Framework, ReportingPeriod], int] = defaultdict(int)
    for ind in indicators:
        period = wanted[ind.pk]
        if period is not None and (ind.pk, period) not in existing:
            due[(ind.benchmark.framework, period)] += 1
    by_country: dict[Country, list[WorkLink]] = defaultdict(list)
    counts: dict[Country, int] = defaultdict(int)
    for (framework, period), count in due.items():
        note = ngettext("%(count)s value for %(period)s", "%(count)s values for %(period)s", count)
        link = WorkLink(
            framework.title, _grid(framework, period), note % {"count": count, "period": period}
        )
        by_country[framework.country].append(link)
        counts[framework.country] += count
    return [
        WorkItem(
            place,
            "values_due",
            _("values due this period"),
            counts[place],
            links[0].url,
            links,
            order=10,
        )
        for place, links in by_country.items()
    ]


def _measurement_link(m: Measurement) -> WorkLink:
    url = reverse("benchmarks:measurement", args=[m.pk])
    return WorkLink(f"{m.indicator.code} · {m.period}", url, m.indicator.benchmark.framework.title)


def _by_country(
    rows: list[Measurement], kind: str, label: str, url: str | None, order: int
) -> list[WorkItem]:
    grouped: dict[Country, list[Measurement]] = defaultdict(list)
    for m in rows:
        grouped[m.indicator.benchmark.framework.country].append(m)
    return [
        WorkItem(
            place,
            kind,
            label,
            len(found),
            url or _measurement_link(found[0]).url,
            [_measurement_link(m) for m in found],
            order=order,
        )
        for place, found in grouped.items()
    ]


def _measurements(user: Viewer) -> QuerySet[Measurement]:
    return measurements_visible_to(user).select_related("indicator__benchmark__framework__country")


def own_values(user: User) -> list[WorkItem]:
    """Drafts to submit and values returned to ``user``, where they still enter data."""
    ids = country_ids_with(user, Action.ENTER_DATA)
    if ids is not None and not ids:
        return []
    rows = list(
        _measurements(user)
        .filter(_in(ids, "indicator__benchmark__framework__country_id"), author=user)
        .filter(status__in=[MeasurementStatus.DRAFT, MeasurementStatus.RETURNED])
        .order_by("period_end", "indicator__code", "id")
    )
    drafts = [m for m in rows if m.status == MeasurementStatus.DRAFT]
    returned = [m for m in rows if m.status == MeasurementStatus.RETURNED]
    return _by_country(drafts, "drafts", _("drafts to submit"), None, 20) + _by_country(
        returned, "returned", _("values returned to you"), None, 15
    )


def reviews_waiting(user: User) -> list[WorkItem]:
    """Submitted values ``user`` may review: in their countries, none of their own."""
    ids = country_ids_with(user, Action.REVIEW_DATA)
    if ids is not None and not ids:
        return []
    rows = [
        m
        for m in _measurements(user)
        .filter(_in(ids, "indicator__benchmark__framework__country_id"))
        .filter(status=MeasurementStatus.SUBMITTED)
        .order_by("submitted_at", "id")
        if not m.contributed(user.pk)
    ]
    queue = reverse("benchmarks:review_queue")
    return _by_country(rows, "reviews", _("values waiting for your review"), queue, 30)


def work_items(viewer: Viewer) -> list[WorkItem]:
    """Everything of the benchmarks app waiting for ``viewer`` (nothing for the public)."""
    user = viewer if isinstance(viewer, User) else None
    if user is None or not user.is_active:
        return []
    today = timezone.localdate()
    return values_due(user, today) + own_values(user) + reviews_waiting(user)


SOURCE = WorklistSource(key="benchmarks", items=work_items)
