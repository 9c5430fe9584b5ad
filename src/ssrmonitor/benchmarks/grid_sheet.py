"""The period grid as an XLSX sheet: download it filled in, complete it offline, upload it.

One row per cell of the grid (an indicator's total, then its parts). The key columns — the
indicator's id and the cell — are hidden and locked, like every column but the value, nature,
dates and narrative of a line that may still change; numeric cells carry a data validation of
the indicator's allowed range. The sheet is protected without a password: the protection keeps
keys from being changed by mistake, the upload checks them anyway.

Reading checks the limits before and while it reads (the file's size and kind, the unpacked
size of the zip, the number of rows) and names every problem by sheet row and column. Nothing is
written here: the entries read go to :func:`~.services.grid.save_period_values`, whose refusals
:func:`sheet_errors` turns into rows and columns too.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ssrmonitor.benchmarks.period_grid import TOTAL, GridLine, cell_of
from ssrmonitor.benchmarks.services import Coverage, DisaggregationInput, GridEntry
from ssrmonitor.benchmarks.services.grid import RowProblem
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.exports import xlsx_cell
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.progress import ValueNature
from ssrmonitor.core.uploads import check_upload, check_zip_limits

MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5_000
KEYS = ("indicator_id", "cell")
# (key, heading) of every column, in order; the first two are the hidden keys.
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("indicator_id", "indicator_id"),
    ("cell", "cell"),
    ("code", gettext_lazy("Code")),
    ("indicator", gettext_lazy("Indicator")),
    ("part", gettext_lazy("Part")),
    ("unit", gettext_lazy("Unit")),
    ("baseline", gettext_lazy("Baseline")),
    ("target", gettext_lazy("Target")),
    ("lowest", gettext_lazy("Lowest allowed")),
    ("highest", gettext_lazy("Highest allowed")),
    ("status", gettext_lazy("Status")),
    ("value", gettext_lazy("Value")),
    ("nature", gettext_lazy("Nature")),
    ("coverage_start", gettext_lazy("Covers from")),
    ("coverage_end", gettext_lazy("Covers to")),
    ("narrative", gettext_lazy("Narrative")),
)
POSITION = {key: number for number, (key, _heading) in enumerate(COLUMNS)}
EDITABLE_TOTAL = ("value", "nature", "coverage_start", "coverage_end", "narrative")
_INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")


@dataclass(frozen=True)
class SheetError:
    """One problem of an uploaded sheet: its row (the header is row 1), column and reason."""

    row: int
    column: str
    reason: str


class SheetRefused(Exception):
    """The sheet was refused; ``errors`` lists every problem. Nothing was written."""

    def __init__(self, errors: list[SheetError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class ReadSheet:
    """The entries of a sheet, and for each indicator which sheet row holds which cell."""

    entries: list[GridEntry] = field(default_factory=list)
    rows: dict[int, dict[str, int]] = field(default_factory=dict)
    part_keys: dict[int, list[str]] = field(default_factory=dict)


def column_label(key: str) -> str:
    """``L (Value)``: the column's letter and heading, as errors name it."""
    number = POSITION.get(key)
    if number is None:
        return key
    heading = dict(COLUMNS)[key]
    return f"{chr(ord('A') + number)} ({heading})"


def _row(line: GridLine, key: str, stored: Decimal | None) -> list[Any]:
    indicator, value = line.indicator, line.measurement
    total = key == TOTAL
    return [
        indicator.pk,
        key,
        indicator.code,
        indicator.definition[:250],
        next(c.label for c in line.cells if c.key == key),
        indicator.unit or indicator.get_kind_display(),
        indicator.baseline_value,
        indicator.target_value,
        line.low,
        line.high,
        (value.get_status_display() if value else _("No value")) if total else "",
        stored,
        line.nature if total else None,
        line.coverage_start if total else None,
        line.coverage_end if total else None,
        line.narrative if total else None,
    ]


def _validation(sheet: Worksheet, line: GridLine, cell: str) -> None:
    low = "-1000000000000" if line.low is None else plain(line.low)
    high = "1000000000000" if line.high is None else plain(line.high)
    rule = DataValidation(type="decimal", operator="between", formula1=low, formula2=high)
    rule.error = _("A number from %(low)s to %(high)s.") % {"low": low, "high": high}
    rule.showErrorMessage = True
    sheet.add_data_validation(rule)
    rule.add(cell)


