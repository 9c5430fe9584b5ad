"""What kinds of job exist: each app registers its long work here (core knows no app).

A kind names the function that does the work, the action its owner must hold in the job's
country (checked when the job is submitted, when it runs and when its result is fetched) and
whether the job may be retried after its worker died (only work whose write is one atomic
transaction, so that a second attempt starts from the data as before the first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from ssrmonitor.core.actors import Viewer
    from ssrmonitor.core.jobs.context import JobContext
    from ssrmonitor.core.models import Job
    from ssrmonitor.core.permissions import Action

JobRunner = Callable[["JobContext"], None]
ResultCheck = Callable[["Viewer", "Job"], bool]


@dataclass(frozen=True)
class JobKind:
    """One kind of long work.

    Args:
        name: a stable dotted name (``vetting.screen_registry``), stored on each job.
        run: does the work; reports progress and its result through the context.
        action: what the owner must be allowed to do in the job's country (``None``: the
            owner's own work, such as an export of what they may see, checked by ``run``).
        title: what the work is called on pages (translated).
        retry_when_lost: run again when the worker died mid-way (the write is atomic).
        may_fetch_result: when ``action`` is ``None``, whether the owner may still fetch the
            result file (checked at each download); by default they may.
    """

    name: str
    run: JobRunner
    action: Action | None
    title: str | Promise
    retry_when_lost: bool = True
    may_fetch_result: ResultCheck | None = None


_KINDS: dict[str, JobKind] = {}


class UnknownJobKind(LookupError):
    pass


def register_job(kind: JobKind) -> JobKind:
    """Make ``kind`` known; registering the same name twice with another function is an error."""
    known = _KINDS.get(kind.name)
    if known is not None and known.run is not kind.run:
        raise ValueError(f"job kind {kind.name!r} is already registered")
    _KINDS[kind.name] = kind
    return kind


def job_kind(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownJobKind(name) from None


def job_kinds() -> list[JobKind]:
    return sorted(_KINDS.values(), key=lambda k: k.name)
