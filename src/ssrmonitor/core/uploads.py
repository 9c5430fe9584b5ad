"""What an uploaded file really is, read from its bytes, and how much a zip unpacks to.

Browsers and clients declare a content type and a file name; neither says what the bytes are.
:func:`check_upload` reads the first bytes (the "magic numbers") and, for the Office formats,
the zip's directory, and refuses a file whose content is not what its name and declared type
say — an HTML page named ``report.pdf`` or declared ``application/pdf`` is refused, so it is
never stored and later served as something a browser would run.

Zip-based files (DOCX, XLSX) are checked before anything unpacks them
(:func:`check_zip_limits`): the sizes their directory declares are added up, and a file that
would unpack past the limit, or that compresses suspiciously well, is refused at once. Python's
``zipfile`` never inflates an entry past the size its directory declares, so the declared sizes
bound the work.

Used by lessons' attachments, vetting's and sector's imports; benchmarks' evidence calls
:func:`check_upload` the same way.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import IO, Any

from django.utils.translation import gettext as _

from ssrmonitor.core.errors import ValidationFailed

HEAD_BYTES = 8192
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
MAX_COMPRESSION_RATIO = 200

# Kinds of content, and the content type each is stored and served as.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text": "text/plain",
    "csv": "text/csv",
    "markdown": "text/markdown",
    "xml": "application/xml",
}
EXTENSIONS = {
    ".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".docx": "docx",
    ".xlsx": "xlsx", ".txt": "text", ".csv": "csv", ".md": "markdown", ".xml": "xml",
}  # fmt: skip
DECLARED = {
    **{content_type: kind for kind, content_type in CONTENT_TYPES.items()},
    "text/xml": "xml",
    "application/csv": "csv",
    "text/x-markdown": "markdown",
    "image/jpg": "jpeg",
}
# Kinds whose bytes are text: they look the same, only the name tells them apart.
TEXT_KINDS = frozenset({"text", "csv", "markdown"})
# What browsers sniff as HTML when it starts a file (WHATWG MIME sniffing, "scriptable").
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?[\t\n\x0c\r ]*<(?:!doctype\s+html|html|head|script|iframe|h1|div|"
    rb"font|table|a|style|title|b|body|br|p|svg|\?xml-stylesheet|!--)(?=[\s>/])",
    re.IGNORECASE,
)
_XML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?[\t\n\r ]*<[?!A-Za-z_]")
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
_ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

Source = bytes | str | Path | IO[bytes] | Any


def _refused(field: str, reason: str) -> ValidationFailed:
    return ValidationFailed.one(field, reason)


def _open(source: Source) -> tuple[IO[bytes], bool]:
    """A seekable binary file for ``source``, and whether we opened it (and must close it)."""
    if isinstance(source, bytes):
        return io.BytesIO(source), True
    if isinstance(source, str | Path):
        return Path(source).open("rb"), True
    handle = getattr(source, "file", source)  # Django's UploadedFile wraps a file
    return handle, False


def zip_kind(handle: IO[bytes]) -> str | None:
    """``docx``, ``xlsx`` or ``zip`` for a readable zip archive, ``None`` otherwise."""
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    for kind, marker in _ZIP_MARKERS.items():
        if marker in names and "[Content_Types].xml" in names:
            return kind
    return "zip"


def sniff(source: Source) -> str:
    """The kind of content of ``source`` from its bytes (``html``, ``binary`` when unknown)."""
    handle, opened = _open(source)
    start = handle.tell()
    try:
        handle.seek(0)
        head = handle.read(HEAD_BYTES)
        handle.seek(0)
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head.startswith(b"PK\x03\x04"):
            return zip_kind(handle) or "binary"
        if _HTML_START.match(head):
            return "html"
        if _BINARY.search(head):
            return "binary"
        return "xml" if _XML_START.match(head) else "text"
    finally:
        if opened:
            handle.close()
        else:
            handle.seek(start)


def _same(expected: str, found: str) -> bool:
    return expected == found or (expected in TEXT_KINDS and found == "text")


def expected_kind(name: str, declared: str | None, field: str = "file") -> str:
    """The kind the file must be: its name's extension says, or without one the declared type.

    A declared type that disagrees with the name is not trusted either way (clients declare
    what they like): the bytes decide, and the returned content type is the one stored.
    """
    suffix = PurePath(name or "").suffix.lower()
    if suffix:
        kind = EXTENSIONS.get(suffix)
    else:
        kind = DECLARED.get((declared or "").split(";")[0].strip().lower())
    if kind is None:
        raise _refused(field, _("This kind of file is not accepted."))
    return kind


def check_upload(
    source: Source,
    *,
    name: str,
    declared: str | None = None,
    allowed: Iterable[str] | None = None,
    field: str = "file",
) -> str:
    """The content type to store ``source`` as, after checking its bytes match its name.

    Args:
        source: the bytes, a path, or an open (seekable) file such as Django's ``UploadedFile``;
            left at the position it was.
        name: the file's name: its extension says what it must be.
        declared: the content type the client declared: it says what the file must be only
            when the name has no extension.
        allowed: the kinds accepted here (keys of :data:`CONTENT_TYPES`); all when ``None``.
        field: the input field named in the refusal.

    Raises:
        ValidationFailed: on ``field``, saying what the content really is.
    """
    kind = expected_kind(name, declared, field)
    if allowed is not None and kind not in set(allowed):
        raise _refused(field, _("This kind of file is not accepted."))
    found = sniff(source)
    if not _same(kind, found):
        raise _refused(
            field,
            _("The file's content is %(found)s, not the %(expected)s its name says.")
            % {"found": found.upper(), "expected": kind.upper()},
        )
    if kind in _ZIP_MARKERS:
        check_zip_limits(source, field=field)
    return CONTENT_TYPES[kind]


def check_zip_limits(
    source: Source,
    *,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    max_entries: int = MAX_ZIP_ENTRIES,
    max_ratio: int = MAX_COMPRESSION_RATIO,
    field: str = "file",
) -> int:
    """The unpacked size of a zip (DOCX, XLSX), refused past the limits before unpacking.

    Reads only the zip's directory: the number of entries, the size each declares unpacked and
    its compression ratio. Returns the total unpacked size.
    """
    handle, opened = _open(source)
    start = handle.tell()
    try:
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        raise _refused(field, _("The file is not a readable zip archive.")) from None
    finally:
        if opened:
            handle.close()
        else:
            handle.seek(start)
    if len(entries) > max_entries:
        raise _refused(field, _("The file holds more than %d parts.") % max_entries)
    total = sum(entry.file_size for entry in entries)
    if total > max_unpacked:
        raise _refused(
            field,
            _("The file unpacks to more than %(limit)d MB (the limit).")
            % {"limit": max_unpacked // (1024 * 1024)},
        )
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > max_ratio * max(
            entry.compress_size, 1
        ):
            raise _refused(
                field,
                _("The file is compressed more than %(ratio)d times (the limit): refused.")
                % {"ratio": max_ratio},
            )
    return total


def require_content(source: Source, kinds: Iterable[str], *, field: str = "file") -> str:
    """The kind of ``source`` from its bytes, refused unless it is one of ``kinds``.

    For files whose name says nothing (an import's path): a roster must be text, a list XML.
    """
    wanted = set(kinds)
    found = sniff(source)
    if found not in wanted:
        raise _refused(
            field,
            _("The file's content is %(found)s, not %(expected)s.")
            % {"found": found.upper(), "expected": " / ".join(sorted(k.upper() for k in wanted))},
        )
    return found
