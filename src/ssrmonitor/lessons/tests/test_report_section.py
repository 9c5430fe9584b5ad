"""The thematic report's lessons learned: published lessons only."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.reports.builder import build_document, collect_thematic_report
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_lessons import LessonFactory

pytestmark = pytest.mark.django_db
Y2019 = ReportingPeriod.parse("2019")


@pytest.fixture
def lessons() -> None:
    LessonFactory(title="Vet before you train", lesson_date=date(2018, 6, 1))
    LessonFactory(title="Draft lesson", is_published=False, lesson_date=date(2018, 1, 1))
    LessonFactory(title="Later lesson", lesson_date=date(2021, 1, 1))
    LessonFactory(title="Lesson of CAR", country=country("CF"), lesson_date=date(2019, 1, 1))


def test_published_lessons_of_the_countries_up_to_the_period_end(alice: Any, lessons: None) -> None:
    for audience in ("internal", "public"):
        payload = collect_thematic_report(alice, [country("HT")], Y2019, audience)
        data = payload["sections"]["lessons_learned"]
        assert [item["title"] for item in data["lessons"]] == ["Vet before you train"]
        assert "Draft lesson" not in json.dumps(payload)
    document = build_document(payload, "en")
    assert "1 published lesson learned applies to these countries." in document.summary
    both = collect_thematic_report(alice, [country("HT"), country("CF")], Y2019, "public")
    titles = [item["title"] for item in both["sections"]["lessons_learned"]["lessons"]]
    assert titles == ["Lesson of CAR", "Vet before you train"]


def test_left_out_without_lessons(alice: Any, lessons: None) -> None:
    payload = collect_thematic_report(
        alice, [country("HT")], ReportingPeriod.parse("2017"), "public"
    )
    assert "lessons_learned" not in payload["sections"]
