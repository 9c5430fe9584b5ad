"""The country page: mapped indicators beside the national SDG values of their series (issue 15)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.sdg_side import SideRow, side_by_side
from ssrmonitor.perceptions.services.sdg import import_sdg_data
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import (
    BenchmarkFactory,
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)

pytestmark = pytest.mark.django_db
NATIONAL = (
    "Year,Sex,Value\n2018,,11.5\n2019/20,,10.25\n2019/20,Female,3\n2021,,9\n"  # an Open SDG file
)


def _mapped(published: bool = True) -> Any:
    framework = FrameworkFactory(is_published=published)
    indicator = IndicatorFactory(
        benchmark=BenchmarkFactory(framework=framework), definition="Homicide rate"
    )
    return services.update_indicator(indicator, acting_user=SYSTEM, sdg_series="VC_IHR_PSRC")


def _national() -> None:
    import_sdg_data(
        acting_user=SYSTEM, country=country("HT"), content=NATIONAL.encode(),
        file_name="indicator_16-1-1.csv", series="VC_IHR_PSRC",
    )  # fmt: skip


def test_each_year_shows_the_indicators_value_beside_the_national_value() -> None:
    homicide = _mapped()
    for period, value in [("2019-Q4", "8.25"), ("2020-Q2", "7")]:
        MeasurementFactory(
            indicator=homicide, period_text=period, value=Decimal(value), approved=True
        )
    _national()

    [side] = side_by_side(SYSTEM, country("HT"))

    assert (side.indicator, side.series, side.breakdowns) == (homicide, "VC_IHR_PSRC", 1)
    assert side.series_name == "Number of victims of intentional homicide per 100,000 population"
    assert side.rows == [
        SideRow(2021, None, Decimal(9)),
        SideRow(2020, Decimal(7), Decimal("10.25"), "2019/20"),
        SideRow(2019, Decimal("8.25"), None),
        SideRow(2018, None, Decimal("11.5")),
    ]


def test_the_country_page_shows_them_to_whoever_may_see_the_indicator(alice: Any) -> None:
    hidden = _mapped(published=False)
    MeasurementFactory(indicator=hidden, period_text="2020-Q2", value=Decimal(7), approved=True)
    _national()
    member = Client()
    member.force_login(alice)

    public = Client().get("/c/HT/").content.decode()
    page = member.get("/c/HT/").content.decode()

    assert "Indicators beside the national SDG values" not in public
    assert "Indicators beside the national SDG values" in page
    assert "VC_IHR_PSRC" in page and "Homicide rate" in page
    assert "10.25" in page and "(2019/20)" in page
    assert "1 breakdown of the series (by sex, age…) is on the population page." in page


def test_no_mapped_indicator_no_section() -> None:
    IndicatorFactory()
    _national()

    assert side_by_side(SYSTEM, country("HT")) == []
    assert (
        "Indicators beside the national SDG values" not in Client().get("/c/HT/").content.decode()
    )
