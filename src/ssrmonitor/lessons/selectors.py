"""Filtering the library the same way for pages and API routes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from ssrmonitor.core.actors import Viewer
from ssrmonitor.lessons.models import Lesson
from ssrmonitor.lessons.permissions import lessons_visible_to
from ssrmonitor.lessons.search import search_lessons


@dataclass(frozen=True)
class LessonQuery:
    """Search words and filters; empty values filter nothing."""

    q: str = ""
    country: str = ""
    component: str = ""
    theme: str = ""
    op: str = ""
    language: str = ""


def find_lessons(user: Viewer, query: LessonQuery) -> QuerySet[Lesson]:
    """The lessons ``user`` may read that match ``query``, best first when searching."""
    lessons = lessons_visible_to(user).select_related("country", "mission")
    if query.country:
        lessons = lessons.filter(country__iso2=query.country.upper())
    if query.component:
        lessons = lessons.filter(component=query.component)
    if query.language:
        lessons = lessons.filter(language=query.language)
    if query.theme:  # JSON list stored as text on SQLite: match the quoted value
        lessons = lessons.filter(themes__icontains=f'"{query.theme}"')
    if query.op:
        lessons = lessons.filter(op_tags__icontains=f'"{query.op}"')
    return search_lessons(lessons, query.q)
