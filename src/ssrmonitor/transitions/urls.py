"""Pages of the transitions app."""

from __future__ import annotations

from django.urls import path

from ssrmonitor.transitions import exports
from ssrmonitor.transitions.views import editor, pages

app_name = "transitions"

urlpatterns = [
    path("", pages.plans, name="plans"),
    path("plans/<int:plan_id>/", pages.plan, name="plan"),
    path("plans/<int:plan_id>/tasks.csv", exports.plan_csv, name="plan_csv"),
    path("missions/<str:acronym>/plans/new/", editor.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/edit/", editor.plan_edit, name="plan_edit"),
    path("plans/<int:plan_id>/tasks/new/", editor.task_create, name="task_create"),
    path("tasks/<int:task_id>/edit/", editor.task_edit, name="task_edit"),
    path("tasks/<int:task_id>/criteria/new/", editor.criterion_create, name="criterion_create"),
    path("criteria/<int:criterion_id>/edit/", editor.criterion_edit, name="criterion_edit"),
]
