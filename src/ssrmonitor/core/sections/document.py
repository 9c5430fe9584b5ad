"""The report as a format-neutral document: sections of paragraphs, tables and figures.

Section providers build these blocks (in the report's language) from the data they collected;
the HTML, PDF and Word renderers only lay them out, so a new section appears in all three
formats without touching a renderer.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ParagraphStyle = Literal["body", "lead", "note", "heading"]


def is_rtl(text: str) -> bool:
    """True when the first strongly directional character is right-to-left (Arabic, Hebrew)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text (never markup); ``heading`` is a sub-heading in a section."""

    text: str
    style: ParagraphStyle = "body"
    kind: Literal["paragraph"] = "paragraph"

    @property
    def rtl(self) -> bool:
        return is_rtl(self.text)


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Row:
    """One row of a table; ``group`` rows (e.g. a benchmark above its indicators) stand out,
    and their first cell spans the empty cells that follow it."""

    cells: list[str]
    group: bool = False

    @property
    def span(self) -> int:
        """How many columns the first cell covers (1 for ordinary rows)."""
        if not self.group:
            return 1
        count = 1
        while count < len(self.cells) and self.cells[count] == "":
            count += 1
        return count

    @property
    def shown(self) -> list[tuple[str, int]]:
        """The cells to draw with their column span (spanned empty cells left out)."""
        span = self.span
        return [(self.cells[0], span)] + [(cell, 1) for cell in self.cells[span:]]


@dataclass(frozen=True)
class Table:
    caption: str
    columns: list[Column]
    rows: list[Row]
    kind: Literal["table"] = "table"

    def laid_out(self) -> list[tuple[Row, list[tuple[str, int, bool]]]]:
        """Each row with its drawn cells: text, column span, and whether it is a number."""
        result = []
        for row in self.rows:
            cells, index = [], 0
            for text, span in row.shown:
                numeric = span == 1 and self.columns[index].numeric
                cells.append((text, span, numeric))
                index += span
            result.append((row, cells))
        return result


@dataclass(frozen=True)
class Figure:
    """A chart: an accessible SVG (with its own title and description), a caption and alt text."""

    title: str
    alt: str
    svg: str
    kind: Literal["figure"] = "figure"


Block = Paragraph | Table | Figure


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: list[Block]


@dataclass(frozen=True)
class Document:
    """A whole report, ready for a renderer."""

    lang: str
    title: str
    subtitle: str
    meta: list[str]
    summary: list[str]
    sections: list[Section]
    annex: list[Section] = field(default_factory=list)
    timestamp: int = 0
    org: str = "United Nations"
    summary_title: str = "Summary"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy (for the Typst template), with each paragraph's direction."""
        data = asdict(self)
        for part in ("sections", "annex"):
            for section in data[part]:
                for block in section["blocks"]:
                    if block["kind"] == "paragraph":
                        block["rtl"] = is_rtl(block["text"])
                    elif block["kind"] == "table":
                        for row in block["rows"]:
                            row["span"] = Row(row["cells"], row["group"]).span
        data["summary_rtl"] = [is_rtl(text) for text in self.summary]
        return data
