"""Renderers of a :class:`~ssrmonitor.core.sections.document.Document`: HTML, PDF (Typst), Word.

Each is deterministic: the same document gives the same bytes (no clock, no random ids, fixed
creation dates and zip entry times), which is what lets a snapshot regenerate identically.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ssrmonitor.core.sections.document import Document

Format = Literal["html", "pdf", "docx"]
FORMATS: tuple[Format, ...] = ("html", "pdf", "docx")


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    extension: str


CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def render(document: Document, fmt: Format) -> Rendered:
    """The document in ``fmt``."""
    if fmt == "pdf":
        from ssrmonitor.reports.render.pdf import render_pdf

        content = render_pdf(document)
    elif fmt == "docx":
        from ssrmonitor.reports.render.docx import render_docx

        content = render_docx(document)
    else:
        from ssrmonitor.reports.render.html import render_html

        content = render_html(document).encode()
    return Rendered(content, CONTENT_TYPES[fmt], fmt)
