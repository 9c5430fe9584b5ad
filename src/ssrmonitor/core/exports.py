"""Shared export machinery: cells for CSV and XLSX, safe from formula injection.

Text cells that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a
carriage return) are written with a leading apostrophe: :func:`escape_formula`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ssrmonitor.core.numbers import plain

Cell = str | Decimal | date | bool | None

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    """Neutralise a text cell a spreadsheet would evaluate (CSV/formula injection).

    ``"=HYPERLINK(…)"`` becomes ``"'=HYPERLINK(…)"``; other text is returned unchanged.
    """
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_cell(value: Cell) -> str:
    """A cell as CSV text: numbers plain (``1.35``, never ``1.3500``), text escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    return escape_formula(str(value))


def xlsx_cell(value: Cell) -> Cell:
    """A cell for openpyxl: numbers and dates stay typed; text is escaped, without controls."""
    if isinstance(value, str):
        return escape_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


class Echo:
    """A file-like object that hands back what is written: rows for a streaming response."""

    def write(self, value: str) -> str:
        return value
