"""Factories of the lessons app (rows built directly)."""

from __future__ import annotations

import factory

from ssrmonitor.lessons.models import Lesson
from ssrmonitor.lessons.search import index_lesson
from ssrmonitor.testing.factories import country


class LessonFactory(factory.django.DjangoModelFactory[Lesson]):
    class Meta:
        model = Lesson
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lesson {n}")
    summary = "A lesson drawn from a mission report."
    body = ""
    country = factory.LazyFunction(lambda: country("HT"))
    source_document = "S/2018/527"
    is_published = True

    @factory.post_generation
    def indexed(obj: Lesson, create: bool, extracted: object, **kwargs: object) -> None:
        """Rows built directly still enter the full-text index, as the services do."""
        if create:
            index_lesson(obj)
