"""Factories of the sanctions app: embargo measures and exemption requests.

They build rows directly; tests of the services call the services themselves.
"""

from __future__ import annotations

from datetime import date

import factory

from ssrmonitor.sanctions.models import (
    EmbargoMeasure,
    ExemptionProcedure,
    ExemptionRequest,
    ExemptionStatus,
)
from ssrmonitor.testing.factories import country


class EmbargoMeasureFactory(factory.django.DjangoModelFactory[EmbargoMeasure]):
    class Meta:
        model = EmbargoMeasure

    country = factory.LazyFunction(lambda: country("HT"))
    title = factory.Sequence(lambda n: f"Arms embargo measure {n}")
    resolutions = "S/RES/2653 (2022)"
    scope = "Arms and related materiel to designated individuals and entities."
    exemption_procedure = "Advance notification to the Committee."


class ExemptionRequestFactory(factory.django.DjangoModelFactory[ExemptionRequest]):
    class Meta:
        model = ExemptionRequest

    class Params:
        submitted = factory.Trait(status=ExemptionStatus.SUBMITTED, submitted_on=date(2026, 3, 2))

    measure = factory.SubFactory(EmbargoMeasureFactory)
    country = factory.LazyAttribute(lambda o: o.measure.country)
    reference = factory.Sequence(lambda n: f"EX-{n:03d}")
    purpose = "Equipment for a police unit trained under the SSR programme."
    items = factory.LazyFunction(lambda: [{"description": "VHF radio handsets", "quantity": 40}])
    supplier = "Supplier State"
    end_user = "National police, public order unit"
    procedure = ExemptionProcedure.NOTIFICATION
    status = ExemptionStatus.DRAFT
