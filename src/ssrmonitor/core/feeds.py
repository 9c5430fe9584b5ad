"""Fed data: an app whose data feeds another app's stored figures says when it changed.

Some figures are computed from another app's data and stored (a benchmark indicator fed by the
sector's personnel returns or by perception survey estimates keeps its progress stored, see
:mod:`ssrmonitor.benchmarks.progress_store`). The app that owns the data cannot import the app
that reads it (the domain layers), so it calls :func:`fed_data_changed` inside the atomic write
that changed the data, naming what changed; every receiver of :data:`feed_changed` (a Django
signal) recomputes what it stores from it, in the same transaction.
Core knows no app: it only passes the change on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.dispatch import Signal

PERSONNEL = "personnel"  # a personnel return of an institution (``key``: the institution's id)
SURVEY = "survey"  # survey estimates of a country (``key``: the survey's id)


@dataclass(frozen=True)
class FeedChange:
    """What changed: its ``kind`` (:data:`PERSONNEL`, :data:`SURVEY`), country and key."""

    kind: str
    country_id: int
    key: int | None = None


#: Sent with ``change`` (a :class:`FeedChange`) inside the writer's transaction; receivers are
#: connected with a ``dispatch_uid`` so that connecting twice changes nothing.
feed_changed = Signal()


def fed_data_changed(change: FeedChange) -> None:
    """Tell every receiver that ``change`` happened. Must run inside the writer's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("fed_data_changed() must run inside the service's transaction.")
    feed_changed.send(sender=FeedChange, change=change)


__all__ = ["PERSONNEL", "SURVEY", "FeedChange", "fed_data_changed", "feed_changed"]
