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
from collections.abc import Callable
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
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
from ssrmonitor.core.home import LINKS_SHOWN, WorkItem, WorkLink, WorklistSource
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
    """Per country: indicators of active frameworks without a value for their current period.

    Counted by the database per framework and frequency (one query, whatever the number of
    indicators), then one query for the frameworks that have some due.
    """
    ids = country_ids_with(user, Action.ENTER_DATA)
    if ids is not None and not ids:
        return []
    periods = {
        frequency: period
        for frequency in Frequency.values
        if (period := current_period(frequency, today)) is not None
    }
    current = Case(
        *(When(frequency=frequency, then=Value(str(p))) for frequency, p in periods.items()),
        output_field=CharField(),
    )
    recorded = Measurement.objects.filter(indicator=OuterRef("pk"), period=OuterRef("current"))
    rows = (
        indicators_visible_to(user)
        .filter(_in(ids, "benchmark__framework__country_id"))
        .filter(benchmark__framework__status=FrameworkStatus.ACTIVE, frequency__in=list(periods))
        .alias(current=current)
        .filter(~Exists(recorded))
        .order_by()
        .values_list("benchmark__framework_id", "frequency")
        .annotate(n=Count("id"))
    )
    counted = list(rows)
    frameworks = Framework.objects.select_related("country").in_bulk(
        {framework_id for framework_id, _f, _n in counted}
    )
    due = sorted(
        ((frameworks[fw_id], periods[frequency], n) for fw_id, frequency, n in counted),
        key=lambda row: (row[0].title, row[0].pk, str(row[1])),
    )
    by_country: dict[Country, list[WorkLink]] = defaultdict(list)
    counts: dict[Country, int] = defaultdict(int)
    for framework, period, count in due:
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
            ngettext("value due this period", "values due this period", counts[place]),
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
    rows: list[Measurement],
    kind: str,
    label: Callable[[int], str],
    url: str | None,
    order: int,
) -> list[WorkItem]:
    """The measurements of ``rows`` as one item per country; ``label`` says what they are, in
    the number of the item's count."""
    grouped: dict[Country, list[Measurement]] = defaultdict(list)
    for m in rows:
        grouped[m.indicator.benchmark.framework.country].append(m)
    return [
        WorkItem(
            place,
            kind,
            label(len(found)),
            len(found),
            url or _measurement_link(found[0]).url,
            [_measurement_link(m) for m in found[:LINKS_SHOWN]],
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

    def draft_label(n: int) -> str:
        return ngettext("draft to submit", "drafts to submit", n)

    def returned_label(n: int) -> str:
        return ngettext("value returned to you", "values returned to you", n)

    return _by_country(drafts, "drafts", draft_label, None, 20) + _by_country(
        returned, "returned", returned_label, None, 15
    )


def reviews_waiting(user: User) -> list[WorkItem]:
    """Submitted values ``user`` may review: in their countries, none of their own.

    Who had a hand in each value is read without loading the values (one narrow query); only
    the first :data:`~ssrmonitor.core.home.LINKS_SHOWN` of each country are loaded for links.
    """
    ids = country_ids_with(user, Action.REVIEW_DATA)
    if ids is not None and not ids:
        return []
    waiting = (
        measurements_visible_to(user)
        .filter(_in(ids, "indicator__benchmark__framework__country_id"))
        .filter(status=MeasurementStatus.SUBMITTED)
        .exclude(author=user)
        .order_by("submitted_at", "id")
        .values_list("pk", "indicator__benchmark__framework__country_id", "contributor_ids")
    )
    by_country: dict[int, list[int]] = defaultdict(list)
    for pk, country_id, contributors in waiting:
        if user.pk not in (contributors or []):
            by_country[country_id].append(pk)
    first = {pk for found in by_country.values() for pk in found[:LINKS_SHOWN]}
    loaded = Measurement.objects.select_related("indicator__benchmark__framework").in_bulk(first)
    places = Country.objects.in_bulk(list(by_country))
    queue = reverse("benchmarks:review_queue")
    return [
        WorkItem(
            places[country_id],
            "reviews",
            ngettext("value waiting for your review", "values waiting for your review", len(found)),
            len(found),
            queue,
            [_measurement_link(loaded[pk]) for pk in found[:LINKS_SHOWN]],
            order=30,
        )
        for country_id, found in by_country.items()
    ]


def work_items(viewer: Viewer) -> list[WorkItem]:
    """Everything of the benchmarks app waiting for ``viewer`` (nothing for the public)."""
    user = viewer if isinstance(viewer, User) else None
    if user is None or not user.is_active:
        return []
    today = timezone.localdate()
    return values_due(user, today) + own_values(user) + reviews_waiting(user)


SOURCE = WorklistSource(key="benchmarks", items=work_items)
