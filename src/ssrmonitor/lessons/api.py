"""JSON API routes of the lessons app (mounted under /api/v1/lessons/).

Read-only: the public reads published lessons; members with ``lessons.view_internal`` also
read their countries' unpublished ones. ``q`` searches with the library's ranking.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from ssrmonitor.core.api_support import ERRORS, READ_AUTH, Page, PageParams, page_of, viewer_of
from ssrmonitor.lessons.markdown import render_markdown
from ssrmonitor.lessons.models import Lesson
from ssrmonitor.lessons.permissions import access_lesson_by_id
from ssrmonitor.lessons.search import snippet, words_of
from ssrmonitor.lessons.selectors import LessonQuery, find_lessons

router = Router(tags=["lessons"])


class AttachmentOut(Schema):
    name: str = Field(..., examples=["minutes.docx"])
    content_type: str = Field(..., examples=["text/plain"])
    size: int = Field(..., description="Bytes", examples=[2048])
    url: str = Field(..., description="Download address (same permissions as the lesson)")


class LessonOut(Schema):
    id: int = Field(..., examples=[1])
    title: str = Field(..., examples=["Benchmarks need dates, baselines, targets and an owner"])
    summary: str
    body: str
    country: str | None = Field(None, examples=["HT"])
    mission: str | None = Field(None, examples=["MINUJUSTH"])
    component: str = Field("", examples=["police"])
    themes: list[str] = Field(default_factory=list, examples=[["benchmarks"]])
    op_tags: list[str] = Field(default_factory=list, examples=[["OP 18"]])
    language: str = Field(..., examples=["en"])
    source_document: str = Field(..., examples=["S/2018/527"])
    source_url: str = ""
    lesson_date: date | None = None
    is_published: bool
    is_illustrative: bool
    snippet: str = Field("", description="HTML extract with <mark> around the search words")
    body_html: str = Field("", description="The Markdown body as safe HTML (one lesson only)")
    attachments: list[AttachmentOut] = Field(
        default_factory=list, description="Attached files (one lesson only)"
    )


class LessonFilters(PageParams):
    q: str = Field("", max_length=200, description="Every word must appear", examples=["police"])
    country: str = Field("", max_length=2, examples=["HT"])
    component: str = Field("", examples=["police"])
    theme: str = Field("", examples=["transitions"])
    op: str = Field("", examples=["OP 14"])
    language: str = Field("", max_length=2, examples=["fr"])


def lesson_out(lesson: Lesson, words: list[str] | None = None) -> dict[str, Any]:
    names = (
        "id", "title", "summary", "body", "component", "themes", "op_tags", "language",
        "source_document", "source_url", "lesson_date", "is_published", "is_illustrative",
    )  # fmt: skip
    return {
        **{name: getattr(lesson, name) for name in names},
        "country": lesson.country.iso2 if lesson.country else None,
        "mission": lesson.mission.acronym if lesson.mission else None,
        "snippet": str(snippet(f"{lesson.summary}\n{lesson.body}", words)) if words else "",
    }


@router.get("", response={200: Page[LessonOut], **ERRORS}, auth=READ_AUTH, summary="Search lessons")
def list_lessons(request: HttpRequest, filters: Query[LessonFilters]) -> dict[str, Any]:
    """Lessons you may read, filtered; with ``q``, best matches first and with snippets."""
    query = LessonQuery(
        q=filters.q,
        country=filters.country,
        component=filters.component,
        theme=filters.theme,
        op=filters.op,
        language=filters.language,
    )
    count, rows = page_of(find_lessons(viewer_of(request), query), filters)
    words = words_of(filters.q)
    items = [lesson_out(row, words) for row in rows]
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get(
    "/{int:lesson_id}", response={200: LessonOut, **ERRORS}, auth=READ_AUTH, summary="Get a lesson"
)
def get_lesson(request: HttpRequest, lesson_id: int) -> dict[str, Any]:
    """One lesson (404 for an unpublished lesson of another country)."""
    found = access_lesson_by_id(viewer_of(request), lesson_id)
    attachments = [
        {
            "name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "url": reverse("lessons:attachment_download", args=[found.pk, attachment.pk]),
        }
        for attachment in found.attachments.all()
    ]
    return {
        **lesson_out(found),
        "body_html": str(render_markdown(found.body)),
        "attachments": attachments,
    }
