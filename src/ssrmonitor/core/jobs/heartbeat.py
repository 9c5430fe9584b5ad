"""Workers' signs of life, lost jobs, and the queue's figures (for ``/readyz`` and metrics)."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.jobs.queue import enqueue
from ssrmonitor.core.jobs.registry import UnknownJobKind, job_kind
from ssrmonitor.core.models import Job, JobState, WorkerHeartbeat


def beat(worker_id: str, started_at: datetime) -> None:
    """Record that the worker ``worker_id`` is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:200],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": timezone.now(),
        },
    )


def forget(worker_id: str) -> None:
    """A worker that stops cleanly removes its heartbeat."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def latest_heartbeat() -> datetime | None:
    """When a worker last gave a sign of life (``None``: no worker has run)."""
    last: datetime | None = WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]
    return last


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.SSRMONITOR_JOB_STALE_AFTER)


def recover_lost_jobs(now: datetime | None = None) -> list[Job]:
    """Running jobs whose worker has stopped beating: queue them again or mark them failed.

    A job is lost when no heartbeat of its worker is more recent than
    ``SSRMONITOR_JOB_STALE_AFTER`` seconds. Its own writes were atomic, so the data is as before
    it; it is queued again when its kind allows and it has attempts left, otherwise it fails with
    the reason. Returns the jobs handled.
    """
    now = now or timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(beat_at__gte=_stale_before(now)).values_list(
            "worker_id", flat=True
        )
    )
    handled = []
    for job in Job.objects.filter(state=JobState.RUNNING).select_related("country"):
        if job.worker_id in alive:
            continue
        if job.heartbeat_at is not None and job.heartbeat_at >= _stale_before(now):
            continue  # run by a process without a heartbeat (the immediate queue) and moving
        handled.append(_lost(job, now))
    return handled


def _retryable(job: Job) -> bool:
    try:
        return job_kind(job.kind).retry_when_lost and job.attempts < job.max_attempts
    except UnknownJobKind:
        return False


def _lost(job: Job, now: datetime) -> Job:
    retry = _retryable(job)
    with transaction.atomic():
        changes = {"worker_id": "", "heartbeat_at": now}
        if retry:
            changes |= {
                "state": JobState.QUEUED,
                "message": _("The worker stopped; queued again (attempt %(n)d of %(m)d).")
                % {"n": job.attempts + 1, "m": job.max_attempts},
            }
        else:
            changes |= {
                "state": JobState.FAILED,
                "finished_at": now,
                "error": _(
                    "The worker running this job stopped (attempt %(n)d of %(m)d). Nothing it "
                    "was writing was kept; start the work again."
                )
                % {"n": job.attempts, "m": job.max_attempts},
            }
        updated = Job.objects.filter(
            pk=job.pk, state=JobState.RUNNING, worker_id=job.worker_id
        ).update(**changes)
        job.refresh_from_db()
        if updated:
            audit.record(
                actor=system_actor("job recovery", []),
                action="job.requeue" if retry else "job.fail",
                obj=job,
                country_iso2=job.country.iso2 if job.country else "",
                after={"state": job.state, "attempts": job.attempts},
            )
            if retry:
                enqueue(job)
    return job


def queue_figures(now: datetime | None = None) -> dict[str, float]:
    """Queued and running jobs, the age of the oldest queued one, failures of the last day."""
    now = now or timezone.now()
    figures = Job.objects.aggregate(
        queued=Count("pk", filter=Q(state=JobState.QUEUED)),
        running=Count("pk", filter=Q(state=JobState.RUNNING)),
        oldest=Min("created_at", filter=Q(state=JobState.QUEUED)),
        failed=Count(
            "pk", filter=Q(state=JobState.FAILED, finished_at__gte=now - timedelta(days=1))
        ),
    )
    oldest = figures["oldest"]
    return {
        "queued": figures["queued"],
        "running": figures["running"],
        "oldest_queued_seconds": (now - oldest).total_seconds() if oldest else 0.0,
        "failed_last_day": figures["failed"],
    }
