"""The operator's routes (see :mod:`ssrmonitor.core.ops.health`)."""

from __future__ import annotations

from django.urls import path

from ssrmonitor.core.ops import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
]
