"""Attaching files to lessons and linking lessons to benchmarks, activities and plans."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import Benchmark
from ssrmonitor.benchmarks.permissions import benchmarks_visible_to
from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, person
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.uploads import check_upload
from ssrmonitor.core.writes import require
from ssrmonitor.lessons.extraction import CONTENT_TYPES, extension_of, extract_text
from ssrmonitor.lessons.models import Attachment, Lesson
from ssrmonitor.lessons.permissions import can_edit_lessons
from ssrmonitor.lessons.search import index_lesson
from ssrmonitor.support.models import Activity
from ssrmonitor.support.permissions import activities_visible_to
from ssrmonitor.transitions.models import TransitionPlan
from ssrmonitor.transitions.permissions import plans_visible_to

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 20


def _iso2(lesson: Lesson) -> str:
    return lesson.country.iso2 if lesson.country is not None else ""


def _refresh_text(lesson: Lesson) -> None:
    texts = lesson.attachments.values_list("extracted_text", flat=True)
    lesson.attachments_text = "\n\n".join(text for text in texts if text)
    lesson.save(update_fields=["attachments_text"])
    index_lesson(lesson)


def _check_upload(lesson: Lesson, upload: UploadedFile) -> str:
    name = (upload.name or "").strip()
    extension = extension_of(name)
    if extension not in CONTENT_TYPES:
        raise ValidationFailed.one(
            "file",
            _("Only these files are accepted: %s.") % ", ".join(sorted(CONTENT_TYPES)),
        )
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed.one(
            "file", _("The file is larger than %d MB.") % (MAX_ATTACHMENT_BYTES // (1024 * 1024))
        )
    if lesson.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationFailed.one(
            "file", _("A lesson has at most %d attachments.") % MAX_ATTACHMENTS
        )
    # The bytes must be what the name says (an HTML page named .pdf is refused), and a DOCX
    # must not unpack past the limit before its text is extracted.
    check_upload(upload, name=name, declared=upload.content_type)
    return extension


@transaction.atomic(durable=True)
def add_attachment(lesson: Lesson, *, acting_user: Actor, upload: UploadedFile) -> Attachment:
    """Attach a file (TXT, MD, CSV, DOCX, PDF; 10 MB at most) and index its text."""
    require(can_edit_lessons(acting_user, lesson.country_id))
    extension = _check_upload(lesson, upload)
    data = b"".join(upload.chunks())
    attachment = Attachment(
        lesson=lesson,
        original_name=(upload.name or "attachment")[-200:],
        content_type=CONTENT_TYPES[extension],
        size=len(data),
        extracted_text=extract_text(upload.name or "", data),
        added_by=person(acting_user),
    )
    upload.seek(0)
    attachment.file.save(upload.name or f"attachment{extension}", upload, save=False)
    attachment.save()
    _refresh_text(lesson)
    audit.record(
        actor=acting_user,
        action="add_attachment",
        obj=attachment,
        country_iso2=_iso2(lesson),
        after={"lesson": lesson.pk, "name": attachment.original_name, "size": attachment.size},
    )
    return attachment


@transaction.atomic(durable=True)
def remove_attachment(attachment: Attachment, *, acting_user: Actor) -> None:
    """Remove an attachment (its file too) and take its text out of the index."""
    lesson = attachment.lesson
    require(can_edit_lessons(acting_user, lesson.country_id))
    audit.record(
        actor=acting_user,
        action="remove_attachment",
        obj=attachment,
        country_iso2=_iso2(lesson),
        before={"lesson": lesson.pk, "name": attachment.original_name, "size": attachment.size},
    )
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    _refresh_text(lesson)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _visible_ids(chosen: Iterable[Model], visible: QuerySet[Any], field: str) -> list[int]:
    ids = sorted({int(obj.pk) for obj in chosen})
    if visible.filter(pk__in=ids).count() != len(ids):
        raise ValidationFailed.one(field, _("You may only link to what you can see."))
    return ids


@transaction.atomic(durable=True)
def set_links(
    lesson: Lesson,
    *,
    acting_user: Actor,
    benchmarks: Iterable[Benchmark] = (),
    activities: Iterable[Activity] = (),
    transition_plans: Iterable[TransitionPlan] = (),
) -> Lesson:
    """Replace the lesson's links; the editor must be able to see every linked object."""
    require(can_edit_lessons(acting_user, lesson.country_id))
    benchmark_ids = _visible_ids(benchmarks, benchmarks_visible_to(acting_user), "benchmarks")
    activity_ids = _visible_ids(activities, activities_visible_to(acting_user), "activities")
    plan_ids = _visible_ids(transition_plans, plans_visible_to(acting_user), "transition_plans")
    before = {
        "benchmarks": sorted(lesson.benchmarks.values_list("pk", flat=True)),
        "activities": sorted(lesson.activities.values_list("pk", flat=True)),
        "transition_plans": sorted(lesson.transition_plans.values_list("pk", flat=True)),
    }
    lesson.benchmarks.set(benchmark_ids)
    lesson.activities.set(activity_ids)
    lesson.transition_plans.set(plan_ids)
    after = {"benchmarks": benchmark_ids, "activities": activity_ids, "transition_plans": plan_ids}
    audit.record(
        actor=acting_user,
        action="set_links",
        obj=lesson,
        country_iso2=_iso2(lesson),
        before=before,
        after=after,
    )
    return lesson
