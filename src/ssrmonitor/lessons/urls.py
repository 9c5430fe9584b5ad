"""Pages of the lessons-learned library."""

from __future__ import annotations

from django.urls import path

from ssrmonitor.lessons import exports
from ssrmonitor.lessons.views import editor, pages

app_name = "lessons"

urlpatterns = [
    path("", pages.library, name="library"),
    path("lessons.csv", exports.library_csv, name="library_csv"),
    path("new/", editor.lesson_create, name="lesson_create"),
    path("<int:lesson_id>/", pages.lesson, name="lesson"),
    path("<int:lesson_id>/edit/", editor.lesson_edit, name="lesson_edit"),
]
