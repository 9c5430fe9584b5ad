"""Related lessons on a country page, XLSX downloads and a lesson in the API."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ssrmonitor.lessons.models import Lesson
from ssrmonitor.lessons.services import add_attachment
from ssrmonitor.lessons.tests.kit import PERSONAS, READERS, client_of
from ssrmonitor.testing.factories_lessons import LessonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


# Related lessons on a country page ------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("iso2", ["HT", "CF", "ht"])
def test_related_lessons_fragment(
    lessons: dict[str, Lesson], personas: dict[str, Any], persona: str, iso2: str
) -> None:
    url = reverse("lessons:country_related", args=[iso2])
    response = client_of(personas, persona).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body  # a fragment to include in the country page
    for target, lesson in lessons.items():
        in_country = target.startswith(iso2.lower())
        assert (lesson.title in body) == (in_country and persona in READERS[target]), target


def test_related_lessons_of_an_unknown_country_is_404(client: Client) -> None:
    assert client.get(reverse("lessons:country_related", args=["ZZ"])).status_code == 404


# XLSX -----------------------------------------------------------------------------------------


def xlsx_titles(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [str(row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("persona", PERSONAS)
def test_xlsx_holds_only_the_lessons_the_persona_may_read(
    lessons: dict[str, Lesson], personas: dict[str, Any], persona: str
) -> None:
    response = client_of(personas, persona).get(reverse("lessons:library_xlsx"))
    assert response.status_code == 200
    titles = xlsx_titles(response.content)
    for target, lesson in lessons.items():
        assert (lesson.title in titles) == (persona in READERS[target]), target


def test_xlsx_escapes_formulas(client: Client) -> None:
    LessonFactory(title='=HYPERLINK("https://evil.example")')
    response = client.get(reverse("lessons:library_xlsx"), {"q": "hyperlink"})
    assert xlsx_titles(response.content) == ['\'=HYPERLINK("https://evil.example")']


def test_api_gives_the_body_html_and_attachments(root: Any, client: Client) -> None:
    lesson = LessonFactory(body="**bold** <script>x</script>")
    add_attachment(lesson, acting_user=root, upload=SimpleUploadedFile("a.txt", b"words"))
    body = client.get(f"/api/v1/lessons/{lesson.pk}").json()
    assert body["body_html"] == "<p><strong>bold</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"
    assert body["attachments"][0]["name"] == "a.txt"
    assert client.get(body["attachments"][0]["url"]).status_code == 200
