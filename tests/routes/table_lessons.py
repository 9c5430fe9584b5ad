"""Lessons learned: published and unpublished lessons, attachments, links, the library."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.routes.kit import EDITORS, EVERYONE, HIDDEN, INTERNAL, SIGNED_IN, SUPER, Pk, api, page

CF = frozenset({"outsider"}) | SUPER
WRITERS_ANYWHERE = EDITORS | {"outsider"}  # lessons.edit in some country: the form opens
LESSON = {
    "title": "Vetting before recruitment",
    "summary": "Screen candidates before they join.",
    "country": Pk("country_ht"),
    "language": "en",
    "source_document": "S/2019/805",
}
READERS = {"lesson_published": EVERYONE, "lesson_internal": INTERNAL, "lesson_cf": CF}


def _attachment(objects: dict[str, Any]) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("notes.txt", b"What we learned.", "text/plain")}


CASES = [
    page("lessons:library", ok=EVERYONE),
    page("lessons:library_csv", ok=EVERYONE),
    page("lessons:library_xlsx", ok=EVERYONE),
    page("lessons:country_related", "HT", ok=EVERYONE),
    *[page("lessons:lesson", f"@{n}", ok=ok, public=HIDDEN, state=n) for n, ok in READERS.items()],
    page("lessons:lesson_create", ok=WRITERS_ANYWHERE, seen=SIGNED_IN),
    page(
        "lessons:lesson_create",
        post=LESSON,
        ok=EDITORS,
        seen=SIGNED_IN,
        overrides={"outsider": 422},
    ),
    page("lessons:lesson_edit", "@lesson_published", ok=EDITORS, seen=SIGNED_IN),
    page("lessons:lesson_edit", "@lesson_published", post=LESSON, ok=EDITORS, seen=SIGNED_IN),
    page("lessons:lesson_edit", "@lesson_internal", ok=EDITORS, seen=INTERNAL, state="internal"),
    page("lessons:lesson_links", "@lesson_published", ok=EDITORS, seen=SIGNED_IN),
    page(
        "lessons:lesson_links",
        "@lesson_published",
        ok=EDITORS,
        seen=SIGNED_IN,
        post={"benchmarks": [Pk("bm_published")]},
    ),
    page(
        "lessons:attachment_add", "@lesson_published", post=_attachment, ok=EDITORS, seen=SIGNED_IN
    ),
    page("lessons:attachment_download", "@lesson_published", "@att_published", ok=EVERYONE),
    page(
        "lessons:attachment_download",
        "@lesson_internal",
        "@att_internal",
        ok=INTERNAL,
        public=HIDDEN,
        state="internal",
    ),
    page(
        "lessons:attachment_remove",
        "@lesson_published",
        "@att_published",
        post={},
        ok=EDITORS,
        seen=SIGNED_IN,
    ),
    api("GET /lessons", ok=EVERYONE),
    *[api("GET /lessons/{lesson_id}", f"@{n}", ok=ok, state=n) for n, ok in READERS.items()],
]
