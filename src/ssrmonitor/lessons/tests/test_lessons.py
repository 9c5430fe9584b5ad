"""The lessons library: search in English and French, ranking, snippets, filters, permissions."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.permissions import Denied
from ssrmonitor.core.services import load_countries, load_missions
from ssrmonitor.lessons.demo import load_demo
from ssrmonitor.lessons.models import Lesson
from ssrmonitor.lessons.search import snippet
from ssrmonitor.lessons.selectors import LessonQuery, find_lessons
from ssrmonitor.lessons.services import create_lesson, update_lesson
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_lessons import LessonFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "rachel", "victor", "ada", "bob", "root", "public"]
HT_MEMBERS = {"alice", "rachel", "victor", "ada", "root"}


@pytest.fixture
def demo() -> None:
    load_countries(acting_user=SYSTEM)
    load_missions(acting_user=SYSTEM)
    load_demo(acting_user=SYSTEM)


def titles(query: LessonQuery) -> list[str]:
    return [lesson.title for lesson in find_lessons(AnonymousUser(), query)]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("district criteria", "Police handover works district by district against agreed criteria"),
        ("payroll", "Changes of data method can look like progress"),
        (
            "calendrier indicatif",
            "Un plan de transition a besoin de critères précis et d'un calendrier",
        ),
        ("jalons", "Un plan de transition a besoin de critères précis et d'un calendrier"),
        ("14.5 mm", "Arms embargo benchmarks tie the easing of the embargo to SSR progress"),
    ],
)
def test_search_finds_the_expected_lesson_in_both_languages(
    demo: None, q: str, expected: str
) -> None:
    assert titles(LessonQuery(q=q))[0] == expected


def test_every_word_must_appear(demo: None) -> None:
    assert titles(LessonQuery(q="payroll jalons")) == []


def test_title_matches_rank_before_body_matches() -> None:
    LessonFactory(title="About vetting", summary="x", body="nothing")
    LessonFactory(title="Another lesson", summary="x", body="vetting of officers")
    assert titles(LessonQuery(q="vetting")) == ["About vetting", "Another lesson"]


def test_filters(demo: None) -> None:
    assert titles(LessonQuery(language="fr")) == [
        "Un plan de transition a besoin de critères précis et d'un calendrier"
    ]
    assert len(titles(LessonQuery(theme="transitions"))) == 3
    assert titles(LessonQuery(op="OP 20(k)")) == [
        "Arms embargo benchmarks tie the easing of the embargo to SSR progress"
    ]
    assert len(titles(LessonQuery(country="TL"))) == 1


def test_snippets_escape_the_text_and_mark_the_words() -> None:
    html = snippet("Use <b>vetting</b> and Vetting mark", ["vetting", "mark"])
    assert (
        html
        == "Use &lt;b&gt;<mark>vetting</mark>&lt;/b&gt; and <mark>Vetting</mark> <mark>mark</mark>"
    )


@pytest.fixture
def lessons() -> dict[str, Lesson]:
    return {
        "ht_published": LessonFactory(country=country("HT"), is_published=True),
        "ht_internal": LessonFactory(country=country("HT"), is_published=False),
        "cf_internal": LessonFactory(country=country("CF"), is_published=False),
    }


READERS = {"ht_published": set(PERSONAS), "ht_internal": HT_MEMBERS, "cf_internal": {"bob", "root"}}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("surface", ["page", "api"])
@pytest.mark.parametrize("target", list(READERS))
def test_reading_lessons(
    lessons: dict[str, Lesson], personas: dict[str, Any], persona: str, surface: str, target: str
) -> None:
    client = Client()
    if personas[persona] is not None:
        client.force_login(personas[persona])
    lesson = lessons[target]
    url = lesson.get_absolute_url() if surface == "page" else f"/api/v1/lessons/{lesson.pk}"
    assert client.get(url).status_code == (200 if persona in READERS[target] else 404)


EDIT = {
    "alice": 200,
    "ada": 200,
    "root": 200,
    "rachel": 403,
    "victor": 403,
    "bob": 404,
    "public": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_editing_an_internal_lesson(
    lessons: dict[str, Lesson], personas: dict[str, Any], persona: str
) -> None:
    client = Client()
    if personas[persona] is not None:
        client.force_login(personas[persona])
    url = reverse("lessons:lesson_edit", args=[lessons["ht_internal"].pk])
    assert client.get(url).status_code == EDIT[persona]


def test_the_public_library_lists_published_lessons_only(
    lessons: dict[str, Lesson], client: Client
) -> None:
    body = client.get(reverse("lessons:library")).content.decode()
    assert lessons["ht_published"].title in body
    assert lessons["ht_internal"].title not in body


def test_editor_writes_and_publishes_a_lesson(alice: Any, bob: Any) -> None:
    fields = {"title": "t", "summary": "s", "source_document": "S/2019/805"}
    lesson = create_lesson(
        acting_user=alice, country=country("HT"), themes=["gender"], op_tags=["OP 14"], **fields
    )
    assert lesson.created_by == alice
    assert update_lesson(lesson, acting_user=alice, is_published=True).is_published
    with pytest.raises(Denied):
        update_lesson(lesson, acting_user=bob, title="x")
    with pytest.raises(Denied):
        update_lesson(lesson, acting_user=alice, country=country("CF"))


@pytest.mark.parametrize(("field", "value"), [("themes", ["astrology"]), ("op_tags", ["OP 99"])])
def test_unknown_tags_are_refused(alice: Any, field: str, value: list[str]) -> None:
    fields = {
        "title": "t",
        "summary": "s",
        "country": country("HT"),
        "source_document": "d",
        field: value,
    }
    with pytest.raises(ValidationFailed) as info:
        create_lesson(acting_user=alice, **fields)
    assert info.value.errors[0].field == field


def test_library_search_page_and_api_show_snippets(demo: None, client: Client) -> None:
    fragment = client.get(
        reverse("lessons:library"), {"q": "jalons"}, headers={"HX-Request": "true"}
    )
    assert "<mark>jalons</mark>" in fragment.content.decode()
    body = client.get("/api/v1/lessons", {"q": "payroll"}).json()
    assert body["count"] == 1
    assert "<mark>payroll</mark>" in body["items"][0]["snippet"]


def test_demo_is_idempotent(demo: None) -> None:
    assert Lesson.objects.count() == 7
    assert load_demo(acting_user=SYSTEM) == {"lessons_created": 0, "lessons_skipped": 0}
    assert not Lesson.objects.filter(is_illustrative=True).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_csv_holds_only_the_lessons_the_persona_may_read(
    lessons: dict[str, Lesson], personas: dict[str, Any], persona: str
) -> None:
    client = Client()
    if personas[persona] is not None:
        client.force_login(personas[persona])
    body = client.get(reverse("lessons:library_csv")).content.decode()
    for target, lesson in lessons.items():
        assert (lesson.title in body) == (persona in READERS[target]), target
