"""API routes of background jobs: one's jobs and one job's state, progress and result.

A route that starts long work answers ``202`` with the job (see :func:`job_out`), or ``409``
with the job already doing the same work; a client polls ``GET /jobs/{id}`` until its state is
``succeeded`` or ``failed``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from ssrmonitor.core.api_support import ERRORS, Page, PageParams, page_of, viewer_of
from ssrmonitor.core.jobs.access import access_job_by_id, jobs_visible_to, may_fetch_result
from ssrmonitor.core.models import Job, JobState
from ssrmonitor.core.permissions import NotFound

router = Router(tags=["background jobs"])


class JobOut(Schema):
    id: uuid.UUID
    kind: str = Field(..., examples=["vetting.screen_registry"])
    title: str = Field(..., examples=["Screening of the registry of Haiti"])
    country: str | None = Field(..., description="ISO alpha-2", examples=["HT"])
    state: JobState
    done: int = Field(..., examples=[4200])
    total: int | None = Field(..., examples=[100000])
    percent: int | None = Field(..., examples=[4])
    message: str
    error: str
    result_url: str = Field(..., description="The page of the result, when it has one.")
    result_file: str | None = Field(..., description="Where to fetch the result file.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    url: str = Field(..., description="This job in the API, to poll.")


class JobPage(Page[JobOut]):
    pass


def job_out(job: Job, *, fetchable: bool) -> dict[str, Any]:
    """The API's view of ``job``; ``fetchable``: its result file may be fetched by the caller."""
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "country": job.country.iso2 if job.country else None,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.message,
        "error": job.error,
        "result_url": job.result_url,
        "result_file": reverse("api:job_result_file", args=[job.pk]) if fetchable else None,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "url": reverse("api:get_job", args=[job.pk]),
    }


@router.get("", response={200: JobPage, **ERRORS}, summary="List your jobs")
def list_jobs(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    """The caller's background jobs, newest first."""
    viewer = viewer_of(request)
    count, rows = page_of(jobs_visible_to(viewer), params)
    items = [job_out(job, fetchable=may_fetch_result(viewer, job)) for job in rows]
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": items}


@router.get("/{job_id}", response={200: JobOut, **ERRORS}, summary="Get a job", url_name="get_job")
def get_job(request: HttpRequest, job_id: uuid.UUID) -> dict[str, Any]:
    """One job: state, progress, result or error."""
    viewer = viewer_of(request)
    job = access_job_by_id(viewer, job_id)
    return job_out(job, fetchable=may_fetch_result(viewer, job))


@router.get(
    "/{job_id}/result",
    response={200: None, **ERRORS},
    summary="Fetch a job's result file",
    url_name="job_result_file",
)
def job_result_file(request: HttpRequest, job_id: uuid.UUID) -> FileResponse:
    """The result file of a finished job, for its owner while they may still see it."""
    viewer = viewer_of(request)
    job = access_job_by_id(viewer, job_id)
    if not may_fetch_result(viewer, job):
        raise NotFound(str(job_id))
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=job.result_name or str(job.pk),
        content_type=job.result_content_type or "application/octet-stream",
    )
