"""The report as one self-contained HTML file (its stylesheet inlined, charts as inline SVG)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from ssrmonitor.core.sections.document import Document

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "ssrmonitor" / "css" / "reports.css"


@cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def render_html(document: Document) -> str:
    """A standalone HTML document that opens offline and prints like the PDF."""
    with translation.override(document.lang):
        context = {"document": document, "stylesheet": stylesheet()}
        return render_to_string("reports/standalone.html", context)
