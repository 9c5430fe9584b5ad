"""Indicators mapped to SDG series, exported as SDMX that validates and reads back (issue 15)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import IndicatorKind
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.perceptions.sdg.sdmx_io import read_message
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import (
    BenchmarkFactory,
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
)

pytestmark = pytest.mark.django_db


def _mapped(published: bool = True, series: str = "VC_IHR_PSRC") -> Any:
    framework = FrameworkFactory(is_published=published)
    indicator = IndicatorFactory(benchmark=BenchmarkFactory(framework=framework))
    return services.update_indicator(indicator, acting_user=SYSTEM, sdg_series=series.lower())


@pytest.mark.parametrize("fmt", ["csv", "xml"])
def test_the_export_holds_each_years_latest_approved_value_and_reads_back(fmt: str) -> None:
    homicide = _mapped()
    for period, value in [("2019-Q1", "9.5"), ("2019-Q4", "8.25"), ("2020-Q2", "7")]:
        MeasurementFactory(
            indicator=homicide, period_text=period, value=Decimal(value), approved=True
        )
    MeasurementFactory(indicator=homicide, period_text="2021-Q1", value=Decimal(99))  # a draft

    response = Client().get(f"/c/HT/sdg.{fmt}")
    rows = read_message(response.content)  # checked against the DSD's codelists on the way

    assert response.status_code == 200
    assert [(r.series, r.key["REF_AREA"], r.key["TIME_PERIOD"], r.value) for r in rows] == [
        ("VC_IHR_PSRC", "332", "2019", Decimal("8.25")),
        ("VC_IHR_PSRC", "332", "2020", Decimal(7)),
    ]
    assert {r.key["SEX"] for r in rows} == {"_T"}


def test_an_unpublished_framework_is_not_exported_to_the_public(alice: Any) -> None:
    hidden = _mapped(published=False)
    MeasurementFactory(indicator=hidden, period_text="2019-Q1", approved=True)

    assert Client().get("/c/HT/sdg.csv").status_code == 204
    client = Client()
    client.force_login(alice)
    assert client.get("/c/HT/sdg.csv").status_code == 200


def test_a_series_not_in_cl_series_is_refused() -> None:
    indicator = IndicatorFactory(kind=IndicatorKind.PERCENTAGE)
    with pytest.raises(ValidationFailed) as exc:
        services.update_indicator(indicator, acting_user=SYSTEM, sdg_series="VC_MADE_UP")
    assert "CL_SERIES" in exc.value.errors[0].reason
    indicator.refresh_from_db()
    assert indicator.sdg_series == ""
