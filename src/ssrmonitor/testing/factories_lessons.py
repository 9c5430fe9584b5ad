"""Factories of the lessons app (rows built directly)."""

from __future__ import annotations

import factory

from ssrmonitor.lessons.models import Lesson
from ssrmonitor.testing.factories import country


class LessonFactory(factory.django.DjangoModelFactory[Lesson]):
    class Meta:
        model = Lesson

    title = factory.Sequence(lambda n: f"Lesson {n}")
    summary = "A lesson drawn from a mission report."
    body = ""
    country = factory.LazyFunction(lambda: country("HT"))
    source_document = "S/2018/527"
    is_published = True
