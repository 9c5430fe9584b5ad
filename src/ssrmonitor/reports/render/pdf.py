"""PDF through Typst (the ``typst`` wheel: no system package, no network, no browser).

The document goes to the template ``typst/report.typ`` as JSON in ``sys.inputs``, so report
text is data and never Typst markup. Only the bundled fonts are used (system fonts ignored),
and the creation date is the document's own timestamp, so the same document gives the same
bytes on every machine.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import typst

from ssrmonitor.core.sections.document import Document
from ssrmonitor.reports.render.fonts import FONT_DIR

TEMPLATE = Path(__file__).resolve().parents[1] / "typst" / "report.typ"
CHARTS = TEMPLATE.with_name("charts.typ")
CHART_PPI = 120  # a 640 × 280 pt chart becomes 1067 × 467 pixels: about 170 dpi at 16 cm wide


@cache
def _fonts() -> typst.Fonts:
    return typst.Fonts(include_system_fonts=False, font_paths=[str(FONT_DIR)])


def document_json(document: Document) -> str:
    """The JSON the Typst template reads."""
    return json.dumps(document.as_dict(), ensure_ascii=False, sort_keys=True)


def render_pdf(document: Document) -> bytes:
    """The document as a tagged PDF (A4), deterministic for a given document."""
    when = datetime.fromtimestamp(document.timestamp, tz=UTC)
    result: bytes = typst.compile(
        TEMPLATE,
        None,
        root=TEMPLATE.parent,
        font_paths=_fonts(),
        ignore_system_fonts=True,
        format="pdf",
        sys_inputs={"document": document_json(document)},
        timestamp=when,
    )
    return bytes(result)


def charts_png(svgs: list[str]) -> list[bytes]:
    """The SVG charts (640 × 280) as PNG images, all in one Typst run (one page each)."""
    if not svgs:
        return []
    pages = typst.compile(
        CHARTS,
        None,
        root=CHARTS.parent,
        font_paths=_fonts(),
        ignore_system_fonts=True,
        format="png",
        ppi=CHART_PPI,
        sys_inputs={"charts": json.dumps(svgs)},
    )
    return [pages] if isinstance(pages, bytes) else list(pages)
