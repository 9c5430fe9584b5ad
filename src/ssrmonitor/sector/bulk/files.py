"""Template files: columns, reading CSV/XLSX rows, checking cells, empty templates."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.exports import escape_formula
from ssrmonitor.core.periods import PeriodParseError, ReportingPeriod
from ssrmonitor.core.uploads import check_upload, check_zip_limits, require_content
from ssrmonitor.sector.models import (
    Cofog,
    Coverage,
    EconomicClass,
    FundingSource,
    InstitutionKind,
    InstitutionStatus,
    Sex,
)

MAX_ROWS = 20_000


MAX_BYTES = 5 * 1024 * 1024


# What an XLSX may unpack to: a full template of MAX_ROWS rows is well under it.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


KINDS = ("institutions", "personnel", "budget")


TRUE = {"true", "yes", "1", "oui", "vrai"}


FALSE = {"false", "no", "0", "non", "faux", ""}


@dataclass(frozen=True)
class Column:
    """A template column: its name, whether it is required, and what it accepts."""

    name: str
    required: bool
    help: Any


def _choices(values: Iterable[str]) -> str:
    return ", ".join(values)


COLUMNS: dict[str, tuple[Column, ...]] = {
    "institutions": (
        Column("key", True, gettext_lazy("Stable identifier within the country, e.g. LNP")),
        Column("name_en", False, gettext_lazy("Name in English (English or French required)")),
        Column("name_fr", False, gettext_lazy("Name in French")),
        Column("acronym", False, gettext_lazy("Acronym")),
        Column("kind", True, _choices(InstitutionKind.values)),
        Column("parent_key", False, gettext_lazy("Key of the parent institution")),
        Column("legal_basis_text", False, gettext_lazy("Legal basis")),
        Column("legal_basis_reference", False, gettext_lazy("Reference of the legal basis")),
        Column("mandate", False, gettext_lazy("Mandate")),
        Column("head", False, gettext_lazy("Head of the institution")),
        Column("coverage", False, _choices(Coverage.values)),
        Column("status", False, _choices(InstitutionStatus.values)),
        Column("valid_from", True, gettext_lazy("Date from which this row applies (YYYY-MM-DD)")),
        Column("is_public", False, "true / false"),
        Column("is_illustrative", False, "true / false"),
        Column("source", False, gettext_lazy("Where the information comes from")),
    ),
    "personnel": (
        Column("institution_key", True, gettext_lazy("Key of the institution")),
        Column("period", True, "2026, 2026-H1, 2026-Q3, 2026-07"),
        Column("unit", False, gettext_lazy("Unit (empty for the whole institution)")),
        Column(
            "rank",
            True,
            gettext_lazy("officer, nco, other, or one of the institution's mapped grades"),
        ),
        Column("sex", True, _choices(Sex.values)),
        Column("count", True, gettext_lazy("Number of persons (whole number)")),
        Column("age_band", False, gettext_lazy("e.g. 18-24 (internal only)")),
        Column("region", False, gettext_lazy("Region (internal only)")),
        Column("source", False, gettext_lazy("Where the figures come from")),
        Column("is_illustrative", False, "true / false"),
    ),
    "budget": (
        Column("institution_key", True, gettext_lazy("Key of the institution")),
        Column("fiscal_year", True, "2026"),
        Column("economic", True, _choices(EconomicClass.values)),
        Column("cofog", True, _choices(Cofog.values)),
        Column("funding_source", True, _choices(FundingSource.values)),
        Column("allocated", True, gettext_lazy("Amount allocated")),
        Column("revised", False, gettext_lazy("Revised amount")),
        Column("executed", False, gettext_lazy("Amount executed")),
        Column("currency", True, gettext_lazy("ISO 4217 code, e.g. LRD")),
        Column("support_reference", False, gettext_lazy("IATI activity (off-budget only)")),
        Column("source", False, gettext_lazy("Where the figures come from")),
        Column("is_illustrative", False, "true / false"),
    ),
}


@dataclass(frozen=True)
class RowError:
    """One problem: the file row (header = 1), the column and why."""

    row: int
    column: str
    reason: str


class ImportRefused(Exception):
    """The file was refused; ``errors`` lists every problem. Nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class ImportReport:
    """What an accepted import did."""

    kind: str
    rows: int
    changes: int


Row = dict[str, str]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _refused(reason: str) -> ImportRefused:
    return ImportRefused([RowError(0, "__file__", reason)])


def _at_most(rows: Iterable[list[str]]) -> list[list[str]]:
    """The rows, counted while they are read: past the header and :data:`MAX_ROWS`, refused."""
    out: list[list[str]] = []
    for row in rows:
        out.append(row)
        if len(out) > MAX_ROWS + 1:
            raise _refused(_("The file has more than %d rows (the limit).") % MAX_ROWS)
    return out