def write_sheet(framework_title: str, period: ReportingPeriod, lines: Sequence[GridLine]) -> bytes:
    """The filled-in sheet of a period: every line, editable cells unlocked and highlighted."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 (a new workbook has one sheet)
    sheet.title = _("Values")
    sheet.append([key if key in KEYS else str(heading) for key, heading in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    natures = DataValidation(type="list", formula1='"' + ",".join(ValueNature.values) + '"')
    sheet.add_data_validation(natures)
    for line in lines:
        for grid_cell in line.cells:
            sheet.append([xlsx_cell(v) for v in _row(line, grid_cell.key, grid_cell.stored)])
            number = sheet.max_row
            if not line.editable:
                continue
            editable = EDITABLE_TOTAL if grid_cell.is_total else ("value",)
            for key in editable:
                target = sheet.cell(row=number, column=POSITION[key] + 1)
                target.protection = Protection(locked=False)
                target.fill = _INPUT_FILL
            _validation(sheet, line, f"L{number}")
            if grid_cell.is_total:
                natures.add(f"M{number}")
    for letter in ("A", "B"):
        sheet.column_dimensions[letter].hidden = True
    sheet.column_dimensions["D"].width = 60
    sheet.freeze_panes = "F2"
    sheet.protection.sheet = True
    about = workbook.create_sheet(_("About"))
    about.append(["framework", framework_title])
    about.append(["period", str(period)])
    about.append([_("Fill in the highlighted cells, then upload the file on the period page.")])
    about.append([_("Nature:") + " " + ", ".join(ValueNature.values)])
    about.protection.sheet = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(content: bytes, filename: str) -> list[list[str]]:
    """The rows of the first sheet, as text, within the limits."""
    if len(content) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise SheetRefused([SheetError(0, "file", _("The file is larger than %d MB.") % limit)])
    try:
        check_upload(content, name=filename or "grid.xlsx", allowed={"xlsx"})
        check_zip_limits(content, max_unpacked=MAX_UNPACKED_BYTES)
    except ValidationFailed as exc:
        raise SheetRefused([SheetError(0, "file", exc.errors[0].reason)]) from None
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows: list[list[str]] = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            rows.append([_text(v) for v in row])
            if len(rows) > MAX_ROWS + 1:
                reason = _("The file has more than %d rows (the limit).") % MAX_ROWS
                raise SheetRefused([SheetError(0, "file", reason)])
        return rows
    except SheetRefused:
        raise
    except Exception:
        reason = _("The file is not a readable XLSX workbook.")
        raise SheetRefused([SheetError(0, "file", reason)]) from None


def _cell(row: list[str], key: str) -> str:
    number = POSITION[key]
    return row[number] if number < len(row) else ""


def _day(text: str, number: int, key: str, errors: list[SheetError]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(SheetError(number, column_label(key), _("Write the date as YYYY-MM-DD.")))
        return None


def read_sheet(content: bytes, filename: str, lines: Sequence[GridLine]) -> ReadSheet:
    """The entries of an uploaded sheet for these ``lines``; :class:`SheetRefused` otherwise.

    A row whose keys are not a cell of the grid, a cell given twice or a date that is not a
    date is refused with its row and column. Lines without a value in the sheet are left out.
    """
    rows = _rows(content, filename)
    if not rows or [c for c in rows[0][:2]] != list(KEYS):
        reason = _("This is not a period sheet: download the sheet of this period and fill it in.")
        raise SheetRefused([SheetError(1, "file", reason)])
    by_id = {line.indicator.pk: line for line in lines}
    cells: dict[int, dict[str, tuple[int, list[str]]]] = {}
    errors: list[SheetError] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        ident, key = _cell(row, "indicator_id"), _cell(row, "cell")
        line = by_id.get(int(ident)) if ident.isdigit() else None
        if line is None or key not in {c.key for c in line.cells}:
            reason = _("This row is not a cell of this period's grid (its key was changed).")
            errors.append(SheetError(number, column_label("indicator_id"), reason))
            continue
        if key in cells.setdefault(line.indicator.pk, {}):
            errors.append(SheetError(number, column_label("cell"), _("This cell is given twice.")))
            continue
        cells[line.indicator.pk][key] = (number, row)
    read = ReadSheet()
    for indicator_id, found in cells.items():
        entry = _entry(by_id[indicator_id], found, errors, read)
        if entry is not None:
            read.entries.append(entry)
    if errors:
        raise SheetRefused(errors)
    return read


def _entry(
    line: GridLine,
    found: dict[str, tuple[int, list[str]]],
    errors: list[SheetError],
    read: ReadSheet,
) -> GridEntry | None:
    ident = line.indicator.pk
    read.rows[ident] = {key: number for key, (number, _row) in found.items()}
    parts, keys = [], []
    for key, (_number, row) in found.items():
        value = _cell(row, "value")
        if key != TOTAL and value:
            dimension, category = key.split(":", 1)
            parts.append(DisaggregationInput(dimension, category, value))
            keys.append(key)
    read.part_keys[ident] = keys
    if TOTAL not in found:
        return None
    number, row = found[TOTAL]
    if not _cell(row, "value") and not parts:
        return None
    start = _day(_cell(row, "coverage_start"), number, "coverage_start", errors)
    end = _day(_cell(row, "coverage_end"), number, "coverage_end", errors)
    return GridEntry(
        indicator_id=ident,
        value=_cell(row, "value"),
        disaggregations=tuple(parts),
        coverage=Coverage(start, end, _cell(row, "nature") or ValueNature.STOCK),
        narrative=_cell(row, "narrative"),
    )


def sheet_errors(read: ReadSheet, problems: Sequence[RowProblem]) -> list[SheetError]:
    """A service's refusals as sheet rows and columns."""
    errors = []
    for problem in problems:
        rows = read.rows.get(problem.indicator_id, {})
        where = cell_of(problem.field, read.part_keys.get(problem.indicator_id, []))
        if where in rows:
            errors.append(SheetError(rows[where], column_label("value"), problem.reason))
        else:
            column = where if where in POSITION else "value"
            errors.append(SheetError(rows.get(TOTAL, 0), column_label(column), problem.reason))
    return sorted(errors, key=lambda e: (e.row, e.column))
