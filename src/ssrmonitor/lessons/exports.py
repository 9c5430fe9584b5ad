"""CSV and XLSX downloads of the library: the lessons the user may read, with the page's filters."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from ssrmonitor.core.exports import XLSX_TYPE, escape_formula, xlsx_cell
from ssrmonitor.core.http import HtmxHttpRequest
from ssrmonitor.lessons.forms import LessonFilters
from ssrmonitor.lessons.models import Lesson
from ssrmonitor.lessons.selectors import find_lessons
from ssrmonitor.lessons.views.pages import query_of

COLUMNS = (
    "id", "title", "summary", "body", "country_iso2", "mission", "component", "themes",
    "op_tags", "language", "source_document", "source_url", "lesson_date", "published",
    "illustrative",
)  # fmt: skip


def lesson_cells(lesson: Lesson) -> list[str]:
    """The cells of one lesson, as text (not escaped)."""
    return [
        str(lesson.pk), lesson.title, lesson.summary, lesson.body,
        lesson.country.iso2 if lesson.country else "",
        lesson.mission.acronym if lesson.mission else "", lesson.component,
        "; ".join(lesson.themes), "; ".join(lesson.op_tags), lesson.language,
        lesson.source_document, lesson.source_url,
        lesson.lesson_date.isoformat() if lesson.lesson_date else "",
        "yes" if lesson.is_published else "", "yes" if lesson.is_illustrative else "",
    ]  # fmt: skip


def lesson_row(lesson: Lesson) -> list[str]:
    """One CSV row (formula-escaped text)."""
    return [escape_formula(cell) for cell in lesson_cells(lesson)]


@require_GET
def library_csv(request: HtmxHttpRequest) -> HttpResponse:
    """The lessons matching the filters of the query string, as CSV."""
    query = query_of(LessonFilters(request.GET or None))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(lesson_row(lesson) for lesson in find_lessons(request.user, query))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lessons-learned.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def library_xlsx(request: HtmxHttpRequest) -> HttpResponse:
    """The lessons matching the filters of the query string, as an XLSX workbook."""
    query = query_of(LessonFilters(request.GET or None))
    workbook = Workbook()
    sheet = workbook.create_sheet("lessons", 0)
    workbook.remove(workbook.worksheets[1])
    sheet.append(list(COLUMNS))
    for lesson in find_lessons(request.user, query):
        sheet.append([xlsx_cell(cell) for cell in lesson_cells(lesson)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="lessons-learned.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
