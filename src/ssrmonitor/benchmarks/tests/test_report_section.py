"""The thematic report's common obstacles: approved values only, as the audience may see."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ssrmonitor.benchmarks.models import MeasurementStatus
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.reports.builder import build_document, collect_thematic_report
from ssrmonitor.reports.render import render
from ssrmonitor.testing.factories import IndicatorFactory, MeasurementFactory, country
from ssrmonitor.testing.factories_reports import ReportWorld, report_world

pytestmark = pytest.mark.django_db
Y2019 = ReportingPeriod.parse("2019")
DRAFT_OBSTACLE = "Draft obstacle nobody approved."
INTERNAL_OBSTACLE = "Obstacle in an unpublished framework."


@pytest.fixture
def world() -> ReportWorld:
    """The reports' Haiti world, plus a draft and an internal obstacle."""
    found = report_world()
    MeasurementFactory(
        indicator=found.prisons,
        period_text="2019-Q3",
        obstacles=DRAFT_OBSTACLE,
        status=MeasurementStatus.SUBMITTED,
    )
    internal = IndicatorFactory(benchmark__framework=found.internal, code="9.2")
    MeasurementFactory(
        indicator=internal,
        period_text="2019-H2",
        obstacles=INTERNAL_OBSTACLE,
        status=MeasurementStatus.APPROVED,
    )
    return found


def _texts(payload: dict[str, Any]) -> list[str]:
    section = payload["sections"]["common_obstacles"]
    return [o["text"] for item in section["components"] for o in item["obstacles"]]


def test_public_thematic_report_has_published_approved_obstacles_only(
    alice: Any, world: ReportWorld
) -> None:
    payload = collect_thematic_report(alice, [country("HT"), country("CF")], Y2019, "public")
    assert _texts(payload) == ["Recruitment froze for two months."]
    text = json.dumps(payload)
    assert DRAFT_OBSTACLE not in text and INTERNAL_OBSTACLE not in text
    document = build_document(payload, "en")
    assert "1 obstacle was recorded with approved values in the period." in document.summary
    html = render(document, "html").content.decode()
    assert "Common obstacles" in html and DRAFT_OBSTACLE not in html


def test_internal_thematic_report_adds_internal_frameworks_never_drafts(
    alice: Any, world: ReportWorld
) -> None:
    payload = collect_thematic_report(alice, [country("HT")], Y2019, "internal")
    assert sorted(_texts(payload)) == [INTERNAL_OBSTACLE, "Recruitment froze for two months."]
    assert DRAFT_OBSTACLE not in json.dumps(payload)


def test_left_out_without_obstacles(alice: Any, world: ReportWorld) -> None:
    payload = collect_thematic_report(alice, [country("CF")], Y2019, "internal")
    assert "common_obstacles" not in payload["sections"]
