"""``/healthz``, ``/readyz`` and ``/metrics``: the operator's three routes.

* ``/healthz`` — the process answers (``ok``); it touches no database, so a load balancer does
  not restart healthy servers when the database is away;
* ``/readyz`` — 200 with every check (:mod:`~ssrmonitor.core.ops.readiness`) as JSON, or 503
  naming the failing ones; no personal data, no secret;
* ``/metrics`` — Prometheus figures (:mod:`~ssrmonitor.core.ops.metrics`) for the bearer token
  ``SSRMONITOR_METRICS_TOKEN``; 404 while it is unset, 401 for a wrong or missing token.

:class:`~ssrmonitor.core.ops.middleware.OpsMiddleware` answers these paths before the rest of
the middleware, so a probe from the proxy or the orchestrator needs no session, no allowed host
name and no HTTPS redirect.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ssrmonitor.core.ops import metrics as figures
from ssrmonitor.core.ops.readiness import run_checks


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """``ok``: the process is alive and serves requests."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """200 when every readiness check passes, else 503 naming the failing checks."""
    outcomes = run_checks()
    failing = [outcome.name for outcome in outcomes if not outcome.ok]
    body = {
        "status": "unavailable" if failing else "ready",
        "failing": failing,
        "checks": {o.name: {"ok": o.ok, "detail": o.detail} for o in outcomes},
    }
    return JsonResponse(body, status=503 if failing else 200)


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """The Prometheus exposition, for the configured bearer token only."""
    from django.conf import settings

    if not settings.SSRMONITOR_METRICS_TOKEN:
        return HttpResponse("not found", status=404, content_type="text/plain")
    if not figures.token_matches(request):
        response = HttpResponse("unauthorised", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return figures.metrics_response()


DIRECT = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics}
