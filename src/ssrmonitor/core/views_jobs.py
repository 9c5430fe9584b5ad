"""The *jobs* pages: one's background jobs, one job's progress, and its result file.

A job's page polls its progress with HTMX while the job is queued or running, and refreshes
itself every few seconds without JavaScript; other users' jobs answer 404, like missing ones.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, render_page, signed_in
from ssrmonitor.core.jobs.access import access_job_by_id, jobs_visible_to, may_fetch_result

POLL_SECONDS = 2


@never_cache
@login_required
@require_GET
@domain_errors
def jobs_page(request: HtmxHttpRequest) -> HttpResponseBase:
    """The user's jobs, newest first (the last 100)."""
    jobs = list(jobs_visible_to(signed_in(request))[:100])
    return render_page(request, "core/jobs.html", {"jobs": jobs})


@never_cache
@login_required
@require_GET
@domain_errors
def job_page(request: HtmxHttpRequest, job_id: uuid.UUID) -> HttpResponseBase:
    """One job: its state and progress, its result or its error."""
    user = signed_in(request)
    job = access_job_by_id(user, job_id)
    context = {"job": job, "poll": POLL_SECONDS, "may_fetch": may_fetch_result(user, job)}
    return render_page(request, "core/job.html", context, fragment="progress")


@never_cache
@login_required
@require_GET
@domain_errors
def job_result(request: HtmxHttpRequest, job_id: uuid.UUID) -> HttpResponseBase:
    """The job's result file, for its owner while they may still see it."""
    user = signed_in(request)
    job = access_job_by_id(user, job_id)
    if not may_fetch_result(user, job):
        raise Http404
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=job.result_name or f"{job.pk}",
        content_type=job.result_content_type or "application/octet-stream",
    )