def read_rows(content: bytes, filename: str) -> list[list[str]]:
    """The rows of a CSV (UTF-8, comma or semicolon) or XLSX file (first sheet).

    Limits hold while reading, not after: the file's size, then its content from its bytes
    (an XLSX must be one; a CSV must be text), an XLSX's unpacked size from its zip directory
    before anything is unpacked (:data:`MAX_UNPACKED_BYTES`), and the rows as they are read.
    """
    if len(content) > MAX_BYTES:
        raise _refused(_("The file is larger than 5 MB."))
    if filename.lower().endswith(".xlsx"):
        try:
            check_upload(content, name=filename, allowed={"xlsx"})
            check_zip_limits(content, max_unpacked=MAX_UNPACKED_BYTES)
        except ValidationFailed as exc:
            raise _refused(exc.errors[0].reason) from None
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
            rows = ([_text(v) for v in row] for row in sheet.iter_rows(values_only=True))
            return _at_most(rows)
        except ImportRefused:
            raise
        except Exception:
            raise _refused(_("The file is not a readable XLSX workbook.")) from None
    try:
        require_content(content, {"text"})
    except ValidationFailed as exc:
        raise _refused(exc.errors[0].reason) from None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused(_("The file is not UTF-8 text.")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _at_most([c.strip() for c in row] for row in reader)
    except csv.Error:
        raise _refused(_("The file is not a readable CSV file.")) from None


def to_records(kind: str, rows: list[list[str]]) -> list[tuple[int, Row]]:
    """Check the header and turn rows into ``(row number, {column: text})``; skip blank rows."""
    if not rows:
        raise ImportRefused([RowError(1, "__header__", _("The file is empty."))])
    header = [h.strip().lower() for h in rows[0]]
    names = [c.name for c in COLUMNS[kind]]
    errors = [
        RowError(1, name, _("Unknown column.")) for name in header if name and name not in names
    ]
    errors += [
        RowError(1, c.name, _("Required column is missing."))
        for c in COLUMNS[kind]
        if c.required and c.name not in header
    ]
    if errors:
        raise ImportRefused(errors)
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRefused([RowError(0, "__file__", _("The file has too many rows."))])
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell for cell in row):
            continue
        records.append(
            (
                number,
                {name: (row[i] if i < len(row) else "") for i, name in enumerate(header) if name},
            )
        )
    return records


class Checker:
    """Collects the errors of one row while converting its cells."""

    def __init__(self, number: int, row: Row, errors: list[RowError]) -> None:
        self.number, self.row, self.errors = number, row, errors

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.number, column, reason))

    def text(self, column: str, required: bool = False, limit: int = 300) -> str:
        value = self.row.get(column, "")
        if required and not value:
            self.fail(column, _("This column is required."))
        if len(value) > limit:
            self.fail(column, _("At most %d characters.") % limit)
        return value

    def choice(self, column: str, allowed: list[str], default: str = "") -> str:
        value = self.row.get(column, "").strip().lower() or default
        if value not in allowed:
            self.fail(
                column,
                _("%(value)r is not one of: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(allowed)},
            )
        return value

    def boolean(self, column: str, default: bool = False) -> bool:
        value = self.row.get(column, "").strip().lower()
        if value in TRUE:
            return True
        if value in FALSE:
            return default if value == "" else False
        self.fail(column, _("Write true or false."))
        return default

    def decimal(self, column: str, required: bool = False) -> Decimal | None:
        value = self.row.get(column, "").replace(" ", "").replace("\u202f", "")
        if not value:
            if required:
                self.fail(column, _("This column is required."))
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.fail(column, _("%r is not a number.") % value)
            return None
        if not number.is_finite() or number < 0:
            self.fail(column, _("A positive number is required."))
            return None
        return number

    def integer(self, column: str) -> int:
        number = self.decimal(column, required=True)
        if number is not None and number != number.to_integral_value():
            self.fail(column, _("A whole number is required."))
        return int(number) if number is not None else 0

    def day(self, column: str) -> date:
        value = self.row.get(column, "")
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(column, _("Write the date as YYYY-MM-DD."))
            return date.min

    def period(self, column: str) -> ReportingPeriod | None:
        try:
            return ReportingPeriod.parse(self.row.get(column, ""))
        except PeriodParseError as exc:
            self.fail(column, str(exc))
            return None


def template_csv(kind: str) -> str:
    """The header row of a template, as CSV with a byte-order mark."""
    return "\ufeff" + ",".join(c.name for c in COLUMNS[kind]) + "\r\n"


def template_xlsx(kind: str) -> bytes:
    """The template as a workbook: an empty Data sheet and a Columns sheet explaining each."""
    workbook = Workbook()
    data = workbook.create_sheet(_("Data"), 0)
    workbook.remove(workbook.worksheets[1])
    data.append([c.name for c in COLUMNS[kind]])
    about = workbook.create_sheet(_("Columns"))
    about.append([_("Column"), _("Required"), _("What to write")])
    for column in COLUMNS[kind]:
        about.append(
            [
                column.name,
                _("yes") if column.required else _("no"),
                escape_formula(str(column.help)),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
