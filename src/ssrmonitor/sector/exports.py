"""CSV and XLSX downloads of a country's sector data, through the permission layer.

Datasets: ``institutions`` (every version, so the history travels with the data),
``oversight``, ``roles`` (with the overlap/gap check), ``personnel``, ``budget`` and
``reference`` (the public statistics). Personnel figures are exported as published — the
suppressed table, with a ``suppressed`` flag — unless the user may see them unsuppressed, in
which case the raw counts are exported in the bulk-entry template's columns (so they can be
corrected and imported again). Text cells are escaped against formula injection with the
helpers of :mod:`ssrmonitor.core.exports`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.exports import XLSX_TYPE, Cell, csv_cell, xlsx_cell
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import NotFound
from ssrmonitor.sector import selectors
from ssrmonitor.sector.disclosure import TOTAL
from ssrmonitor.sector.models import InstitutionVersion, PersonnelCount, PersonnelReturn
from ssrmonitor.sector.permissions import can_view_unsuppressed

Rows = tuple[list[str], Iterator[list[Cell]]]
ALL = "all"


def _institutions(user: Viewer, country: Country) -> Rows:
    columns = [
        "key", "name_en", "name_fr", "acronym", "kind", "parent_key", "legal_basis_text",
        "legal_basis_reference", "mandate", "head", "coverage", "status", "merged_into_key",
        "valid_from", "valid_to", "is_public", "is_illustrative", "source", "change_note",
    ]  # fmt: skip
    visible = selectors.visible_institutions(user, country)
    keys = dict(visible.values_list("pk", "key"))
    versions = InstitutionVersion.objects.filter(institution__in=visible).select_related(
        "institution"
    )

    def rows() -> Iterator[list[Cell]]:
        for v in versions.order_by("institution__key", "valid_from"):
            yield [
                v.institution.key, v.names.get("en", ""), v.names.get("fr", ""), v.acronym,
                v.kind, keys.get(v.parent_id or 0, ""), v.legal_basis_text,
                v.legal_basis_reference, v.mandate, v.head, v.coverage, v.status,
                keys.get(v.merged_into_id or 0, ""), v.valid_from, v.valid_to,
                v.institution.is_public, v.institution.is_illustrative, v.source, v.change_note,
            ]  # fmt: skip

    return columns, rows()


def _oversight(user: Viewer, country: Country) -> Rows:
    sector = selectors.sector_map(user, country, timezone.localdate())
    entries = sector.entries
    columns = ["overseer_key", "overseer", "instrument", "overseen_key", "overseen", "note"]
    rows: list[list[Cell]] = [
        [
            entries[r.overseer_id].institution.key,
            entries[r.overseer_id].name,
            r.instrument,
            entries[r.overseen_id].institution.key,
            entries[r.overseen_id].name,
            r.note,
        ]
        for r in sector.oversight
    ]
    return columns, iter(rows)


def _roles(user: Viewer, country: Country) -> Rows:
    found = selectors.roles_matrix(user, country, timezone.localdate())
    columns = ["function_code", "function", "check", "institution_key", "institution", "role"]
    rows: list[list[Cell]] = []
    for function in found.functions:
        status = found.analysis.status_of(str(function.pk))
        cells: list[tuple[selectors.Entry | None, str]] = [
            (e, found.role(function.pk, e.institution.pk)) for e in found.columns
        ]
        assigned = [(e, role) for e, role in cells if role]
        for entry, role in assigned or [(None, "")]:
            rows.append(
                [
                    function.code,
                    function.display_name,
                    status,
                    entry.institution.key if entry else "",
                    entry.name if entry else "",
                    role,
                ]
            )
    return columns, iter(rows)


def _raw_personnel(returns: QuerySet[PersonnelReturn]) -> Rows:
    columns = [
        "institution_key", "period", "unit", "rank", "sex", "count", "age_band", "region",
        "source", "is_illustrative",
    ]  # fmt: skip
    counts = PersonnelCount.objects.filter(personnel_return__in=returns).select_related(
        "personnel_return__institution"
    )

    def rows() -> Iterator[list[Cell]]:
        for c in counts.order_by("personnel_return__institution__key", "personnel_return__period"):
            r = c.personnel_return
            yield [
                r.institution.key, str(r.period), c.unit, c.rank, c.sex, str(c.count),
                c.age_band, c.region, r.source, r.is_illustrative,
            ]  # fmt: skip

    return columns, rows()


def _published_personnel(user: Viewer, returns: QuerySet[PersonnelReturn]) -> Rows:
    columns = ["institution_key", "period", "unit", "rank", "sex", "persons", "suppressed"]
    columns += ["is_illustrative"]

    def rows() -> Iterator[list[Cell]]:
        for found in returns.select_related("institution").order_by("institution__key"):
            table = selectors.personnel_table(user, found)
            for key in sorted(table.table.values):
                value = table.table.shown(key)
                unit, rank, sex = (ALL if part == TOTAL else part for part in key)
                yield [
                    found.institution.key, str(found.period), unit, rank, sex,
                    "" if value is None else str(value), value is None, found.is_illustrative,
                ]  # fmt: skip

    return columns, rows()


def _personnel(user: Viewer, country: Country) -> Rows:
    returns = selectors.returns_visible_to(user).filter(institution__country=country)
    if can_view_unsuppressed(user, country.pk):
        return _raw_personnel(returns)
    return _published_personnel(user, returns)


def _budget(user: Viewer, country: Country) -> Rows:
    columns = [
        "institution_key", "fiscal_year", "economic", "cofog", "funding_source", "allocated",
        "revised", "executed", "currency", "support_reference", "source", "is_illustrative",
    ]  # fmt: skip
    lines = selectors.budget_lines_visible_to(user).filter(institution__country=country)

    def rows() -> Iterator[list[Cell]]:
        for b in lines.select_related("institution").order_by("fiscal_year", "institution__key"):
            yield [
                b.institution.key, str(b.fiscal_year), b.economic, b.cofog, b.funding_source,
                b.allocated, b.revised, b.executed, b.currency, b.support_reference, b.source,
                b.is_illustrative,
            ]  # fmt: skip

    return columns, rows()


def _reference(user: Viewer, country: Country) -> Rows:
    columns = ["series_code", "series", "unit", "year", "value", "source", "licence"]
    grouped = selectors.reference_values(country)
    rows: Iterator[list[Cell]] = (
        [v.series.code, v.series.name, v.series.unit, str(v.year), v.value, v.series.source,
         v.series.licence]
        for values in grouped.values()
        for v in values
    )  # fmt: skip
    return columns, rows


DATASETS: dict[str, Callable[[Viewer, Country], Rows]] = {
    "institutions": _institutions,
    "oversight": _oversight,
    "roles": _roles,
    "personnel": _personnel,
    "budget": _budget,
    "reference": _reference,
}


def dataset_rows(user: Viewer, country: Country, dataset: str) -> Rows:
    """The columns and rows of ``dataset``; :class:`NotFound` for an unknown dataset."""
    if dataset not in DATASETS:
        raise NotFound
    return DATASETS[dataset](user, country)


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """UTF-8 CSV with a byte-order mark; every cell escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()


def xlsx_bytes(columns: Sequence[str], rows: Iterable[Sequence[Cell]], about: str) -> bytes:
    """A workbook with a Data sheet and an About line."""
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet("Data")
    data.append(list(columns))
    for row in rows:
        data.append([xlsx_cell(value) for value in row])
    info = workbook.create_sheet("About")
    info.append([xlsx_cell(about)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(country: Country, dataset: str, fmt: str, day: date) -> str:
    return f"ssrmonitor-{country.iso2}-sector-{dataset}-{day:%Y%m%d}.{fmt}"


__all__ = ["XLSX_TYPE", "csv_text", "dataset_rows", "filename", "xlsx_bytes"]
