"""Running one job on a worker: claim it, check its owner may still do it, run, record the end.

A job's own writes are the services it calls, each atomic: when a job fails — an error, a
refusal, a worker killed with ``kill -9`` — the data is as it was before the job. The end of the
job (finished or failed, with the reason) is written and audited here.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, system_actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.jobs.context import JobCancelled, JobContext
from ssrmonitor.core.jobs.registry import UnknownJobKind, job_kind
from ssrmonitor.core.models import Job, JobState
from ssrmonitor.core.permissions import Action, Denied, NotFound, has_action

logger = logging.getLogger("ssrmonitor.jobs")

WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"[:64]
"""This process's worker id; ``ssrmonitor worker`` sets its own before it starts."""


def set_worker_id(worker_id: str) -> None:
    global WORKER_ID
    WORKER_ID = worker_id[:64]


@task()
def run_job(job_id: str) -> None:
    """The task every job runs as: see :func:`execute`."""
    execute(job_id)


def _actor(job: Job) -> Actor | None:
    if job.owner is not None:
        return job.owner if job.owner.is_active else None
    if job.system_actor:
        return system_actor(job.system_actor, [Action(a) for a in job.system_actions])
    return None


def _claim(job_id: str) -> Job | None:
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        worker_id=WORKER_ID,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        message="",
    )
    if not claimed:
        return None
    return Job.objects.select_related("owner", "country").get(pk=job_id)


def execute(job_id: str) -> None:
    """Run the queued job ``job_id`` if it is still queued (a second delivery does nothing)."""
    job = _claim(job_id)
    if job is None:
        return
    actor = _actor(job)
    if actor is None:
        _finish(job, None, _("The account that started this job is no longer active."))
        return
    try:
        kind = job_kind(job.kind)
    except UnknownJobKind:
        _finish(job, actor, _("This kind of work is not known to this version."))
        return
    country_id = job.country_id
    if kind.action is not None and not has_action(actor, country_id, kind.action):
        _finish(job, actor, _("You no longer hold the right to do this work in this country."))
        return
    context = JobContext(job=job, actor=actor)
    try:
        kind.run(context)
    except JobCancelled:
        return
    except ValidationFailed as exc:
        _finish(job, actor, "; ".join(_reason(e.field, e.reason) for e in exc.errors))
        return
    except Denied as exc:
        _finish(job, actor, exc.reason)
        return
    except NotFound:
        _finish(job, actor, _("What this job works on no longer exists or is no longer yours."))
        return
    except Exception:
        logger.exception("job failed", extra={"job_id": str(job.pk), "job_kind": job.kind})
        _finish(
            job,
            actor,
            _("An unexpected error stopped the job (reference %(id)s).") % {"id": job.pk},
        )
        return
    _finish(job, actor, "")


def _reason(field: str, reason: str) -> str:
    return reason if field == "__all__" else f"{field}: {reason}"


def _finish(job: Job, actor: Actor | None, error: str) -> None:
    """Record the end of ``job``: finished, or failed with ``error`` (no personal data)."""
    job.state = JobState.FAILED if error else JobState.SUCCEEDED
    job.error = error[:5000]
    job.finished_at = timezone.now()
    if not error and job.total:
        job.done = job.total
    fields: dict[str, Any] = {
        name: getattr(job, name)
        for name in (
            "state",
            "error",
            "finished_at",
            "done",
            "total",
            "message",
            "result_file",
            "result_name",
            "result_content_type",
            "result_url",
            "result_label",
            "result_facts",
            "result_notes",
            "params",
        )
    }
    with transaction.atomic():
        mine = Job.objects.filter(
            pk=job.pk, state=JobState.RUNNING, worker_id=job.worker_id
        ).update(**fields)
        if not mine:
            return
        audit.record(
            actor=actor or system_actor("jobs", []),
            action="job.finish" if not error else "job.fail",
            obj=job,
            country_iso2=job.country.iso2 if job.country else "",
            after={"state": job.state, "error": job.error},
        )
