"""What ``/readyz`` asks: core's own checks and those the apps contribute.

A check is a function of no argument that returns ``(ok, detail)``; ``detail`` is a short,
public sentence (no personal data, no secret: ``/readyz`` answers anyone). Core registers the
database, the migrations and the worker's heartbeat; an app names its own checks on its
``AppConfig`` (``readiness_checks`` of :class:`~ssrmonitor.core.appkit.DomainAppConfig`, as
dotted paths), e.g. vetting's "the data key opens the stored rows". A check that raises fails
with the exception's class name; the exception itself goes to the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from ssrmonitor.core.ops.schema import schema_state

logger = logging.getLogger(__name__)
Check = Callable[[], tuple[bool, str]]
_checks: dict[str, Check] = {}


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    detail: str


def register_readiness_check(name: str, check: Check) -> None:
    """Add (or replace) the check ``name``."""
    _checks[name] = check


def run_checks() -> list[Outcome]:
    """Every check, in order: core's first, then the apps' in ``INSTALLED_APPS`` order."""
    outcomes = []
    for name, check in {**_CORE_CHECKS, **_checks}.items():
        try:
            ok, detail = check()
        except Exception as exc:  # a check that breaks is a failing check, not a 500
            logger.warning("readiness check %s raised %s", name, type(exc).__name__, exc_info=True)
            ok, detail = False, type(exc).__name__
        outcomes.append(Outcome(name, ok, detail))
    return outcomes


def database() -> tuple[bool, str]:
    """The database answers a query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, "reachable"


def migrations() -> tuple[bool, str]:
    """Every migration of the code is applied, and none the code does not know."""
    state = schema_state()
    if state.unknown:
        return False, f"{len(state.unknown)} applied migration(s) newer than this code"
    if state.pending:
        return False, f"{len(state.pending)} migration(s) not applied: run ssrmonitor upgrade"
    return True, "all applied"


def worker() -> tuple[bool, str]:
    """A worker gave a sign of life within ``SSRMONITOR_READY_WORKER_SECONDS``."""
    limit = settings.SSRMONITOR_READY_WORKER_SECONDS
    if limit <= 0:
        return True, "not checked"
    try:
        from ssrmonitor.core.jobs.heartbeat import latest_heartbeat
    except ImportError:  # a build without background jobs: no worker to wait for
        return False, "no worker"
    last = latest_heartbeat()
    if last is None:
        return False, "no worker has run"
    age = timezone.now() - last
    if age > timedelta(seconds=limit):
        return False, f"last heartbeat {int(age.total_seconds())} s ago"
    return True, f"last heartbeat {int(age.total_seconds())} s ago"


_CORE_CHECKS: dict[str, Check] = {
    "database": database,
    "migrations": migrations,
    "worker": worker,
}
