"""Prometheus figures at ``/metrics``, for a bearer token (``SSRMONITOR_METRICS_TOKEN``).

* ``ssrmonitor_http_request_duration_seconds{route,method}`` — a histogram of the time to answer,
  by the route's *name* (``framework_detail``, ``api-1.0.0:list_countries``, ``static``,
  ``unmatched``), never the raw path (unbounded, and it can carry ids);
* ``ssrmonitor_http_responses_total{route,method,status}``;
* ``ssrmonitor_jobs_<figure>`` — the job queue (queued, running, age of the oldest queued job …)
  as ``ssrmonitor.core.jobs.heartbeat.queue_figures`` reports it, read at each scrape;
* ``ssrmonitor_imports_total{kind}`` and ``ssrmonitor_import_last_timestamp_seconds{kind}`` —
  imports recorded in the audit log (every import of every app is one ``import`` event), by the
  kind of what was imported.

Several gunicorn workers each count their own requests; ``ssrmonitor serve`` gives them a shared
folder (``PROMETHEUS_MULTIPROC_DIR``, prometheus-client's multi-process mode) so that one scrape
sums them all. The figures read from the database are computed once per scrape.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0, 30.0)

REQUEST_SECONDS = Histogram(
    "ssrmonitor_http_request_duration_seconds",
    "Time to answer a request, by route name and method.",
    ["route", "method"],
    buckets=BUCKETS,
)
RESPONSES = Counter(
    "ssrmonitor_http_responses",
    "Responses, by route name, method and status.",
    ["route", "method", "status"],
)


METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe(route: str, method: str, status: int, seconds: float) -> None:
    """Count one answered request (any other method is ``other``: labels stay few)."""
    method = method if method in METHODS else "other"
    REQUEST_SECONDS.labels(route, method).observe(seconds)
    RESPONSES.labels(route, method, str(status)).inc()


class DatabaseFigures(Collector):
    """The figures read from the database at each scrape: the job queue and the imports."""

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        yield from _job_figures()
        yield from _import_figures()


def _job_figures() -> Iterator[GaugeMetricFamily]:
    try:
        from ssrmonitor.core.jobs.heartbeat import queue_figures
    except ImportError:  # a build without background jobs
        return
    for name, value in queue_figures().items():
        yield GaugeMetricFamily(f"ssrmonitor_jobs_{name}", f"Job queue: {name}.", value=value)


def _import_figures() -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
    from ssrmonitor.core.models import AuditEvent  # models are not ready at import time

    rows = (
        AuditEvent.objects.filter(action="import")
        .order_by()
        .values("object_type")
        .annotate(count=Count("id"), last=Max("at"))
    )
    total = CounterMetricFamily(
        "ssrmonitor_imports", "Imports recorded in the audit log, by kind.", labels=["kind"]
    )
    last = GaugeMetricFamily(
        "ssrmonitor_import_last_timestamp_seconds",
        "When the last import of each kind was recorded (Unix time).",
        labels=["kind"],
    )
    for row in rows:
        total.add_metric([row["object_type"]], row["count"])
        last.add_metric([row["object_type"]], row["last"].timestamp())
    yield total
    yield last


def exposition() -> bytes:
    """The text exposition of every figure: this process's (or all workers') and the database's."""
    if os.environ.get(MULTIPROCESS_ENV):
        shared = CollectorRegistry()
        multiprocess.MultiProcessCollector(shared)  # type: ignore[no-untyped-call]
        own = generate_latest(shared)
    else:
        own = generate_latest(REGISTRY)
    database = CollectorRegistry()
    database.register(DatabaseFigures())
    return own + generate_latest(database)


def token_matches(request: HttpRequest) -> bool:
    """Whether the request carries ``Authorization: Bearer <SSRMONITOR_METRICS_TOKEN>``
    (compared in constant time)."""
    expected = settings.SSRMONITOR_METRICS_TOKEN or ""
    scheme, _space, offered = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(offered.strip().encode(), expected.encode())


def metrics_response() -> HttpResponse:
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
