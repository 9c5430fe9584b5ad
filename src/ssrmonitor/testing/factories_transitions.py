"""Factories of the transitions app: missions, plans, tasks and criteria (rows built directly)."""

from __future__ import annotations

from datetime import date

import factory

from ssrmonitor.core.models import Mission
from ssrmonitor.testing.factories import country
from ssrmonitor.transitions.models import (
    FutureLeadKind,
    ReadinessCriterion,
    TaskStatus,
    TransitionPlan,
    TransitionTask,
)


class MissionFactory(factory.django.DjangoModelFactory[Mission]):
    class Meta:
        model = Mission
        django_get_or_create = ("acronym",)

    acronym = factory.Sequence(lambda n: f"MISSION{n}")
    name = factory.LazyAttribute(lambda o: f"United Nations mission {o.acronym}")
    kind = "peacekeeping"
    country = factory.LazyFunction(lambda: country("HT"))


class TransitionPlanFactory(factory.django.DjangoModelFactory[TransitionPlan]):
    class Meta:
        model = TransitionPlan

    mission = factory.SubFactory(MissionFactory)
    country = factory.LazyAttribute(lambda o: o.mission.country)
    title = factory.Sequence(lambda n: f"Transition plan {n}")
    start_date = date(2025, 1, 1)
    end_date = date(2027, 12, 31)
    is_published = True


class TransitionTaskFactory(factory.django.DjangoModelFactory[TransitionTask]):
    class Meta:
        model = TransitionTask

    plan = factory.SubFactory(TransitionPlanFactory)
    title = factory.Sequence(lambda n: f"Task {n}")
    current_lead = "Mission police component"
    future_lead_kind = FutureLeadKind.NATIONAL
    future_lead = "National police"
    handover_date = date(2027, 3, 31)
    status = TaskStatus.IN_PROGRESS


class ReadinessCriterionFactory(factory.django.DjangoModelFactory[ReadinessCriterion]):
    class Meta:
        model = ReadinessCriterion

    task = factory.SubFactory(TransitionTaskFactory)
    text = factory.Sequence(lambda n: f"Criterion {n}")
