"""The JSON API, version 1, mounted at ``/api/v1/``.

The routers live in the apps (``core/api.py``, ``benchmarks/api/``); this module assembles
them, declares the one error shape and turns domain exceptions into it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled
from ninja.errors import ValidationError as RequestInvalid
from ninja.openapi.docs import Swagger
from ninja.operation import Operation

from ssrmonitor.benchmarks.api import router as benchmarks_router
from ssrmonitor.core.api import router as core_router
from ssrmonitor.core.api_jobs import router as jobs_router
from ssrmonitor.core.api_support import API_THROTTLES, WRITE_AUTH, error_body, throttled_body
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.jobs.services import JobAlreadyRunning
from ssrmonitor.core.permissions import Denied, NotFound
from ssrmonitor.core.unreadable import StoredDataUnreadable
from ssrmonitor.lessons.api import router as lessons_router
from ssrmonitor.perceptions.api import router as perceptions_router
from ssrmonitor.reports.api import router as reports_router
from ssrmonitor.sanctions.api import router as sanctions_router
from ssrmonitor.sector.api import router as sector_router
from ssrmonitor.support.api import router as support_router
from ssrmonitor.transitions.api import router as transitions_router
from ssrmonitor.vetting.api import router as vetting_router

DESCRIPTION = """
Read and write the benchmark monitoring data of SSR Monitor.

**Stability.** Version 1 is stable: it only changes by addition (new routes, new optional
input fields, new output fields). Clients must ignore output fields they do not know. A
change that would break a client is made in a new version under `/api/v2/`, and v1 keeps
working alongside it.

**Authentication.** Send `Authorization: Bearer ssrm_…` with a token from the *API tokens*
page (`/accounts/tokens/`) or `ssrmonitor create_api_token`, or use the browser session (with
the `X-CSRFToken` header on POST, PATCH and DELETE). Read routes also answer anonymous
requests with public data only: published frameworks and approved values.

**Errors.** Every error has the same shape,
`{"detail": [{"field": "value", "reason": "…"}], "status": 422}`: 401 without valid
credentials, 403 when the action is refused (the reason says why), 404 when the object does
not exist or is not visible to you (the two are never told apart), 422 when the input is
refused (each field with its reason; unknown fields and control characters in text are
refused), 400 when the body is not JSON, 429 when requests come too fast
(wait the seconds of `Retry-After`). The vetting routes answer 409 when stored personal data
cannot be opened with the server's data key (the operator must act).

**Tokens and rates.** A token is read-only or read-write (a read-only token answers 403 on
POST, PUT, PATCH and DELETE) and expires, by default 90 days after its creation; each user
lists, creates and revokes their own on the *API tokens* page. Requests are limited per token
(or signed-in user) and, for anonymous reading, per address.

**Paging.** Lists take `limit` (at most 200) and `offset` (at most 10⁹), and answer `count`
and `items`.
"""


class OfflineSwagger(Swagger):
    """Swagger UI from the copy bundled with django-ninja: never from a CDN.

    The bundled files are found when ``ninja`` is in ``INSTALLED_APPS``; without it the page
    links to the OpenAPI document instead of falling back to Ninja's CDN template.
    """

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        if apps.is_installed("ninja"):
            return super().render_page(request, api, **kwargs)
        url = escape(self.get_openapi_url(api, kwargs))
        title = escape(_("SSR Monitor API, version 1"))
        body = escape(_("The OpenAPI document describes every route:"))
        lang = escape(get_language() or "en")
        return HttpResponse(
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f'</head><body><h1>{title}</h1><p>{body} <a href="{url}">{url}</a></p></body></html>'
        )


# Routers that were one module when v1 was published and are packages now: their modules answer
# with the package's name in operation ids, so that the ids stay what v1 published.
_SPLIT_ROUTERS = ("ssrmonitor.support.api",)


class StableAPI(NinjaAPI):
    """Operation ids are part of v1's contract: generated clients name their methods after them.

    They are Ninja's (the route's module and function), except that the modules of a router
    split into a package keep the package's name (see ``tests/test_api_stability.py``).
    """

    def get_openapi_operation_id(self, operation: Operation) -> str:
        module = operation.view_func.__module__
        for package in _SPLIT_ROUTERS:
            if module.startswith(f"{package}."):
                module = package
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")


api = StableAPI(
    title="SSR Monitor API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=WRITE_AUTH,
    throttle=API_THROTTLES,
    docs=OfflineSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", core_router)
api.add_router("/jobs", jobs_router)
api.add_router("", benchmarks_router)
api.add_router("/support", support_router)
api.add_router("/sector", sector_router)
api.add_router("/transitions", transitions_router)
api.add_router("/sanctions", sanctions_router)
api.add_router("/lessons", lessons_router)
api.add_router("/perceptions", perceptions_router)
api.add_router("/reports", reports_router)
api.add_router("/vetting", vetting_router)

_READABLE: dict[str, Any] = {
    "Unauthorized": gettext_lazy("Sign in, or send Authorization: Bearer <token>."),
    "CSRF check Failed": gettext_lazy("The CSRF token is missing or wrong (X-CSRFToken)."),
    "Cannot parse request body": gettext_lazy("The request body is not valid JSON."),
}
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
_WRAPPERS = {"payload", "filters"}


def field_name(loc: Sequence[Any]) -> str:
    """Ninja's error location as a dotted input field: ``("body", "payload", "value")`` → value."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if parts and parts[0] in _WRAPPERS:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


@api.exception_handler(ValidationFailed)
def on_validation_failed(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    detail = [{"field": error.field, "reason": error.reason} for error in exc.errors]
    return api.create_response(request, {"detail": detail, "status": 422}, status=422)


@api.exception_handler(RequestInvalid)
def on_request_invalid(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
    detail = [{"field": field_name(e.get("loc", ())), "reason": e["msg"]} for e in exc.errors]
    return api.create_response(request, {"detail": detail, "status": 422}, status=422)


@api.exception_handler(NotFound)
def on_not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, error_body(404, _("Not found.")), status=404)


@api.exception_handler(Http404)
def on_http_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return on_not_found(request, NotFound())


@api.exception_handler(Denied)
def on_denied(request: HttpRequest, exc: Denied) -> HttpResponse:
    return api.create_response(request, error_body(403, str(exc.reason)), status=403)


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """429; Ninja adds ``Retry-After`` (see ``core.api_support.API_THROTTLES``)."""
    return api.create_response(request, throttled_body(exc), status=429)


@api.exception_handler(JobAlreadyRunning)
def on_job_running(request: HttpRequest, exc: JobAlreadyRunning) -> HttpResponse:
    """409 with the job already doing the same work, to poll instead of starting it again."""
    body = error_body(409, _("The same work is already under way."))
    body["job"] = reverse("api:get_job", args=[exc.job.pk])
    return api.create_response(request, body, status=409)


@api.exception_handler(StoredDataUnreadable)
def on_unreadable(request: HttpRequest, exc: StoredDataUnreadable) -> HttpResponse:
    """409: stored data does not open with this server's key (see ``core.unreadable``)."""
    logging.getLogger("ssrmonitor.security").error("Stored data cannot be read: %s", exc)
    return api.create_response(request, error_body(exc.status, exc.public_reason()), status=409)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """401 (with ``WWW-Authenticate``), the CSRF 403, 400 for a body that is not JSON, …"""
    reason = _READABLE.get(exc.message, exc.message)
    status = exc.status_code
    response = api.create_response(request, error_body(status, str(reason)), status=status)
    if exc.status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="ssrmonitor"'
    return response
