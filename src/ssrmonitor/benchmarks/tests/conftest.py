"""Fixtures shared by the benchmark tests: indicators to record values of, through the API
(``framework``, ``headcount``) and through the pages (``officers``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ssrmonitor.benchmarks.models import Framework, Indicator
from ssrmonitor.testing.factories import FrameworkFactory, IndicatorFactory, country

pytest.register_assert_rewrite("ssrmonitor.benchmarks.tests.helpers")


@pytest.fixture
def framework(db: None) -> Framework:
    """A published, active Haiti framework that ran from May 2018 to October 2019."""
    return FrameworkFactory(
        country=country("HT"), adoption_date=date(2018, 5, 2), end_date=date(2019, 10, 15)
    )


@pytest.fixture
def headcount(framework: Framework) -> Indicator:
    """A count of officers, disaggregated by sex."""
    return IndicatorFactory(
        benchmark__framework=framework,
        definition="Number of police officers",
        unit="officers",
        baseline_value=14000,
        target_value=15000,
        disaggregations=["sex"],
    )


@pytest.fixture
def officers(db: None) -> Indicator:
    """Sworn police officers in Haiti, by sex, age band and region (framework 2018-05 → 2019-10)."""
    framework = FrameworkFactory(adoption_date=date(2018, 5, 2), end_date=date(2019, 10, 15))
    return IndicatorFactory(
        benchmark__framework=framework,
        definition="Number of sworn police officers",
        unit="officers",
        baseline_value=Decimal(14000),
        target_value=Decimal(15000),
        minimum=Decimal(0),
        disaggregations=["sex", "age_band", "region"],
    )
