"""The library: search with filters and snippets, and a lesson's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from ssrmonitor.benchmarks.views import HtmxHttpRequest, domain_errors, render_page
from ssrmonitor.core.permissions import Action, country_ids_with, is_superuser
from ssrmonitor.lessons.forms import LessonFilters
from ssrmonitor.lessons.permissions import access_lesson_by_id, can_edit_lessons
from ssrmonitor.lessons.search import snippet, words_of
from ssrmonitor.lessons.selectors import LessonQuery, find_lessons

PAGE_SIZE = 20


def query_of(form: LessonFilters) -> LessonQuery:
    """The search and filters of the form (nothing when it is invalid)."""
    if not form.is_valid():
        return LessonQuery()
    data = form.cleaned_data
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
    form = LessonFilters(request.GET or None)
    query = query_of(form)
    page = Paginator(find_lessons(request.user, query), PAGE_SIZE).get_page(request.GET.get("page"))
    words = words_of(query.q)
    rows = [(lesson, snippet(f"{lesson.summary}\n{lesson.body}", words)) for lesson in page]
    may_write = is_superuser(request.user) or bool(
        country_ids_with(request.user, Action.EDIT_LESSONS)
    )
    context = {"form": form, "page": page, "rows": rows, "query": query, "may_write": may_write}
    return render_page(request, "lessons/library.html", context, fragment="results")


@require_safe
@domain_errors
def lesson(request: HtmxHttpRequest, lesson_id: int) -> HttpResponse:
    """One lesson, with its source."""
    found = access_lesson_by_id(request.user, lesson_id)
    paragraphs = [p.strip() for p in found.body.split("\n\n") if p.strip()]
    context = {
        "lesson": found,
        "paragraphs": paragraphs,
        "may_edit": can_edit_lessons(request.user, found.country_id)[0],
    }
    return render_page(request, "lessons/lesson.html", context)
