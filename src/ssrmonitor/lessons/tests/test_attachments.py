"""Attachments: searchable text, type and size limits, downloads, uploads and removals."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.permissions import Denied
from ssrmonitor.lessons.models import Attachment, Lesson
from ssrmonitor.lessons.services import add_attachment, remove_attachment
from ssrmonitor.lessons.services.attachments import MAX_ATTACHMENT_BYTES
from ssrmonitor.lessons.tests.kit import EDIT, PERSONAS, READERS, client_of, found_titles
from ssrmonitor.testing.factories_lessons import LessonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


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


def test_a_docx_whose_text_cannot_be_read_is_stored_without_text(alice: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "not a document")
    attachment = add_attachment(
        LessonFactory(), acting_user=alice, upload=SimpleUploadedFile("x.docx", buffer.getvalue())
    )
    assert attachment.extracted_text == ""


def test_a_file_that_is_not_what_its_name_says_is_refused(alice: Any) -> None:
    """Content is checked from the bytes: text named .docx, HTML named and declared PDF."""
    uploads = [
        SimpleUploadedFile("x.docx", b"not a zip"),
        SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script>", "application/pdf"),
    ]
    for upload in uploads:
        with pytest.raises(ValidationFailed) as info:
            add_attachment(LessonFactory(), acting_user=alice, upload=upload)
        assert info.value.errors[0].field == "file"
    assert not Attachment.objects.exists()


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
