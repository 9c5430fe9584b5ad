"""How a page starts long work: submit the job and send the user to its progress page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _

from ssrmonitor.core.jobs.services import JobAlreadyRunning
from ssrmonitor.core.models import Job


class SeeOther(HttpResponseRedirect):
    """303: after a POST that started work, the browser GETs the job's page."""

    status_code = 303


def job_redirect(request: HttpRequest, job: Job) -> HttpResponseBase:
    """303 to the job's page (an ``HX-Redirect`` for an HTMX request)."""
    url = reverse("job", args=[job.pk])
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return SeeOther(url)


def start_job(request: HttpRequest, submit: Callable[[], Job]) -> HttpResponseBase:
    """Run ``submit`` (which calls :func:`~ssrmonitor.core.jobs.services.submit_job`) and go to
    the job's page; when the same work is already running, go to that job instead, saying so."""
    try:
        job = submit()
    except JobAlreadyRunning as exc:
        messages.info(
            request,
            _("This work is already under way (started %(when)s): here is its progress.")
            % {"when": exc.job.created_at.strftime("%Y-%m-%d %H:%M UTC")},
        )
        return job_redirect(request, exc.job)
    messages.success(request, _("Started: %(title)s.") % {"title": job.title})
    return job_redirect(request, job)
