"""The library's filters (shared GET filters): a bad value is ignored and said, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.testing.factories_lessons import LessonFactory

pytestmark = pytest.mark.django_db


def test_a_bad_theme_is_ignored_while_the_component_still_filters(db: None) -> None:
    police = LessonFactory(title="Police vetting lesson", component=Component.POLICE)
    justice = LessonFactory(title="Court backlog lesson", component=Component.JUSTICE)
    params = {"theme": "not-a-theme", "component": Component.POLICE}
    answer = Client().get(reverse("lessons:library"), params)
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "Ignored:" in page
    assert police.title in page
    assert justice.title not in page
    assert "Clear filters" in page


def test_the_exports_keep_the_filters(db: None) -> None:
    LessonFactory(title="Police vetting lesson", component=Component.POLICE)
    LessonFactory(title="Court backlog lesson", component=Component.JUSTICE)
    params = {"component": Component.JUSTICE, "op": "99"}
    answer = Client().get(reverse("lessons:library_csv"), params)
    text = answer.content.decode()
    assert answer.status_code == 200
    assert "Court backlog lesson" in text and "Police vetting lesson" not in text
