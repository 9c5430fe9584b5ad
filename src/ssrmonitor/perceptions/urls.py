"""Pages of the population's view: perception surveys and inclusive consultations."""

from __future__ import annotations

from django.urls import path

from ssrmonitor.perceptions import exports
from ssrmonitor.perceptions.sdg import views as sdg_views
from ssrmonitor.perceptions.views import editor, fieldwork, pages

app_name = "perceptions"

urlpatterns = [
    path("", pages.index, name="index"),
    path("c/<str:iso2>/", pages.country, name="country"),
    path("c/<str:iso2>/estimates.csv", exports.estimates_csv, name="estimates_csv"),
    path("c/<str:iso2>/estimates.xlsx", exports.estimates_xlsx, name="estimates_xlsx"),
    path("c/<str:iso2>/surveys/new/", editor.survey_create, name="survey_create"),
    path("c/<str:iso2>/sdg/import/", sdg_views.sdg_import, name="sdg_import"),
    path("c/<str:iso2>/consultations/", pages.consultations, name="consultations"),
    path("c/<str:iso2>/consultations.csv", exports.consultations_csv, name="consultations_csv"),
    path("c/<str:iso2>/consultations.xlsx", exports.consultations_xlsx, name="consultations_xlsx"),
    path("c/<str:iso2>/consultations/new/", editor.consultation_create, name="consultation_create"),
    path("surveys/<int:survey_id>/", pages.survey, name="survey"),
    path("surveys/<int:survey_id>/edit/", editor.survey_edit, name="survey_edit"),
    path("surveys/<int:survey_id>/questions/new/", editor.question_add, name="question_add"),
    path("surveys/<int:survey_id>/import/", editor.respondents_import, name="respondents_import"),
    path("surveys/<int:survey_id>/table/", editor.table_import, name="table_import"),
    path("surveys/<int:survey_id>/xlsform.xlsx", fieldwork.survey_xlsform, name="survey_xlsform"),
    path(
        "surveys/<int:survey_id>/submissions/",
        fieldwork.survey_submissions,
        name="survey_submissions",
    ),
    path("consultations/<int:consultation_id>/", pages.consultation, name="consultation"),
    path(
        "consultations/<int:consultation_id>/edit/",
        editor.consultation_edit,
        name="consultation_edit",
    ),
    path(
        "consultations/<int:consultation_id>/links/",
        editor.consultation_links,
        name="consultation_links",
    ),
    path(
        "consultations/<int:consultation_id>/recommendations/new/",
        editor.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "recommendations/<int:recommendation_id>/",
        editor.recommendation_edit,
        name="recommendation_edit",
    ),
]
