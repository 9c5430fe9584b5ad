"""The visitor's queued and running jobs on the home worklist (see :mod:`ssrmonitor.core.home`)."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.home import WorkItem, WorkLink, WorklistSource, register_worklist
from ssrmonitor.core.jobs.access import jobs_visible_to
from ssrmonitor.core.models import Country, Job
from ssrmonitor.core.models.jobs import ACTIVE_STATES


def running_jobs(viewer: Viewer) -> list[WorkItem]:
    """One item per country with the visitor's own jobs still queued or running."""
    if not viewer.is_authenticated or viewer.pk is None:
        return []
    jobs = jobs_visible_to(viewer).filter(owner_id=viewer.pk, state__in=ACTIVE_STATES)
    grouped: dict[Country | None, list[Job]] = defaultdict(list)
    for job in jobs.order_by("created_at"):
        grouped[job.country].append(job)
    return [
        WorkItem(
            country=place,
            kind="jobs",
            label=_("Background work under way"),
            count=len(found),
            url=reverse("jobs"),
            links=[
                WorkLink(
                    job.title,
                    reverse("job", args=[job.pk]),
                    f"{job.percent} %" if job.percent is not None else job.get_state_display(),
                )
                for job in found
            ],
            order=90,
        )
        for place, found in grouped.items()
    ]


SOURCE = register_worklist(WorklistSource(key="jobs", items=running_jobs))
