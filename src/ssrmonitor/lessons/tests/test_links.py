"""Links of a lesson to benchmarks, support activities and transition plans."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.lessons.models import Lesson
from ssrmonitor.lessons.services import set_links
from ssrmonitor.lessons.tests.kit import EDIT, PERSONAS, client_of
from ssrmonitor.testing.factories import BenchmarkFactory, FrameworkFactory, country
from ssrmonitor.testing.factories_lessons import LessonFactory
from ssrmonitor.testing.factories_support import national_activity, partner
from ssrmonitor.testing.factories_transitions import MissionFactory, TransitionPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(alice: Any) -> dict[str, Any]:
    haiti = country("HT")
    published = BenchmarkFactory(
        framework=FrameworkFactory(country=haiti, is_published=True), text="Published benchmark"
    )
    hidden = BenchmarkFactory(
        framework=FrameworkFactory(country=haiti, is_published=False), text="Draft benchmark"
    )
    plan = TransitionPlanFactory(
        mission=MissionFactory(acronym="MINUJUSTH", country=haiti),
        title="Internal transition plan",
        is_published=False,
    )
    activity = national_activity(haiti, partner("XM-HT-1"), "1", title="National police support")
    lesson = LessonFactory(title="Linked lesson", is_published=True)
    set_links(
        lesson,
        acting_user=alice,
        benchmarks=[published, hidden],
        activities=[activity],
        transition_plans=[plan],
    )
    return {"lesson": lesson, "published": published, "plan": plan, "activity": activity}


def test_links_respect_the_visibility_of_the_linked_objects(
    linked: dict[str, Any], personas: dict[str, Any]
) -> None:
    url = linked["lesson"].get_absolute_url()
    public = Client().get(url).content.decode()
    assert "Published benchmark" in public
    for hidden in ("Draft benchmark", "Internal transition plan", "National police support"):
        assert hidden not in public
    member = client_of(personas, "alice").get(url).content.decode()
    for shown in ("Published benchmark", "Draft benchmark", "Internal transition plan"):
        assert shown in member
    assert "National police support" in member
    outsider = client_of(personas, "bob").get(url).content.decode()
    assert "Internal transition plan" not in outsider


def test_an_editor_links_only_to_what_they_can_see(alice: Any) -> None:
    cf_plan = TransitionPlanFactory(
        mission=MissionFactory(acronym="MINUSCA", country=country("CF")), is_published=False
    )
    lesson = LessonFactory()
    with pytest.raises(ValidationFailed) as info:
        set_links(lesson, acting_user=alice, transition_plans=[cf_plan])
    assert info.value.errors[0].field == "transition_plans"
    assert not lesson.transition_plans.exists()


def test_links_page_saves_the_choice(linked: dict[str, Any], alice: Any) -> None:
    client = Client()
    client.force_login(alice)
    lesson = linked["lesson"]
    url = reverse("lessons:lesson_links", args=[lesson.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"benchmarks": [linked["published"].pk]})
    assert response.status_code == 302
    assert list(lesson.benchmarks.all()) == [linked["published"]]
    assert not lesson.transition_plans.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_links_page_permissions(
    lessons: dict[str, Lesson], personas: dict[str, Any], persona: str
) -> None:
    url = reverse("lessons:lesson_links", args=[lessons["ht_internal"].pk])
    expected = {**EDIT, "alice": 200, "ada": 200, "root": 200}.get(persona, 302)
    assert client_of(personas, persona).get(url).status_code == expected
