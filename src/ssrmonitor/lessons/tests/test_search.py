"""Full-text search behind one interface: FTS5 on SQLite, tsvector on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from ssrmonitor.core.services import load_countries, load_missions
from ssrmonitor.lessons import search
from ssrmonitor.lessons.demo import load_demo
from ssrmonitor.lessons.models import Lesson
from ssrmonitor.lessons.selectors import LessonQuery, find_lessons
from ssrmonitor.lessons.services import update_lesson
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_lessons import LessonFactory

pytestmark = pytest.mark.django_db

TRANSITION_FR = "Un plan de transition a besoin de critères précis et d'un calendrier"
DISTRICT = "Police handover works district by district against agreed criteria"
EMBARGO = "Arms embargo benchmarks tie the easing of the embargo to SSR progress"
METHOD = "Changes of data method can look like progress"


@pytest.fixture
def demo() -> None:
    load_countries(acting_user=SYSTEM)
    load_missions(acting_user=SYSTEM)
    load_demo(acting_user=SYSTEM)


def titles(q: str, **filters: str) -> list[str]:
    return [lesson.title for lesson in find_lessons(AnonymousUser(), LessonQuery(q=q, **filters))]


def test_the_engine_is_the_database_full_text_search() -> None:
    expected = "postgresql" if connection.vendor == "postgresql" else "fts5"
    assert search.engine() == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # English, with stemming: the plural and the verb form find the lesson.
        ("handovers", DISTRICT),
        ("embargoes easing", EMBARGO),
        ("payroll", METHOD),
        # French, with stemming on both engines ("critère" in the singular).
        ("critère calendrier", TRANSITION_FR),
        ("jalons", TRANSITION_FR),
    ],
)
def test_expected_lesson_comes_first_in_both_languages(demo: None, q: str, expected: str) -> None:
    assert titles(q)[0] == expected


@pytest.mark.parametrize(("q", "language"), [("handover", "en"), ("transition", "fr")])
def test_language_filter_and_search_combine(demo: None, q: str, language: str) -> None:
    found = find_lessons(AnonymousUser(), LessonQuery(q=q, language=language))
    assert found.exists()
    assert {lesson.language for lesson in found} == {language}


def test_every_word_must_match(demo: None) -> None:
    assert titles("payroll jalons") == []
    assert titles("zzzunknownword") == []


def test_ranking_title_then_summary_then_body() -> None:
    LessonFactory(title="Lesson on the body", summary="Nothing here.", body="Vetting of officers.")
    LessonFactory(title="Vetting first", summary="Nothing here.", body="")
    LessonFactory(title="Lesson on the summary", summary="Vetting was slow.", body="")
    assert titles("vetting") == ["Vetting first", "Lesson on the summary", "Lesson on the body"]


def test_ranking_in_french() -> None:
    LessonFactory(
        title="Leçon générale", summary="Rien.", body="La réforme de la police.", language="fr"
    )
    LessonFactory(title="Réforme de la police", summary="Rien.", body="", language="fr")
    assert titles("réforme police") == ["Réforme de la police", "Leçon générale"]


@pytest.mark.parametrize(
    "q",
    ['"', 'vetting" OR "x', "title:vetting", "NEAR(vetting x)", "vetting*", "-vetting", "(", "^"],
)
def test_query_syntax_of_the_user_is_never_an_error(q: str) -> None:
    LessonFactory(title="Vetting first", summary="s", body="")
    list(find_lessons(AnonymousUser(), LessonQuery(q=q)))  # no DatabaseError


def test_the_index_follows_updates(alice: Any) -> None:
    lesson = LessonFactory(title="Old words", summary="s", body="", country=country("HT"))
    assert titles("old") == ["Old words"]
    update_lesson(lesson, acting_user=alice, title="Fresh vocabulary")
    assert titles("old") == []
    assert titles("vocabulary") == ["Fresh vocabulary"]


def test_rebuild_refills_the_index() -> None:
    LessonFactory(title="Rebuilt index", summary="s", body="")
    count = search.rebuild_index()
    assert titles("rebuilt") == ["Rebuilt index"]
    if connection.vendor == "sqlite":
        assert count == Lesson.objects.count()


def test_the_public_never_finds_unpublished_lessons() -> None:
    LessonFactory(title="Secret vetting", summary="s", is_published=False)
    assert titles("vetting") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL GIN index")
def test_postgresql_search_can_use_the_gin_index() -> None:
    LessonFactory(title="Vetting first", summary="s", body="")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = search.search_lessons(Lesson.objects.all(), "vetting").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "lessons_lesson_search_gin" in plan


def test_snippet_ignores_accents_and_marks_whole_words() -> None:
    html = search.snippet("Des critères précis <b>", ["critere", "precis"])
    assert html == "Des <mark>critères</mark> <mark>précis</mark> &lt;b&gt;"


def test_snippet_marks_plurals_from_a_plural_query() -> None:
    assert "<mark>handover</mark>" in search.snippet("The handover of tasks", ["handovers"])


def test_fts5_expression_quotes_every_word() -> None:
    assert search.fts5_expression(['a"b', "OR"]) == '"a""b" AND "OR"'


def test_reindex_command() -> None:
    from io import StringIO

    from django.core.management import call_command

    LessonFactory(title="Command indexed", summary="s")
    out = StringIO()
    call_command("reindex_lessons", stdout=out)
    assert f"Search engine: {search.engine()}" in out.getvalue()
    assert titles("command") == ["Command indexed"]
