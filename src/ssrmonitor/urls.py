"""Root URL map: pages, the API under /api/v1/, the admin, sign-in and language switch."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from ssrmonitor.api import api

urlpatterns = [
    path("", include("ssrmonitor.core.urls")),
    path("", include("ssrmonitor.benchmarks.urls")),
    path("support/", include("ssrmonitor.support.urls")),
    path("sector/", include("ssrmonitor.sector.urls")),
    path("transitions/", include("ssrmonitor.transitions.urls")),
    path("sanctions/", include("ssrmonitor.sanctions.urls")),
    path("lessons/", include("ssrmonitor.lessons.urls")),
    path("perceptions/", include("ssrmonitor.perceptions.urls")),
    path("vetting/", include("ssrmonitor.vetting.urls")),
    path("reports/", include("ssrmonitor.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
