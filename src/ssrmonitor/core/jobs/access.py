"""Who sees which job: its owner (and superusers, for support); its result only while the owner
still holds the right the work needed, in the job's country."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.jobs.registry import UnknownJobKind, job_kind
from ssrmonitor.core.models import Job
from ssrmonitor.core.permissions import NotFound, has_action, is_superuser


def jobs_visible_to(user: Viewer) -> QuerySet[Job]:
    """The jobs ``user`` may follow: their own; every job for a superuser; none for the public."""
    jobs = Job.objects.select_related("country", "owner")
    if is_superuser(user):
        return jobs
    if not user.is_authenticated or user.pk is None:
        return jobs.none()
    return jobs.filter(owner_id=user.pk)


def access_job_by_id(user: Viewer, job_id: uuid.UUID | str) -> Job:
    """The job ``job_id`` if ``user`` may follow it; :class:`NotFound` otherwise."""
    try:
        return jobs_visible_to(user).get(pk=job_id)
    except (Job.DoesNotExist, ValueError):
        raise NotFound(str(job_id)) from None


def may_fetch_result(user: Viewer, job: Job) -> bool:
    """The owner fetches the result while they still hold the action the work needed."""
    if job.owner_id is None or user.pk != job.owner_id or not job.result_file:
        return False
    try:
        kind = job_kind(job.kind)
    except UnknownJobKind:
        return False
    if kind.action is not None:
        return has_action(user, job.country_id, kind.action)
    return kind.may_fetch_result is None or kind.may_fetch_result(user, job)
