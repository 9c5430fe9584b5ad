"""Read-only admin view of the lessons library (writes go through the services only)."""

from __future__ import annotations

from django.contrib import admin

from ssrmonitor.core.adminkit import ReadOnlyAdmin
from ssrmonitor.lessons.models import Lesson


@admin.register(Lesson)
class LessonAdmin(ReadOnlyAdmin):
    list_display = ("title", "country", "mission", "language", "lesson_date", "is_published")
    list_filter = ("language", "is_published")
    search_fields = ("title", "summary")
