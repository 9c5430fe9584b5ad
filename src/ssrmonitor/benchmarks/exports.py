"""CSV and XLSX exports of indicator data, with every disaggregated value.

One row per measurement and per value: the total, then each disaggregated value. The columns
added later (what a value covers, what the indicator's target is) come last, so that readers of
the first columns keep working. Who sees what
comes from the permission layer: :func:`measurements_visible_to` of the user when they may
export the country's internal data (values under review, and drafts for editors and
reviewers), of the public otherwise (approved values of published frameworks).

Text cells that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a
carriage return) are written with a leading apostrophe: :func:`escape_formula`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from ssrmonitor.benchmarks.models import Indicator, Measurement
from ssrmonitor.benchmarks.permissions import (
    access_framework_by_id,
    can_export_internal,
    measurements_visible_to,
)
from ssrmonitor.benchmarks.selectors import progress_of
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.exports import XLSX_TYPE, Cell, Echo, csv_cell, escape_formula, xlsx_cell
from ssrmonitor.core.models import Country
from ssrmonitor.core.names import territory_name
from ssrmonitor.core.permissions import NotFound, access_country_by_iso2
from ssrmonitor.core.progress import Progress

FORMATS = ("csv", "xlsx")
COLUMNS = (
    "country_iso2",
    "country",
    "framework",
    "source_document",
    "benchmark_code",
    "benchmark",
    "component",
    "owner",
    "indicator_code",
    "indicator",
    "kind",
    "unit",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "period",
    "period_start",
    "period_end",
    "status",
    "value",
    "dimension",
    "category",
    "is_illustrative",
    "value_source_document",
    "indicator_rating",
    "indicator_percent",
    "coverage_start",
    "coverage_end",
    "nature",
    "indicator_target_basis",
)
TOTAL = "total"
_PREFIX = "indicator__benchmark__framework__"


@dataclass(frozen=True)
class ExportScope:
    """What is exported: the measurements, and words for the filename and the About sheet."""

    slug: str
    filters: dict[str, str]
    internal: bool
    measurements: QuerySet[Measurement]
    country: Country


def _visible(user: Viewer, country_id: int) -> tuple[bool, QuerySet[Measurement]]:
    internal = can_export_internal(user, country_id)
    return internal, measurements_visible_to(user if internal else AnonymousUser())


def country_scope(user: Viewer, iso2: str) -> ExportScope:
    """Every framework of a country. Raises :class:`NotFound` for an unknown code."""
    country = access_country_by_iso2(iso2)
    internal, measurements = _visible(user, country.pk)
    return ExportScope(
        slug=country.iso2,
        filters={"country": country.iso2},
        internal=internal,
        measurements=measurements.filter(**{f"{_PREFIX}country": country}),
        country=country,
    )


def framework_scope(user: Viewer, framework_id: int) -> ExportScope:
    """One framework. Raises :class:`NotFound` when it is not visible to ``user``."""
    framework = access_framework_by_id(user, framework_id)
    internal, measurements = _visible(user, framework.country_id)
    return ExportScope(
        slug=f"{framework.country.iso2}-framework-{framework.pk}",
        filters={"country": framework.country.iso2, "framework": str(framework.pk)},
        internal=internal,
        measurements=measurements.filter(indicator__benchmark__framework=framework),
        country=framework.country,
    )


def _ordered(measurements: QuerySet[Measurement]) -> QuerySet[Measurement]:
    return (
        measurements.select_related(f"{_PREFIX}country")
        .prefetch_related("disaggregated_values")
        .order_by(
            f"{_PREFIX}country__name",
            f"{_PREFIX}title",
            f"{_PREFIX}id",
            "indicator__benchmark__position",
            "indicator__benchmark_id",
            "indicator__position",
            "indicator_id",
            "period_start",
            "period_end",
        )
    )


def _progress(measurements: QuerySet[Measurement]) -> dict[int, Progress]:
    ids = measurements.order_by().values_list("indicator_id", flat=True).distinct()
    return progress_of(Indicator.objects.filter(pk__in=list(ids)))


CountryNamer = Callable[[Country], str]


def country_namer(language: str | None) -> CountryNamer:
    """Names countries in ``language`` (CLDR; the stored name in English), once per country.

    The language is fixed when this is called: a streamed CSV is read after its view returned.
    """
    language = language or translation.get_language() or "en"
    names: dict[int, str] = {}

    def name(country: Country) -> str:
        if country.pk not in names:
            with translation.override(language):
                names[country.pk] = territory_name(country.iso2, country.name)
        return names[country.pk]

    return name


def _measurement_cells(measurement: Measurement, country_name: CountryNamer) -> list[Cell]:
    indicator = measurement.indicator
    benchmark = indicator.benchmark
    framework = benchmark.framework
    return [
        framework.country.iso2,
        country_name(framework.country),
        framework.title,
        framework.source_document,
        benchmark.code,
        benchmark.text,
        benchmark.component,
        benchmark.owner,
        indicator.code,
        indicator.definition,
        indicator.kind,
        indicator.unit,
        indicator.baseline_value,
        indicator.baseline_date,
        indicator.target_value,
        indicator.target_date,
        str(measurement.period),
        measurement.period_start,
        measurement.period_end,
        measurement.status,
    ]


def _tail(measurement: Measurement, progress: Progress | None) -> list[Cell]:
    rating = str(progress.rating) if progress else ""
    percent = progress.percent if progress else None
    return [
        measurement.is_illustrative,
        measurement.source_document,
        rating,
        percent,
        measurement.coverage_start,
        measurement.coverage_end or measurement.period_end,
        measurement.nature,
        measurement.indicator.target_basis,
    ]


def export_rows(
    measurements: QuerySet[Measurement], language: str | None = None
) -> Iterator[list[Cell]]:
    """The rows of the export: each measurement's total, then its disaggregated values.

    Countries are named in ``language`` (by default the active one, when this is called).
    """
    return _rows(measurements, country_namer(language))


def _rows(measurements: QuerySet[Measurement], country_name: CountryNamer) -> Iterator[list[Cell]]:
    progress = _progress(measurements)
    for measurement in _ordered(measurements).iterator(chunk_size=500):
        head = _measurement_cells(measurement, country_name)
        tail = _tail(measurement, progress.get(measurement.indicator_id))
        yield [*head, measurement.value, TOTAL, "", *tail]
        for part in measurement.disaggregated_values.all():
            yield [*head, part.value, part.dimension, part.category, *tail]


def csv_lines(rows: Iterable[list[Cell]]) -> Iterator[str]:
    """UTF-8 CSV with a byte-order mark, so that Excel reads the accents right."""
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def about_rows(scope: ExportScope, generated_at: datetime) -> list[tuple[str, str]]:
    """The "About" sheet: when, what, for whom, and where the data comes from."""
    filters = ", ".join(f"{key}={value}" for key, value in scope.filters.items())
    included = (
        _("Approved, submitted and (for editors and reviewers) draft or returned values.")
        if scope.internal
        else _("Approved values of published frameworks only.")
    )
    return [
        (_("Generated at"), generated_at.isoformat(timespec="seconds")),
        (_("Generated by"), "SSR Monitor"),
        (_("Filters"), filters),
        (_("Values included"), included),
        (_("Rows"), _("One row per value: the total, then each disaggregated value.")),
        (
            _("Progress"),
            _(
                "indicator_rating and indicator_percent are computed from approved "
                "values only, with the rules of the indicator's page."
            ),
        ),
        (
            _("Coverage"),
            _(
                "coverage_start and coverage_end are the dates a value covers (coverage_start "
                "is empty for a level at a date); nature says what the value is: stock (a "
                "level at coverage_end), flow (a total over the dates covered), cumulative (a "
                "running total since coverage_start), year_to_date (a total since 1 January) "
                "or rate (a rate or average over the dates covered). The value column is the "
                "value as reported, never annualised."
            ),
        ),
        (
            _("Target basis"),
            _(
                "indicator_target_basis says what the target is: at_date (a level to reach by "
                "the target date), per_year (a total per year: flows, cumulative and "
                "year-to-date values are annualised over the days they cover before they are "
                "rated) or cumulative (a total since the baseline). Values that cannot be "
                "compared with the target are not rated."
            ),
        ),
        (
            _("Provenance"),
            _(
                "Values come from the frameworks' source documents (UN Security "
                "Council documents) or were entered by country editors and "
                "approved by a reviewer. Rows with is_illustrative = true were "
                "generated for demonstration and are not reported values."
            ),
        ),
        (
            _("Licence"),
            _(
                "Internal data: share only with people entitled to it. Public "
                "exports contain published data only."
            ),
        ),
    ]


def xlsx_bytes(scope: ExportScope, generated_at: datetime) -> bytes:
    """The workbook: a Data sheet with a header row, and an About sheet."""
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(_("Data"))
    data.append(list(COLUMNS))
    for row in export_rows(scope.measurements):
        data.append([xlsx_cell(value) for value in row])
    about = workbook.create_sheet(_("About"))
    for key, value in about_rows(scope, generated_at):
        about.append([escape_formula(key), escape_formula(value)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(scope: ExportScope, fmt: str) -> HttpResponseBase:
    """The download of ``scope`` as ``csv`` (streamed) or ``xlsx``; :class:`NotFound` else."""
    if fmt not in FORMATS:
        raise NotFound
    now = timezone.now()
    filename = f"ssrmonitor-{scope.slug}-{now:%Y%m%d-%H%M}.{fmt}"
    response: HttpResponseBase
    if fmt == "csv":
        lines = csv_lines(export_rows(scope.measurements))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx_bytes(scope, now), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


INLINE_ROWS = 5000
"""Up to this many values an XLSX workbook is built in the request; beyond, a background job
builds it (a CSV is streamed as it is read, whatever its size)."""


def _download(request: HttpRequest, scope: ExportScope, fmt: str, job_url: str) -> HttpResponseBase:
    if fmt not in FORMATS:
        raise Http404
    if fmt == "xlsx" and scope.measurements.count() > INLINE_ROWS:
        context = {"rows": scope.measurements.count(), "job_url": job_url, "slug": scope.slug}
        return render(request, "benchmarks/export_large.html", context)
    return export_response(scope, fmt)


@require_GET
def country_export(request: HttpRequest, iso2: str, fmt: str) -> HttpResponseBase:
    """Download the indicator data of a country as CSV or XLSX (a large XLSX: see above)."""
    try:
        scope = country_scope(request.user, iso2)
    except NotFound:
        raise Http404 from None
    return _download(request, scope, fmt, reverse("benchmarks:export_job", args=["country", iso2]))


@require_GET
def framework_export(request: HttpRequest, framework_id: int, fmt: str) -> HttpResponseBase:
    """Download the indicator data of one framework as CSV or XLSX (a large XLSX: see above)."""
    try:
        scope = framework_scope(request.user, framework_id)
    except NotFound:
        raise Http404 from None
    job_url = reverse("benchmarks:export_job", args=["framework", str(framework_id)])
    return _download(request, scope, fmt, job_url)
