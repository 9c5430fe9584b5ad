"""The request id, the access log and the request figures, for every request.

:class:`OpsMiddleware` comes first in ``MIDDLEWARE``: it takes or makes the request id
(:mod:`~ssrmonitor.core.ops.requestid`) so every log line of the request carries it, echoes it
in the ``X-Request-ID`` response header, times the request for the metrics by route name, and
writes one access-log line (``ssrmonitor.access``: method, path without the query string —
none when no route matched —, route, status, milliseconds). It answers ``/healthz``,
``/readyz`` and ``/metrics`` itself (see :mod:`~ssrmonitor.core.ops.health`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from ssrmonitor.core.ops import metrics, requestid
from ssrmonitor.core.ops.health import DIRECT

access_log = logging.getLogger("ssrmonitor.access")


def route_name(request: HttpRequest) -> str:
    """The route's name for the metrics: the URL pattern's name, ``static`` or ``unmatched``."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return str(match.view_name)
    if request.path_info in DIRECT:
        return request.path_info.lstrip("/")
    if request.path_info.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
        return "static"
    return "unmatched"


class OpsMiddleware:
    """See the module docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = requestid.choose(request.headers.get(requestid.HEADER))
        token = requestid.begin(request_id)
        setattr(request, requestid.ATTRIBUTE, request_id)  # for Django's own request log
        try:
            started = time.perf_counter()
            direct = DIRECT.get(request.path_info)
            response: HttpResponseBase
            if direct is not None:
                response = direct(request)
                # probes answer 401/404/503 by design: the access log line is enough
                response._has_been_logged = True  # type: ignore[attr-defined]
            else:
                response = self.get_response(request)
            seconds = time.perf_counter() - started
            route = route_name(request)
            # A path no route matched is whatever the client typed: it is not logged.
            path = request.path if route != "unmatched" else "-"
            metrics.observe(route, request.method or "", response.status_code, seconds)
            response[requestid.HEADER] = request_id
            access_log.info(
                "%s %s %s %s %.1f ms",
                request.method,
                path,
                route,
                response.status_code,
                seconds * 1000,
                extra={
                    "method": request.method,
                    "path": path,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
            return response
        finally:
            requestid.end(token)
