"""Markdown bodies, attachments, links, related lessons on a country page and XLSX downloads."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.permissions import Denied
from ssrmonitor.lessons.markdown import is_safe_link, render_markdown
from ssrmonitor.lessons.models import Attachment, Lesson
from ssrmonitor.lessons.selectors import LessonQuery, find_lessons
from ssrmonitor.lessons.services import add_attachment, remove_attachment, set_links
from ssrmonitor.lessons.services.attachments import MAX_ATTACHMENT_BYTES
from ssrmonitor.testing.factories import BenchmarkFactory, FrameworkFactory, country
from ssrmonitor.testing.factories_lessons import LessonFactory
from ssrmonitor.testing.factories_support import national_activity, partner
from ssrmonitor.testing.factories_transitions import MissionFactory, TransitionPlanFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "rachel", "victor", "ada", "bob", "root", "public"]
HT_MEMBERS = {"alice", "rachel", "victor", "ada", "root"}
READERS = {"ht_published": set(PERSONAS), "ht_internal": HT_MEMBERS, "cf_internal": {"bob", "root"}}
# Writing to the internal HT lesson: editors and administrators of Haiti (and root); the HT
# reviewer and viewer are refused (403), the CF editor does not see it (404), the public logs in.
EDIT = {"alice": 302, "ada": 302, "root": 302, "rachel": 403, "victor": 403, "bob": 404}


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def lessons() -> dict[str, Lesson]:
    return {
        "ht_published": LessonFactory(title="Published HT", is_published=True),
        "ht_internal": LessonFactory(title="Internal HT", is_published=False),
        "cf_internal": LessonFactory(
            title="Internal CF", country=country("CF"), is_published=False
        ),
    }


def client_of(personas: dict[str, Any], persona: str) -> Client:
    client = Client()
    if personas[persona] is not None:
        client.force_login(personas[persona])
    return client


def found_titles(q: str) -> list[str]:
    return [lesson.title for lesson in find_lessons(None, LessonQuery(q=q))]


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Gendarmerie"
    table.rows[0].cells[1].text = "Vetting"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Markdown -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](https://evil.example/pixel.png)",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        "[x](//evil.example/)",
        "<style>body{display:none}</style>",
    ],
)
def test_markdown_never_lets_html_scripts_or_images_through(attack: str) -> None:
    html = str(render_markdown(f"Text before.\n\n{attack}\n\nText after.")).lower()
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", html))
    assert tags <= {"p", "a"}
    assert not re.search(r"<[a-z][^>]*\son\w+\s*=", html)  # no event handler attribute
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith("https://")  # an image becomes a plain link, never fetched


def test_markdown_renders_the_safe_subset() -> None:
    html = str(
        render_markdown("## Heading\n\n**strong** and *em*\n\n- one\n- two\n\n[UN](https://un.org)")
    )
    assert "<h2>Heading</h2>" in html
    assert "<strong>strong</strong>" in html and "<em>em</em>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://un.org" rel="nofollow noopener noreferrer">UN</a>' in html


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://un.org", True),
        ("mailto:a@un.org", True),
        ("/lessons/1/", True),
        ("#part", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("//evil.example", False),
    ],
)
def test_safe_links(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


def test_lesson_page_shows_the_body_as_safe_html(client: Client) -> None:
    lesson = LessonFactory(body="**Strong point** <script>alert(1)</script>")
    body = client.get(lesson.get_absolute_url()).content.decode()
    assert "<strong>Strong point</strong>" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# Attachments --------------------------------------------------------------------------------


def test_attached_text_docx_and_csv_become_searchable(alice: Any, media: Path) -> None:
    lesson = LessonFactory(title="Attachments", summary="s")
    add_attachment(
        lesson,
        acting_user=alice,
        upload=SimpleUploadedFile("notes.md", b"# Notes\n\nThe *gendarmerie* was vetted."),
    )
    add_attachment(
        lesson,
        acting_user=alice,
        upload=SimpleUploadedFile("minutes.docx", docx_bytes("Réunion sur la démobilisation.")),
    )
    add_attachment(
        lesson,
        acting_user=alice,
        upload=SimpleUploadedFile("figures.csv", b"district,officers\nOuest,1200\n"),
    )
    assert found_titles("gendarmerie") == ["Attachments"]
    assert found_titles("démobilisation") == ["Attachments"]
    assert found_titles("ouest officers") == ["Attachments"]
    stored = [Path(a.file.path) for a in lesson.attachments.all()]
    assert all(path.is_file() and media in path.parents for path in stored)
    assert all("notes" not in path.name for path in stored)  # the user's name never reaches disk


def test_a_pdf_is_stored_without_text(alice: Any) -> None:
    lesson = LessonFactory()
    attachment = add_attachment(
        lesson, acting_user=alice, upload=SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF")
    )
    assert attachment.content_type == "application/pdf"
    assert attachment.extracted_text == ""


def test_a_broken_docx_is_stored_without_text(alice: Any) -> None:
    attachment = add_attachment(
        LessonFactory(), acting_user=alice, upload=SimpleUploadedFile("x.docx", b"not a zip")
    )
    assert attachment.extracted_text == ""


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("tool.exe", 10),
        ("page.html", 10),
        ("noextension", 10),
        ("big.txt", MAX_ATTACHMENT_BYTES + 1),
    ],
)
def test_type_and_size_limits(alice: Any, name: str, size: int) -> None:
    with pytest.raises(ValidationFailed) as info:
        add_attachment(
            LessonFactory(), acting_user=alice, upload=SimpleUploadedFile(name, b"a" * size)
        )
    assert info.value.errors[0].field == "file"
    assert not Attachment.objects.exists()


def test_removing_an_attachment_takes_its_text_out_of_search(alice: Any, bob: Any) -> None:
    lesson = LessonFactory(title="Removal")
    attachment = add_attachment(
        lesson, acting_user=alice, upload=SimpleUploadedFile("a.txt", b"cantonment")
    )
    assert found_titles("cantonment") == ["Removal"]
    with pytest.raises(Denied):
        remove_attachment(attachment, acting_user=bob)
    remove_attachment(attachment, acting_user=alice)
    assert found_titles("cantonment") == []


def test_only_editors_of_the_country_attach(bob: Any) -> None:
    with pytest.raises(Denied):
        add_attachment(LessonFactory(), acting_user=bob, upload=SimpleUploadedFile("a.txt", b"x"))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("target", list(READERS))
def test_downloading_attachments(
    lessons: dict[str, Lesson], personas: dict[str, Any], root: Any, persona: str, target: str
) -> None:
    lesson = lessons[target]
    attachment = add_attachment(
        lesson, acting_user=root, upload=SimpleUploadedFile("note.txt", b"plain note")
    )
    url = reverse("lessons:attachment_download", args=[lesson.pk, attachment.pk])
    response = client_of(personas, persona).get(url)
    expected = 200 if persona in READERS[target] else 404
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == b"plain note"  # type: ignore[attr-defined]
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]


def test_an_attachment_is_only_reached_through_its_own_lesson(
    lessons: dict[str, Lesson], root: Any, client: Client
) -> None:
    hidden = add_attachment(
        lessons["cf_internal"], acting_user=root, upload=SimpleUploadedFile("a.txt", b"secret")
    )
    url = reverse("lessons:attachment_download", args=[lessons["ht_published"].pk, hidden.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_uploading_through_the_page(
    lessons: dict[str, Lesson], personas: dict[str, Any], persona: str
) -> None:
    lesson = lessons["ht_internal"]
    upload = SimpleUploadedFile("note.txt", b"uploaded words")
    url = reverse("lessons:attachment_add", args=[lesson.pk])
    response = client_of(personas, persona).post(url, {"file": upload})
    if persona == "public":
        assert response.status_code == 302
        assert "login" in response["Location"]
    else:
        assert response.status_code == EDIT[persona]
    assert lesson.attachments.exists() == (EDIT.get(persona) == 302)


def test_a_refused_upload_shows_the_reason(alice: Any, lessons: dict[str, Lesson]) -> None:
    client = Client()
    client.force_login(alice)
    url = reverse("lessons:attachment_add", args=[lessons["ht_internal"].pk])
    response = client.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 422
    assert ".docx" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_removing_through_the_page(
    lessons: dict[str, Lesson], personas: dict[str, Any], root: Any, persona: str
) -> None:
    lesson = lessons["ht_internal"]
    attachment = add_attachment(lesson, acting_user=root, upload=SimpleUploadedFile("a.txt", b"x"))
    url = reverse("lessons:attachment_remove", args=[lesson.pk, attachment.pk])
    response = client_of(personas, persona).post(url)
    assert response.status_code == EDIT.get(persona, 302)
    assert lesson.attachments.exists() == (EDIT.get(persona) != 302)


# Links --------------------------------------------------------------------------------------


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
