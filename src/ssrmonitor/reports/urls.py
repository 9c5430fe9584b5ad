"""Pages of the reports app (mounted at /reports/)."""

from __future__ import annotations

from django.urls import path

from ssrmonitor.reports import views, views_jobs

app_name = "reports"

urlpatterns = [
    path("c/<str:iso2>/", views.country, name="country"),
    path("c/<str:iso2>/report/", views.preview, name="preview"),
    path("c/<str:iso2>/report.<str:fmt>", views.download, name="download"),
    path("c/<str:iso2>/report.<str:fmt>/job", views_jobs.report_job, name="report_job"),
    path("c/<str:iso2>/narrative/<str:key>/", views.narrative, name="narrative"),
    path("c/<str:iso2>/snapshots/", views.snapshot_create, name="snapshot_create"),
    path("snapshots/<int:snapshot_id>/", views.snapshot, name="snapshot"),
    path(
        "snapshots/<int:snapshot_id>/report.<str:fmt>",
        views.snapshot_download,
        name="snapshot_download",
    ),
    path(
        "snapshots/<int:snapshot_id>/diff/<int:other_id>/",
        views.snapshot_diff,
        name="snapshot_diff",
    ),
    path("thematic/", views.thematic, name="thematic"),
    path("thematic/report.<str:fmt>", views.thematic_download, name="thematic_download"),
]
