"""Pages of benchmark M&E. Views live in ``views/`` (pages, entry, editor) and ``exports.py``."""

from __future__ import annotations

from django.urls import path

from ssrmonitor.benchmarks import exports
from ssrmonitor.benchmarks.views import (
    editor,
    entry,
    export_jobs,
    fieldwork,
    grid,
    grid_review,
    pages,
    sdg,
)

app_name = "benchmarks"

urlpatterns = [
    # reading
    path("c/<str:iso2>/", pages.country, name="country"),
    path("frameworks/<int:framework_id>/", pages.framework, name="framework"),
    path("indicators/<int:indicator_id>/", pages.indicator, name="indicator"),
    path("indicators/<int:indicator_id>/chart.svg", pages.indicator_chart, name="indicator_chart"),
    # data entry and review
    path(
        "indicators/<int:indicator_id>/measurements/new/",
        entry.measurement_create,
        name="measurement_create",
    ),
    path("measurements/<int:measurement_id>/", entry.measurement, name="measurement"),
    path(
        "measurements/<int:measurement_id>/edit/", entry.measurement_edit, name="measurement_edit"
    ),
    path(
        "measurements/<int:measurement_id>/submit/",
        entry.measurement_submit,
        name="measurement_submit",
    ),
    path(
        "measurements/<int:measurement_id>/approve/",
        entry.measurement_approve,
        name="measurement_approve",
    ),
    path(
        "measurements/<int:measurement_id>/return/",
        entry.measurement_return,
        name="measurement_return",
    ),
    path(
        "measurements/<int:measurement_id>/delete/",
        entry.measurement_delete,
        name="measurement_delete",
    ),
    path("measurements/<int:measurement_id>/evidence/", entry.evidence_add, name="evidence_add"),
    path("evidence/<int:evidence_id>/download/", entry.evidence_download, name="evidence_download"),
    path("review/", entry.review_queue, name="review_queue"),
    # a whole period at once: the entry grid, its sheet, the batch review
    path("frameworks/<int:framework_id>/period/", grid.period_grid, name="period_grid"),
    path(
        "frameworks/<int:framework_id>/period/sheet.xlsx",
        grid.period_grid_sheet,
        name="period_grid_sheet",
    ),
    path(
        "frameworks/<int:framework_id>/period/xlsform.xlsx",
        sdg.period_xlsform,
        name="period_xlsform",
    ),
    path(
        "frameworks/<int:framework_id>/period/submissions/",
        fieldwork.period_submissions,
        name="period_submissions",
    ),
    path(
        "frameworks/<int:framework_id>/period/upload/",
        grid.period_grid_upload,
        name="period_grid_upload",
    ),
    path(
        "frameworks/<int:framework_id>/period/review/",
        grid_review.period_review,
        name="period_review",
    ),
    # framework editor
    path("c/<str:iso2>/frameworks/new/", editor.framework_create, name="framework_create"),
    path("frameworks/<int:framework_id>/edit/", editor.framework_edit, name="framework_edit"),
    path(
        "frameworks/<int:framework_id>/benchmarks/new/",
        editor.benchmark_create,
        name="benchmark_create",
    ),
    path("benchmarks/<int:benchmark_id>/edit/", editor.benchmark_edit, name="benchmark_edit"),
    path(
        "benchmarks/<int:benchmark_id>/indicators/new/",
        editor.indicator_create,
        name="indicator_create",
    ),
    path("indicators/<int:indicator_id>/edit/", editor.indicator_edit, name="indicator_edit"),
    # exports (CSV / XLSX of indicator data with every disaggregation)
    path("c/<str:iso2>/export.<str:fmt>", exports.country_export, name="country_export"),
    path("c/<str:iso2>/sdg.<str:fmt>", sdg.sdg_export, name="sdg_export"),
    path("export/<str:scope>/<str:key>/job", export_jobs.export_job, name="export_job"),
    path(
        "frameworks/<int:framework_id>/export.<str:fmt>",
        exports.framework_export,
        name="framework_export",
    ),
]
