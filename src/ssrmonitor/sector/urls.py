"""Pages of the sector app."""

from __future__ import annotations

from django.urls import path

from ssrmonitor.sector.views import downloads, editor, fieldwork, pages

app_name = "sector"

urlpatterns = [
    path("c/<str:iso2>/", pages.country, name="country"),
    path("c/<str:iso2>/roles/", pages.roles, name="roles"),
    path("c/<str:iso2>/roles/set/", editor.role_set, name="role_set"),
    path("c/<str:iso2>/personnel/", pages.personnel, name="personnel"),
    path("c/<str:iso2>/expenditure/", pages.expenditure, name="expenditure"),
    path("c/<str:iso2>/import/", downloads.bulk_import, name="bulk_import"),
    path("c/<str:iso2>/<str:dataset>.<str:fmt>", downloads.export, name="export"),
    path("c/<str:iso2>/institutions/new/", editor.institution_create, name="institution_create"),
    path("institutions/<int:institution_id>/", pages.institution, name="institution"),
    path(
        "institutions/<int:institution_id>/change/",
        editor.institution_change,
        name="institution_change",
    ),
    path(
        "institutions/<int:institution_id>/xlsform.xlsx",
        fieldwork.personnel_xlsform,
        name="personnel_xlsform",
    ),
    path(
        "institutions/<int:institution_id>/submissions/",
        fieldwork.personnel_submissions,
        name="personnel_submissions",
    ),
    path("templates/<str:kind>.<str:fmt>", downloads.template, name="template"),
]
