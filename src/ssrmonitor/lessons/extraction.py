"""The text of an attached file, for search: plain text, Markdown, CSV and DOCX.

PDF files are accepted and stored but their text is not extracted (no PDF library is a
dependency of the project). Extraction never fails an upload: a file whose text cannot be
read is stored with no text.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

MAX_TEXT_CHARS = 200_000

# Accepted files: the extension decides (browsers disagree on content types).
CONTENT_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".csv": "text/csv",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


def extension_of(name: str) -> str:
    """The lower-case extension of a file name (``""`` when it has none)."""
    return PurePath(name).suffix.lower()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _csv_text(data: bytes) -> str:
    rows = csv.reader(io.StringIO(_decode(data)))
    return "\n".join(" ".join(cell for cell in row if cell) for row in rows)


def _docx_text(data: bytes) -> str:
    import docx  # python-docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    lines.extend(
        " ".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows
    )
    return "\n".join(line for line in lines if line.strip())


def extract_text(name: str, data: bytes) -> str:
    """The searchable text of a file called ``name`` (at most :data:`MAX_TEXT_CHARS`)."""
    extension = extension_of(name)
    try:
        if extension in {".txt", ".md"}:
            text = _decode(data)
        elif extension == ".csv":
            text = _csv_text(data)
        elif extension == ".docx":
            text = _docx_text(data)
        else:
            text = ""
    except Exception:  # a file whose text cannot be read is kept, with no text
        text = ""
    return text.replace("\x00", "")[:MAX_TEXT_CHARS]
