"""Uploads are what their bytes say, and zips are measured before they are unpacked.

Findings 8 and 10 of issue 13: an HTML file declared ``application/pdf`` was stored and served
as a PDF; an XLSX of a few MB that unpacks to 1 GB cost 40 s of CPU before its refusal.
"""

from __future__ import annotations

import io
import time
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.uploads import check_upload, check_zip_limits, require_content, sniff
from ssrmonitor.testing.hostile_files import HTML_AS_PDF, zip_bomb

PNG = b"\x89PNG\r\n\x1a\n" + bytes(20)
PDF = b"%PDF-1.7\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _refusal(source: object, **kwargs: object) -> str:
    with pytest.raises(ValidationFailed) as info:
        check_upload(source, **kwargs)  # type: ignore[arg-type]
    assert info.value.errors[0].field == "file"
    return info.value.errors[0].reason


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0" + bytes(10), "jpeg"),
        (b"district,officers\nOuest,1200\n", "text"),
        ("Crit\u00e8res\n".encode(), "text"),
        (b'<?xml version="1.0"?><CONSOLIDATED_LIST/>', "xml"),
        (HTML_AS_PDF, "html"),
        (b"  <html><body>hi</body></html>", "html"),
        (b"<svg onload=alert(1)></svg>", "html"),
        (b"text with a NUL \x00 inside", "binary"),
        (b"MZ\x90\x00\x03", "binary"),
    ],
)
def test_the_kind_comes_from_the_bytes(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_office_files_are_told_apart_by_their_parts() -> None:
    assert sniff(_docx()) == "docx"
    assert sniff(zip_bomb(1)) == "xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "x")
    assert sniff(buffer.getvalue()) == "zip"


def test_an_html_page_declared_as_pdf_is_refused() -> None:
    upload = SimpleUploadedFile("report.pdf", HTML_AS_PDF, content_type="application/pdf")
    assert "HTML" in _refusal(upload, name=upload.name, declared=upload.content_type)
    nameless = SimpleUploadedFile("report", HTML_AS_PDF, content_type="application/pdf")
    assert "HTML" in _refusal(nameless, name=nameless.name, declared=nameless.content_type)
    assert "not accepted" in _refusal(HTML_AS_PDF, name="page.html", declared="application/pdf")


def test_the_content_type_stored_is_the_one_the_bytes_prove() -> None:
    upload = SimpleUploadedFile("scan.png", PNG, content_type="text/html")
    assert check_upload(upload, name="scan.png", declared=upload.content_type) == "image/png"
    assert upload.read() == PNG  # left where it was: the caller stores it whole
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert check_upload(_docx(), name="minutes.docx") == docx_type
    assert "not accepted" in _refusal(PDF, name="report.pdf", allowed={"png", "jpeg"})


def test_a_zip_bomb_is_refused_from_its_directory_at_once() -> None:
    bomb = zip_bomb(1024)  # about 1 MB that unpacks to 1 GB
    started = time.perf_counter()
    reason = _refusal(bomb, name="personnel.xlsx")
    assert time.perf_counter() - started < 1.0
    assert "50 MB" in reason
    with pytest.raises(ValidationFailed, match="compressed more than 200 times"):
        check_zip_limits(zip_bomb(20))  # under the size limit, but no real sheet packs so well
    assert check_zip_limits(zip_bomb(1), max_ratio=10_000) == 1024 * 1024 + 19


def test_a_file_must_be_one_of_the_kinds_asked_for() -> None:
    assert require_content(b"person_id,full_name\n", {"text"}) == "text"
    with pytest.raises(ValidationFailed, match="HTML"):
        require_content(HTML_AS_PDF, {"text"})


def _zip_needing_version_99() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(buffer.getvalue())
    at = data.index(b"PK\x01\x02")
    data[at + 6 : at + 8] = (99).to_bytes(2, "little")  # version needed to extract: 9.9
    return bytes(data)


def test_a_zip_of_an_unsupported_version_is_refused_not_a_crash() -> None:
    # Found by fuzzing (fuzz/fuzz_xlsx.py): zipfile's NotImplementedError escaped (server error).
    data = _zip_needing_version_99()
    assert sniff(data) == "binary"
    with pytest.raises(ValidationFailed):
        check_zip_limits(data, max_unpacked=1 << 20)
