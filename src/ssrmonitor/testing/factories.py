"""Factories for core and benchmark models, with traits for measurement states.

They build rows directly (tests of services call the services themselves); the countries are
real ISO 3166 entries.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from ssrmonitor.benchmarks.models import (
    Benchmark,
    Framework,
    FrameworkStatus,
    Indicator,
    IndicatorKind,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.core.models import Country, Membership
from ssrmonitor.core.periods import ReportingPeriod

REAL_COUNTRIES = {
    "HT": ("HTI", "332", "Haiti"),
    "CF": ("CAF", "140", "Central African Republic"),
    "SS": ("SSD", "728", "South Sudan"),
    "CD": ("COD", "180", "Congo, The Democratic Republic of the"),
    "TL": ("TLS", "626", "Timor-Leste"),
}


def country(iso2: str = "HT") -> Country:
    """A real country, created on first use."""
    iso3, m49, name = REAL_COUNTRIES[iso2]
    obj, _ = Country.objects.get_or_create(
        iso2=iso2, defaults={"iso3": iso3, "m49_code": m49, "name": name}
    )
    return obj


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


def member(username: str, iso2: str, role: str) -> User:
    """A user holding ``role`` in the country ``iso2``."""
    user = UserFactory(username=username)
    Membership.objects.update_or_create(user=user, country=country(iso2), defaults={"role": role})
    return user


class FrameworkFactory(factory.django.DjangoModelFactory[Framework]):
    class Meta:
        model = Framework

    country = factory.LazyFunction(lambda: country("HT"))
    title = factory.Sequence(lambda n: f"Exit strategy benchmarks {n}")
    source_document = "S/2018/527"
    adoption_date = date(2018, 5, 2)
    status = FrameworkStatus.ACTIVE
    is_published = True


class BenchmarkFactory(factory.django.DjangoModelFactory[Benchmark]):
    class Meta:
        model = Benchmark

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    text = "The national police has the capacity to maintain public order."


class IndicatorFactory(factory.django.DjangoModelFactory[Indicator]):
    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    benchmark = factory.SubFactory(BenchmarkFactory)
    code = factory.Sequence(lambda n: f"1.{n + 1}")
    definition = "Number of police officers per 1,000 inhabitants"
    kind = IndicatorKind.QUANTITATIVE
    unit = "officers per 1,000 inhabitants"
    baseline_value = Decimal("1.3")
    baseline_date = date(2018, 5, 2)
    target_value = Decimal("1.4")
    target_date = date(2019, 10, 15)

    @factory.post_generation
    def stored_progress(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Store its progress, as ``create_indicator`` does."""
        if create:
            _refresh(self.pk)


def _period(text: str) -> dict[str, Any]:
    period = ReportingPeriod.parse(text)
    return {"period": period, "period_start": period.start, "period_end": period.end}


class MeasurementFactory(factory.django.DjangoModelFactory[Measurement]):
    class Meta:
        model = Measurement
        skip_postgeneration_save = True

    class Params:
        period_text = "2019-Q1"
        submitted = factory.Trait(status=MeasurementStatus.SUBMITTED)
        approved = factory.Trait(status=MeasurementStatus.APPROVED)
        returned = factory.Trait(status=MeasurementStatus.RETURNED)

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.LazyAttribute(lambda o: _period(o.period_text)["period"])
    period_start = factory.LazyAttribute(lambda o: _period(o.period_text)["period_start"])
    period_end = factory.LazyAttribute(lambda o: _period(o.period_text)["period_end"])
    value = Decimal("1.35")
    status = MeasurementStatus.DRAFT

    @factory.post_generation
    def stored_progress(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Store the indicator's progress again when the value counts, as the services do."""
        if create and self.status == MeasurementStatus.APPROVED:
            _refresh(self.indicator_id)


def _refresh(indicator_id: int) -> None:
    """Store an indicator's progress (the factories write rows directly, not by the services)."""
    from ssrmonitor.benchmarks.progress_store import refresh_progress

    with transaction.atomic():
        refresh_progress([indicator_id])
