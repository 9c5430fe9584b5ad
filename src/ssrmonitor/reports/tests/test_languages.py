"""Reports in every interface language; the Arabic one typeset right to left."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typst
from django.conf import settings

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.reports import generate
from ssrmonitor.reports.builder import build_document, collect_country_report
from ssrmonitor.reports.render import render
from ssrmonitor.reports.render.pdf import TEMPLATE, _fonts, document_json
from ssrmonitor.testing.factories_reports import ReportWorld

pytestmark = pytest.mark.django_db
PERIOD = ReportingPeriod.parse("2019-H2")
_TEXT_AT = re.compile(r'<g transform="matrix\(1 0 0 -1 ([\d.]+) [\d.]+\)">')


def _payload(user: Any, world: ReportWorld) -> dict[str, Any]:
    return collect_country_report(user, world.published.country, PERIOD, "internal")


def _first_line_x(document: Any) -> float:
    """Where the first line of page 1 (the organisation's name) starts, in points from the left."""
    pages = typst.compile(
        TEMPLATE,
        None,
        root=TEMPLATE.parent,
        font_paths=_fonts(),
        ignore_system_fonts=True,
        format="svg",
        sys_inputs={"document": document_json(document)},
    )
    first = pages[0] if isinstance(pages, list) else pages
    match = _TEXT_AT.search(first.decode())
    assert match is not None
    return float(match.group(1))


def test_every_interface_language_is_a_report_language() -> None:
    assert set(generate.LANGUAGES) == {code for code, _name in settings.LANGUAGES}
    with pytest.raises(ValidationFailed):
        generate.checked_lang("de")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ar", "إصلاح قطاع الأمن في"),
        ("pt", "Reforma do setor de segurança em"),
        ("es", "Reforma del sector de la seguridad en"),
    ],
)
def test_the_report_title_is_in_the_report_language(
    alice: Any, world: ReportWorld, lang: str, words: str
) -> None:
    document = build_document(_payload(alice, world), lang)
    assert document.title.startswith(words)
    assert document.lang == lang


def test_the_arabic_pdf_renders_and_runs_right_to_left(alice: Any, world: ReportWorld) -> None:
    payload = _payload(alice, world)
    arabic = build_document(payload, "ar")
    pdf = render(arabic, "pdf").content
    assert pdf.startswith(b"%PDF")
    page_width = 595.3  # A4 in points
    assert _first_line_x(arabic) > page_width / 2  # starts from the right margin
    assert _first_line_x(build_document(payload, "en")) < page_width / 4


def test_the_arabic_html_report_is_marked_right_to_left(alice: Any, world: ReportWorld) -> None:
    html = render(build_document(_payload(alice, world), "ar"), "html").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    english = render(build_document(_payload(alice, world), "en"), "html").content.decode()
    assert '<html lang="en" dir="ltr">' in english
