"""The section registry: a provider plugs in, shows in every format, is left out without data."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.sections import (
    CollectContext,
    Scope,
    SectionParts,
    providers,
    register,
    unregister,
)
from ssrmonitor.core.sections.document import Paragraph, Section
from ssrmonitor.reports.builder import build_document, collect_country_report
from ssrmonitor.reports.render import render
from ssrmonitor.reports.render.pdf import document_json
from ssrmonitor.testing.factories_reports import ReportWorld

pytestmark = pytest.mark.django_db
PERIOD = ReportingPeriod.parse("2019-H2")


class SupportSection:
    """A stand-in for a section another app would add (support by partner)."""

    key = "support_test"
    order = 20
    scope: Scope = "country"
    has_data = True

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        if not self.has_data:
            return None
        return {"partners": 3, "country": context.country.iso2 if context.country else ""}

    def build(self, data: dict[str, Any]) -> SectionParts:
        text = f"{data['partners']} partners support reform in {data['country']}."
        return SectionParts(
            summary=[text], body=[Section(self.key, "Support by partner", [Paragraph(text)])]
        )


@pytest.fixture
def support() -> Iterator[SupportSection]:
    section = SupportSection()
    register(section)
    yield section
    unregister("country", section.key)


def test_the_reports_app_registers_its_own_sections() -> None:
    assert "benchmarks" in [p.key for p in providers("country")]
    assert "benchmark_overview" in [p.key for p in providers("thematic")]


def test_a_plugged_section_appears_in_order_and_in_every_format(
    alice: Any, world: ReportWorld, support: SupportSection
) -> None:
    document = build_document(
        collect_country_report(alice, world.published.country, PERIOD, "internal"), "en"
    )
    keys = [section.key for section in document.sections]
    assert keys == ["benchmarks", "host_commitments", "obstacles_recorded", "support_test"]
    assert document.summary[-1] == "3 partners support reform in HT."
    assert "Support by partner" in render(document, "html").content.decode()
    docx = render(document, "docx").content
    assert (
        "Support by partner" in zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    )
    assert "Support by partner" in document_json(document)


def test_a_section_without_data_is_left_out(
    alice: Any, world: ReportWorld, support: SupportSection
) -> None:
    support.has_data = False
    payload = collect_country_report(alice, world.published.country, PERIOD, "internal")
    assert "support_test" not in payload["sections"]
    document = build_document(payload, "en")
    assert "support_test" not in [section.key for section in document.sections]


def test_a_snapshot_section_whose_provider_is_gone_is_skipped(
    alice: Any, world: ReportWorld
) -> None:
    payload = collect_country_report(alice, world.published.country, PERIOD, "internal")
    payload["sections"]["retired_app"] = {"anything": 1}
    assert build_document(payload, "en").sections
