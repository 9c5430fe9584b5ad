"""Each indicator's progress, stored, so that pages of many indicators need not rate them again.

The rule is :func:`ssrmonitor.core.progress.rate`, applied by
:func:`ssrmonitor.benchmarks.selectors.progress_of`; this module only keeps its result in
:class:`~ssrmonitor.benchmarks.models.IndicatorProgress`. It depends on the indicator's
baseline, target and dates and on its approved values (or, for a fed indicator, on the
publishable personnel shares or the published survey estimates), never on today's date, so it
changes only when they change. The services that change them call :func:`refresh_progress`
inside their atomic write:

* a value approved (``approve_measurement``, the review of a period, a reported value imported),
  or a value leaving the approved state;
* an indicator created or edited (``create_indicator``, ``update_indicator``);
* fed values refreshed: a personnel return recorded, survey estimates computed or imported, a
  survey or question edited (the sector and perceptions apps tell :mod:`ssrmonitor.core.feeds`,
  to which :func:`on_feed_change` listens);
* generated scale data (``ssrmonitor generate_scale_data``).

Refreshing also renews the token of :data:`PUBLISHED`, the cached-results domain of what the
public pages show (:mod:`ssrmonitor.core.datacache`): the domain ignores measurements, whose
drafts and submissions change many times a day, and learns here that an approved value changed.

``ssrmonitor recompute_progress`` recomputes every indicator (after an upgrade that changes
the rule, or to repair) and ``--check`` lists those whose stored progress differs from the
computed one. An indicator without a stored row (a fed indicator the migration could not rate,
or one written outside the services) is rated on the spot by the readers
(:func:`~ssrmonitor.benchmarks.selectors.rating_counts`,
:func:`~ssrmonitor.benchmarks.selectors.stored_ratings`): a reader is never wrong, only slower.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from ssrmonitor.benchmarks.models import (
    Indicator,
    IndicatorProgress,
    IndicatorSource,
)
from ssrmonitor.benchmarks.published import PUBLISHED
from ssrmonitor.benchmarks.selectors import progress_of
from ssrmonitor.core.datacache import renew
from ssrmonitor.core.feeds import PERSONNEL, SURVEY, FeedChange
from ssrmonitor.core.progress import Progress

BATCH = 2000
STORED_FIELDS = (
    "rating",
    "trend",
    "percent",
    "expected_percent",
    "latest_day",
    "latest_value",
    "annualised",
    "excluded",
    "computed_at",
)


def stored_fields(progress: Progress) -> dict[str, Any]:
    """The stored form of ``progress`` (the note, worded in the reader's language, is not kept)."""
    latest = progress.latest
    return {
        "rating": progress.rating.value,
        "trend": progress.trend.value,
        "percent": progress.percent,
        "expected_percent": progress.expected_percent,
        "latest_day": latest.day if latest else None,
        "latest_value": latest.value if latest else None,
        "annualised": progress.annualised,
        "excluded": progress.excluded,
    }


def row_of(indicator_id: int, progress: Progress) -> IndicatorProgress:
    """An unsaved row holding ``progress``."""
    return IndicatorProgress(indicator_id=indicator_id, **stored_fields(progress))


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield list(ids[start : start + BATCH])


def computed_rows(ids: list[int]) -> list[IndicatorProgress]:
    """What the rule says of these indicators now, as rows (not saved)."""
    indicators = list(Indicator.objects.filter(pk__in=ids).select_related("benchmark__framework"))
    progress = progress_of(indicators)
    return [row_of(ind.pk, progress[ind.pk]) for ind in indicators]


def refresh_progress(indicators: Iterable[int] | QuerySet[Indicator]) -> int:
    """Recompute and store the progress of ``indicators`` (ids or a queryset); how many.

    Runs inside the caller's atomic write (the service that changed what progress depends on).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("refresh_progress() must run inside the service's transaction.")
    if isinstance(indicators, QuerySet):
        ids = list(indicators.order_by().values_list("pk", flat=True))
    else:
        ids = sorted(set(indicators))
    for chunk in _chunks(ids):
        IndicatorProgress.objects.bulk_create(
            computed_rows(chunk),
            update_conflicts=True,
            unique_fields=["indicator"],
            update_fields=list(STORED_FIELDS),
        )
    if ids:  # after the writes: the audit chain's lock is not held while they are computed
        renew(PUBLISHED)
    return len(ids)


def _compared(row: IndicatorProgress) -> tuple[Any, ...]:
    return tuple(getattr(row, name) for name in STORED_FIELDS if name != "computed_at")


def stale_progress(indicators: Iterable[int] | QuerySet[Indicator] | None = None) -> list[int]:
    """Indicators whose stored progress is missing or differs from the computed one (ids)."""
    if indicators is None:
        indicators = Indicator.objects.all()
    if isinstance(indicators, QuerySet):
        ids = list(indicators.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(indicators))
    stale = []
    for chunk in _chunks(ids):
        stored = {row.pk: row for row in IndicatorProgress.objects.filter(pk__in=chunk)}
        for row in computed_rows(chunk):
            found = stored.get(row.indicator_id)
            if found is None or _compared(found) != _compared(row):
                stale.append(row.indicator_id)
    return stale


def on_feed_change(sender: object, *, change: FeedChange, **kwargs: Any) -> None:
    """Recompute the fed indicators of the country whose source changed (a receiver of
    :data:`ssrmonitor.core.feeds.feed_changed`)."""
    source = {
        PERSONNEL: IndicatorSource.SECTOR_WOMEN_SHARE,
        SURVEY: IndicatorSource.PERCEPTION_SHARE,
    }.get(change.kind)
    if source is None:
        return
    refresh_progress(
        Indicator.objects.filter(source=source, benchmark__framework__country_id=change.country_id)
    )


__all__ = [
    "computed_rows",
    "on_feed_change",
    "refresh_progress",
    "stale_progress",
    "stored_fields",
]
