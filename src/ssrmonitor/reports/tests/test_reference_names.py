"""Countries in reports are named in the report's language (CLDR), never by the stored English
name: "Haïti", "République démocratique du Congo" in French; the stored name in English."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from ssrmonitor.benchmarks.models import MeasurementStatus
from ssrmonitor.core.sections import provider
from ssrmonitor.core.sections.document import Paragraph, Table
from ssrmonitor.reports.builder import build_document
from ssrmonitor.reports.generate import rendered, thematic_payload
from ssrmonitor.testing.factories import (
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)
from ssrmonitor.testing.factories_reports import ReportWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_congo(world: ReportWorld) -> ReportWorld:
    """The report world and a framework of the DR Congo, with an obstacle also met in Haiti."""
    framework = FrameworkFactory(country=country("CD"), title="MONUSCO benchmarks")
    MeasurementFactory(
        indicator=IndicatorFactory(benchmark__framework=framework, code="7.1"),
        period_text="2019-H2",
        value=Decimal("1.2"),
        status=MeasurementStatus.APPROVED,
        obstacles="Recruitment froze for two months.",
    )
    return world


def _table(payload: dict[str, Any], lang: str, key: str) -> list[list[str]]:
    document = build_document(payload, lang)
    section = next(s for s in document.sections if s.key == key)
    table = next(block for block in section.blocks if isinstance(block, Table))
    return [row.cells for row in table.rows]


def test_the_french_thematic_report_names_countries_in_french(root: Any, with_congo: Any) -> None:
    payload = thematic_payload(root, "2019")
    overview = [row[0] for row in _table(payload, "fr", "benchmark_overview")]
    assert overview == ["Haïti", "République centrafricaine", "République démocratique du Congo"]
    obstacles = {row[0]: row[1] for row in _table(payload, "fr", "common_obstacles")}
    assert obstacles["Recruitment froze for two months."] == (
        "Haïti et République démocratique du Congo"
    )
    html = rendered(payload, "html", "fr").content.decode()
    assert "Haïti" in html and "République démocratique du Congo" in html
    assert not re.search(r"\bHaiti\b|Congo, The Democratic|Central African Republic", html)


def test_the_english_thematic_report_keeps_the_stored_names(root: Any, with_congo: Any) -> None:
    payload = thematic_payload(root, "2019")
    overview = [row[0] for row in _table(payload, "en", "benchmark_overview")]
    assert overview == [
        "Central African Republic",
        "Congo, The Democratic Republic of the",
        "Haiti",
    ]


def test_the_arabic_thematic_report_names_countries_in_arabic(root: Any, world: Any) -> None:
    overview = [
        row[0] for row in _table(thematic_payload(root, "2019"), "ar", "benchmark_overview")
    ]
    assert "هايتي" in overview
    assert not any(re.search(r"[A-Za-z]", name) for name in overview), overview


def test_a_payload_frozen_before_it_kept_codes_shows_the_names_it_stored(
    root: Any, world: Any
) -> None:
    """Snapshots keep the payload of their day: one without ISO codes still renders."""
    payload = copy.deepcopy(thematic_payload(root, "2019"))
    for row in payload["sections"]["benchmark_overview"]["countries"]:
        del row["country_iso2"]
    for item in payload["sections"]["common_obstacles"]["components"]:
        for obstacle in item["obstacles"]:
            del obstacle["country_codes"]
    overview = [row[0] for row in _table(payload, "fr", "benchmark_overview")]
    assert overview == ["Central African Republic", "Haiti"]


def _cells(key: str, data: dict[str, Any], lang: str) -> list[str]:
    """Every text of the section ``key`` of the thematic report built from ``data``."""
    found = provider("thematic", key)
    assert found is not None
    with translation.override(lang):
        parts = found.build(data)
    texts: list[str] = []
    for section in parts.body:
        for block in section.blocks:
            if isinstance(block, Table):
                texts += [cell for row in block.rows for cell in row.cells]
            elif isinstance(block, Paragraph):
                texts.append(block.text)
    return texts


HAITI = {"country": "Haiti", "country_iso2": "HT"}
CONGO = {"country": "Congo, The Democratic Republic of the", "country_iso2": "CD"}


@pytest.mark.parametrize(
    ("key", "data", "expected"),
    [
        (
            "support_by_component",
            {"components": [{
                "component": "police", "countries": [CONGO["country"], HAITI["country"]],
                "country_codes": ["CD", "HT"], "commitments": [], "disbursements": [],
            }]},
            "Haïti et République démocratique du Congo",
        ),
        (
            "women_participation_trends",
            {"institutions": [HAITI | {
                "institution": "PNH", "first": None,
                "last": {"period": "2019", "share": "10.5"}, "trend": "stable",
            }]},
            "Haïti",
        ),
        (
            "population_perspectives",
            {"estimates": [CONGO | {
                "survey": "Survey", "item": "Trust in the police", "code": "Q1", "group": "all",
                "value": "", "share": "40", "low": None, "high": None, "n": 100,
            }]},
            "République démocratique du Congo",
        ),
        (
            "lessons_learned",
            {"total": 1, "lessons": [HAITI | {
                "title": "A lesson", "summary": "What was learned.", "source": "", "date": None,
            }]},
            "Haïti",
        ),
    ],
)  # fmt: skip
def test_each_thematic_section_names_countries_in_the_report_language(
    key: str, data: dict[str, Any], expected: str
) -> None:
    french = _cells(key, data, "fr")
    assert expected in french
    assert not any("Haiti" in text or "Congo, The" in text for text in french), french
    english = _cells(key, data, "en")
    assert not any("Haïti" in text or "République" in text for text in english), english
