"""Every service of the lessons app refuses an actor without ``lessons.edit``."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ssrmonitor.lessons.models import Attachment
from ssrmonitor.lessons.services import attachments, lessons
from ssrmonitor.testing.actors import SYSTEM, DeniedCase, assert_denied, call
from ssrmonitor.testing.factories import BenchmarkFactory, FrameworkFactory, country
from ssrmonitor.testing.factories_lessons import LessonFactory


def _attachment() -> Attachment:
    upload = SimpleUploadedFile("notes.txt", b"Lessons of the handover")
    return attachments.add_attachment(LessonFactory(), acting_user=SYSTEM, upload=upload)


def _published_benchmark() -> object:
    return BenchmarkFactory(framework=FrameworkFactory(country=country("HT"), is_published=True))


CASES: list[DeniedCase] = [
    DeniedCase(
        lessons.create_lesson,
        lambda: call(
            title="Vetting before deployment",
            summary="Vet every unit before it deploys.",
            country=country("HT"),
            source_document="S/2018/527",
        ),
    ),
    DeniedCase(lessons.update_lesson, lambda: call(LessonFactory(), title="Renamed lesson")),
    DeniedCase(
        attachments.add_attachment,
        lambda: call(LessonFactory(), upload=SimpleUploadedFile("a.txt", b"words")),
    ),
    DeniedCase(attachments.remove_attachment, lambda: call(_attachment())),
    DeniedCase(
        attachments.set_links,
        lambda: call(LessonFactory(), benchmarks=[_published_benchmark()]),
    ),
]


@pytest.mark.django_db
@pytest.mark.usefixtures("media")
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_refuses_an_actor_without_the_action(case: DeniedCase) -> None:
    assert_denied(case)


@pytest.mark.django_db
@pytest.mark.usefixtures("media")
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_same_call_succeeds_for_an_actor_with_the_action(case: DeniedCase) -> None:
    args, kwargs = case.build()
    case.service(*args, acting_user=SYSTEM, **kwargs)
