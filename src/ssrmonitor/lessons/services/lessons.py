"""Writing and publishing lessons learned (atomic, audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, person
from ssrmonitor.core.errors import FieldError
from ssrmonitor.core.writes import (
    apply_changes,
    checked,
    in_country,
    require,
    save_changed,
    save_created,
)
from ssrmonitor.lessons.models import OPERATIVE_PARAGRAPHS, Lesson, Theme
from ssrmonitor.lessons.permissions import can_edit_lessons
from ssrmonitor.lessons.search import index_lesson

LESSON_FIELDS = {
    "title",
    "summary",
    "body",
    "country",
    "mission",
    "component",
    "themes",
    "op_tags",
    "language",
    "source_document",
    "source_url",
    "lesson_date",
    "is_published",
    "is_illustrative",
    "external_id",
}


def _check(lesson: Lesson) -> Lesson:
    errors = []
    unknown_themes = [t for t in lesson.themes if t not in Theme.values]
    if not isinstance(lesson.themes, list) or unknown_themes:
        errors.append(
            FieldError("themes", _("Unknown theme: %s") % ", ".join(map(str, unknown_themes)))
        )
    unknown_ops = [t for t in lesson.op_tags if t not in OPERATIVE_PARAGRAPHS]
    if not isinstance(lesson.op_tags, list) or unknown_ops:
        errors.append(
            FieldError(
                "op_tags",
                _("Not an operative paragraph of resolution 2553: %s")
                % ", ".join(map(str, unknown_ops)),
            )
        )
    if lesson.mission is not None and lesson.country_id is not None:
        errors += in_country(
            lesson.mission.country_id,
            lesson.country_id,
            "mission",
            _("The mission is not in this lesson's country."),
            countryless_allowed=True,
        )
    return checked(lesson, errors)


def _iso2(lesson: Lesson) -> str:
    return lesson.country.iso2 if lesson.country is not None else ""


@transaction.atomic(durable=True)
def create_lesson(*, acting_user: Actor, **fields: Any) -> Lesson:
    """Add a lesson to the library.

    Args:
        acting_user: an editor of the lesson's country (a superuser for lessons without one),
            or the system (the demo loader).
        **fields: any of :data:`LESSON_FIELDS`.
    """
    apply_changes(lesson := Lesson(created_by=person(acting_user)), fields, LESSON_FIELDS)
    require(can_edit_lessons(acting_user, lesson.country_id))
    _check(lesson)
    save_created(lesson, acting_user=acting_user, country_iso2=_iso2(lesson))
    index_lesson(lesson)
    return lesson


@transaction.atomic(durable=True)
def update_lesson(lesson: Lesson, *, acting_user: Actor, **changes: Any) -> Lesson:
    """Change a lesson (publishing included); moving it needs the right in both countries."""
    require(can_edit_lessons(acting_user, lesson.country_id))
    before = audit.snapshot(lesson)
    changed = apply_changes(lesson, changes, LESSON_FIELDS)
    if "country" in changed:
        require(can_edit_lessons(acting_user, lesson.country_id))
    _check(lesson)
    save_changed(
        lesson, acting_user=acting_user, country_iso2=_iso2(lesson), changed=changed, before=before
    )
    index_lesson(lesson)
    return lesson
