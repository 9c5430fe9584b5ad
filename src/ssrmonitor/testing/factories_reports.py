"""Factories of the reports app: narrative blocks, and a small Haiti world to report on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import factory

from ssrmonitor.benchmarks.models import (
    Framework,
    FrameworkStatus,
    Indicator,
    Measurement,
    MeasurementStatus,
    Owner,
)
from ssrmonitor.reports.models import NarrativeBlock
from ssrmonitor.testing.factories import (
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)

DRAFT_VALUE = "987.6543"
SUBMITTED_VALUE = "876.5432"
INTERNAL_TITLE = "Internal transition benchmarks"


class NarrativeBlockFactory(factory.django.DjangoModelFactory[NarrativeBlock]):
    class Meta:
        model = NarrativeBlock

    country = factory.LazyFunction(lambda: country("HT"))
    period = "2019-H2"
    key = "introduction"
    version = 1
    text = "The mission continued to support the national police."


@dataclass
class ReportWorld:
    """Haiti: a published framework (2 UN benchmarks, 1 host commitment), an internal one; CAR."""

    published: Framework
    police: Indicator
    prisons: Indicator
    host: Indicator
    draft: Measurement
    submitted: Measurement
    internal: Framework
    cf_framework: Framework


def _approved(indicator: Indicator, period: str, value: str, **extra: Any) -> Measurement:
    return MeasurementFactory(
        indicator=indicator,
        period_text=period,
        value=Decimal(value),
        status=MeasurementStatus.APPROVED,
        **extra,
    )


def report_world() -> ReportWorld:
    """Build the world (benchmarks rated as of 2019-H2: police on track, prisons off track)."""
    published = FrameworkFactory(title="MINUJUSTH exit strategy benchmarks")
    police = IndicatorFactory(
        benchmark__framework=published,
        benchmark__code="1",
        benchmark__text="Police capacity",
        code="1.1",
        definition="Police officers per 1,000 inhabitants",
        data_source="HNP personnel database",
    )
    _approved(police, "2018-H2", "1.32")
    _approved(police, "2019-H1", "1.38", source_document="S/2019/563")
    _approved(police, "2019-H2", "1.4", obstacles="Recruitment froze for two months.")
    prisons = IndicatorFactory(
        benchmark__framework=published,
        benchmark__code="2",
        benchmark__text="Prison conditions",
        code="2.1",
        definition="Pre-trial detention rate",
        unit="%",
        baseline_value=Decimal(75),
        target_value=Decimal(60),
        direction="decrease",
        target_date=date(2019, 10, 15),
    )
    _approved(prisons, "2019-H1", "74")
    draft = MeasurementFactory(indicator=prisons, period_text="2019-H2", value=Decimal(DRAFT_VALUE))
    host = IndicatorFactory(
        benchmark__framework=published,
        benchmark__code="3",
        benchmark__text="Adoption of the police law",
        benchmark__owner=Owner.HOST,
        code="3.1",
        definition="Police law adopted",
        kind="milestone",
        unit="",
        baseline_value=Decimal(0),
        target_value=Decimal(1),
    )
    submitted = MeasurementFactory(
        indicator=host,
        period_text="2019-H2",
        value=Decimal(SUBMITTED_VALUE),
        status=MeasurementStatus.SUBMITTED,
    )
    internal = FrameworkFactory(
        title=INTERNAL_TITLE, is_published=False, status=FrameworkStatus.ACTIVE
    )
    _approved(IndicatorFactory(benchmark__framework=internal, code="9.1"), "2019-H1", "1.35")
    cf_framework = FrameworkFactory(country=country("CF"), title="MINUSCA benchmarks")
    _approved(IndicatorFactory(benchmark__framework=cf_framework, code="5.1"), "2019-H1", "1.33")
    return ReportWorld(published, police, prisons, host, draft, submitted, internal, cf_framework)
