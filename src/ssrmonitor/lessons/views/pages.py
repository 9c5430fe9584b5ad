"""The library: search with filters and snippets, and a lesson's page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ssrmonitor.benchmarks.permissions import benchmarks_visible_to
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, render_page
from ssrmonitor.core.permissions import (
    Action,
    NotFound,
    access_country_by_iso2,
    country_ids_with,
    is_superuser,
)
from ssrmonitor.lessons.forms import AttachmentForm, LessonFilters
from ssrmonitor.lessons.markdown import render_markdown
from ssrmonitor.lessons.models import Lesson
from ssrmonitor.lessons.permissions import (
    access_lesson_by_id,
    can_edit_lessons,
    lessons_visible_to,
)
from ssrmonitor.lessons.search import snippet, words_of
from ssrmonitor.lessons.selectors import LessonQuery, find_lessons
from ssrmonitor.support.permissions import activities_visible_to
from ssrmonitor.transitions.permissions import plans_visible_to

PAGE_SIZE = 20


def query_of(form: LessonFilters) -> LessonQuery:
    """The search and filters of the form (a value that does not validate is ignored)."""
    data = form.selected()
    country = data.get("country")
    return LessonQuery(
        q=data.get("q") or "",
        country=country.iso2 if country else "",
        component=data.get("component") or "",
        theme=data.get("theme") or "",
        op=data.get("op") or "",
        language=data.get("language") or "",
    )


@require_safe
def library(request: HtmxHttpRequest) -> HttpResponse:
    """Search and filter the lessons the user may read; HTMX swaps only the results."""
    form = LessonFilters(request.GET)
    query = query_of(form)
    page = Paginator(find_lessons(request.user, query), PAGE_SIZE).get_page(request.GET.get("page"))
    words = words_of(query.q)
    rows = [(lesson, snippet(f"{lesson.summary}\n{lesson.body}", words)) for lesson in page]
    may_write = is_superuser(request.user) or bool(
        country_ids_with(request.user, Action.EDIT_LESSONS)
    )
    context = {"form": form, "page": page, "rows": rows, "query": query, "may_write": may_write}
    return render_page(request, "lessons/library.html", context, fragment="results")


def linked_objects(user: Viewer, lesson: Lesson, language: str) -> dict[str, list[Any]]:
    """The lesson's links that ``user`` may see, each through its own app's permission layer.

    Activities come as ``(activity, title in language)`` pairs.
    """
    activities = activities_visible_to(user).filter(lessons=lesson).prefetch_related("texts")
    return {
        "benchmarks": list(
            benchmarks_visible_to(user).filter(lessons=lesson).select_related("framework")
        ),
        "activities": [(activity, activity.title_in(language)) for activity in activities],
        "transition_plans": list(plans_visible_to(user).filter(lessons=lesson)),
    }


def lesson_page(
    request: HtmxHttpRequest,
    found: Lesson,
    *,
    attachment_form: AttachmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page of a lesson the user may read (with the upload form for its editors)."""
    may_edit = can_edit_lessons(request.user, found.country_id)[0]
    context = {
        "lesson": found,
        "body_html": render_markdown(found.body),
        "attachments": list(found.attachments.all()),
        "links": linked_objects(request.user, found, get_language() or "en"),
        "may_edit": may_edit,
        "attachment_form": (attachment_form or AttachmentForm()) if may_edit else None,
    }
    return render_page(request, "lessons/lesson.html", context, status=status)


@require_safe
@domain_errors
def lesson(request: HtmxHttpRequest, lesson_id: int) -> HttpResponse:
    """One lesson, with its source, attachments and links."""
    return lesson_page(request, access_lesson_by_id(request.user, lesson_id))


RELATED_COUNT = 5


@require_safe
def country_related(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """A fragment listing the newest lessons of a country the user may read (for its page)."""
    try:
        country = access_country_by_iso2(iso2)
    except NotFound:
        raise Http404 from None
    lessons = lessons_visible_to(request.user).filter(country=country)
    context = {
        "country": country,
        "lessons": list(lessons.select_related("mission")[:RELATED_COUNT]),
        "more": lessons.count() > RELATED_COUNT,
    }
    response = render(request, "lessons/_related.html", context)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response
