"""Putting a job on the queue of the configured backend (``settings.TASKS``).

* The database queue writes its task row in the caller's transaction, so a job and its task are
  committed together or not at all.
* A queue outside the database (RQ on Redis) is told once the job is committed, so that no
  worker picks up a job that does not exist yet.
* The immediate queue (tests, one-off scripts) runs the job at once: the caller queues it after
  its own transaction, so that the job's services open theirs as they would on a worker.
"""

from __future__ import annotations

from typing import Literal

from django.db import transaction

from ssrmonitor.core.models import Job

QueueKind = Literal["database", "immediate", "external"]


def queue_kind() -> QueueKind:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    backend = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS])
    if backend.__module__.startswith("django_tasks.backends.immediate"):
        return "immediate"
    if backend.__module__.startswith(("django_tasks_db", "django_tasks.backends")):
        return "database"
    return "external"


def enqueue(job: Job) -> None:
    """Queue ``job`` (which must be saved) on the configured backend (see the module)."""
    from django.conf import settings

    from ssrmonitor.core.jobs.runner import run_job

    def send() -> None:
        task = run_job.using(queue_name=settings.SSRMONITOR_RQ_QUEUE)
        result = task.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    if queue_kind() == "external":
        transaction.on_commit(send)
    else:
        result = run_job.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
