"""Submitting a job: the one write a page or a route makes to start long work."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, SystemActor, person
from ssrmonitor.core.jobs.queue import enqueue, queue_kind
from ssrmonitor.core.jobs.registry import job_kind
from ssrmonitor.core.models import Country, Job
from ssrmonitor.core.models.jobs import ACTIVE_STATES
from ssrmonitor.core.permissions import Denied, has_action


class JobAlreadyRunning(Exception):
    """The same work is queued or running: ``job`` is that one."""

    def __init__(self, job: Job) -> None:
        super().__init__(str(job.pk))
        self.job = job


def submit_job(
    *,
    acting_user: Actor,
    kind: str,
    country: Country | None,
    work_key: str,
    params: dict[str, Any] | None = None,
    title: str = "",
) -> Job:
    """Queue the work ``kind`` for ``country`` and return its job.

    ``work_key`` names the work itself (a file's digest, a registry and its list versions…):
    while a job with the same kind and key is queued or running, a second submission raises
    :class:`JobAlreadyRunning` with that job instead of starting the work again.

    Raises:
        Denied: the acting user may not do this kind of work in ``country``.
        JobAlreadyRunning: the same work is already queued or running.
    """
    spec = job_kind(kind)
    if spec.action is not None and not has_action(
        acting_user, country.pk if country else None, spec.action
    ):
        raise Denied(_("You may not start this work in this country."))
    key = f"{kind}:{work_key}"[:300]
    running = Job.objects.filter(dedupe_key=key, state__in=ACTIVE_STATES).first()
    if running is not None:
        raise JobAlreadyRunning(running)
    job = Job(
        kind=kind,
        title=(title or str(spec.title))[:300],
        owner=person(acting_user),
        country=country,
        params=params or {},
        dedupe_key=key,
    )
    if isinstance(acting_user, SystemActor):
        job.system_actor = acting_user.name
        job.system_actions = sorted(str(action) for action in acting_user.actions)
    try:
        with transaction.atomic():
            job.save()
            audit.record(
                actor=acting_user,
                action="job.submit",
                obj=job,
                country_iso2=country.iso2 if country else "",
                after={"kind": kind, "title": job.title},
            )
            if queue_kind() == "database":
                enqueue(job)
    except IntegrityError:
        # Another submission of the same work won the race between the look-up and the save.
        running = Job.objects.filter(dedupe_key=key, state__in=ACTIVE_STATES).first()
        if running is None:
            raise
        raise JobAlreadyRunning(running) from None
    if queue_kind() != "database":
        enqueue(job)
    return Job.objects.get(pk=job.pk)
