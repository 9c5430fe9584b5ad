"""Pages of the lessons-learned library."""

from __future__ import annotations

from django.urls import path

from ssrmonitor.lessons import exports
from ssrmonitor.lessons.views import attachments, editor, pages

app_name = "lessons"

urlpatterns = [
    path("", pages.library, name="library"),
    path("lessons.csv", exports.library_csv, name="library_csv"),
    path("lessons.xlsx", exports.library_xlsx, name="library_xlsx"),
    path("c/<str:iso2>/related/", pages.country_related, name="country_related"),
    path("new/", editor.lesson_create, name="lesson_create"),
    path("<int:lesson_id>/", pages.lesson, name="lesson"),
    path("<int:lesson_id>/edit/", editor.lesson_edit, name="lesson_edit"),
    path("<int:lesson_id>/links/", attachments.lesson_links, name="lesson_links"),
    path("<int:lesson_id>/attachments/", attachments.attachment_add, name="attachment_add"),
    path(
        "<int:lesson_id>/attachments/<int:attachment_id>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:lesson_id>/attachments/<int:attachment_id>/remove/",
        attachments.attachment_remove,
        name="attachment_remove",
    ),
]
