"""CSV and XLSX downloads of a country's estimates and consultations (what the user may see)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from ssrmonitor.core.exports import XLSX_TYPE, Cell, csv_cell, xlsx_cell
from ssrmonitor.core.http import HtmxHttpRequest, domain_errors
from ssrmonitor.core.models import Country
from ssrmonitor.perceptions.models import GROUP_FIELDS, PARTICIPANT_FIELDS
from ssrmonitor.perceptions.permissions import (
    access_country_by_iso2,
    consultations_visible_to,
    estimates_visible_to,
)

ESTIMATE_COLUMNS = (
    "country_iso2", "survey", "series", "round", "fieldwork_start", "fieldwork_end",
    "question", "item", "favourable", "group", "value", "share_percent", "ci95_low",
    "ci95_high", "respondents_unweighted", "origin", "weight_variable", "strata_variable",
    "cluster_variable", "source", "licence", "published",
)  # fmt: skip
CONSULTATION_COLUMNS = (
    "country_iso2", "id", "title", "kind", "held_on", "place", "organiser",
    *PARTICIPANT_FIELDS, "participants", *GROUP_FIELDS, "topics", "recommendations",
    "recommendations_implemented", "source", "published",
)  # fmt: skip


def estimate_rows(request: HtmxHttpRequest, country: Country) -> Iterable[Sequence[Cell]]:
    rows = (
        estimates_visible_to(request.user)
        .filter(question__survey__country=country)
        .select_related("question__survey", "question__item")
        .order_by("question__survey__round_number", "question__code", "group_kind", "group_value")
    )
    for e in rows:
        q, s = e.question, e.question.survey
        yield (
            country.iso2, s.name, s.series, str(s.round_number), s.fieldwork_start,
            s.fieldwork_end, q.code, q.item.key if q.item else "", "; ".join(q.favourable_labels),
            e.group_kind, e.group_value, e.share, e.ci_low, e.ci_high, str(e.respondents),
            e.origin, s.weight_variable, s.strata_variable, s.cluster_variable, s.source,
            s.licence, s.is_published,
        )  # fmt: skip


def consultation_rows(request: HtmxHttpRequest, country: Country) -> Iterable[Sequence[Cell]]:
    rows = (
        consultations_visible_to(request.user)
        .filter(country=country)
        .prefetch_related("recommendations")
    )
    for c in rows.order_by("held_on", "id"):
        recommendations = list(c.recommendations.all())
        yield (
            country.iso2, str(c.pk), c.title, c.kind, c.held_on,
            c.place, c.organiser, *(str(getattr(c, f)) for f in PARTICIPANT_FIELDS),
            str(c.participants), *(str(getattr(c, f)) for f in GROUP_FIELDS),
            "; ".join(c.topics), str(len(recommendations)),
            str(sum(r.follow_up == "implemented" for r in recommendations)), c.source,
            c.is_published,
        )  # fmt: skip


def _csv(columns: Sequence[str], rows: Iterable[Sequence[Cell]], name: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def _xlsx(columns: Sequence[str], rows: Iterable[Sequence[Cell]], name: str) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(name[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append([xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@domain_errors
def estimates_csv(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The country's survey estimates with their intervals, as CSV."""
    country = access_country_by_iso2(request.user, iso2)
    rows = estimate_rows(request, country)
    return _csv(ESTIMATE_COLUMNS, rows, f"survey-estimates-{country.iso2}")


@require_GET
@domain_errors
def estimates_xlsx(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The country's survey estimates with their intervals, as XLSX."""
    country = access_country_by_iso2(request.user, iso2)
    rows = estimate_rows(request, country)
    return _xlsx(ESTIMATE_COLUMNS, rows, f"survey-estimates-{country.iso2}")


@require_GET
@domain_errors
def consultations_csv(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The country's consultations with their participants, as CSV."""
    country = access_country_by_iso2(request.user, iso2)
    rows = consultation_rows(request, country)
    return _csv(CONSULTATION_COLUMNS, rows, f"consultations-{country.iso2}")


@require_GET
@domain_errors
def consultations_xlsx(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The country's consultations with their participants, as XLSX."""
    country = access_country_by_iso2(request.user, iso2)
    rows = consultation_rows(request, country)
    return _xlsx(CONSULTATION_COLUMNS, rows, f"consultations-{country.iso2}")
