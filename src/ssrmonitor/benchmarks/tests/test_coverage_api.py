"""What a value covers, through the API: inputs (optional), outputs, PATCH and refusals (422)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.benchmarks.models import Framework, Indicator, Measurement
from ssrmonitor.benchmarks.tests.helpers import API, fields_of, patch, post, signed_in
from ssrmonitor.core.progress import TargetBasis, ValueNature
from ssrmonitor.testing.factories import BenchmarkFactory, IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db
SUM = {"coverage_start": "2017-10-01", "coverage_end": "2019-08-31", "nature": "flow"}


@pytest.fixture
def orders(framework: Framework) -> Indicator:
    """MINUJUSTH 1.7: a yearly target of 800 against sums over many months."""
    return IndicatorFactory(
        benchmark__framework=framework,
        definition="Detention orders issued",
        unit="orders",
        baseline_value=600,
        target_value=800,
        baseline_date=date(2018, 5, 2),
        target_date=date(2019, 10, 15),
        target_basis=TargetBasis.PER_YEAR,
    )


def _create(client: Client, indicator: Indicator, **extra: Any) -> Any:
    payload = {"period": "2019-Q3", "value": 1382} | extra
    return post(client, f"/indicators/{indicator.pk}/measurements", payload)


def test_a_value_is_created_with_what_it_covers(
    client: Client, alice: Any, orders: Indicator
) -> None:
    response = _create(signed_in(client, alice), orders, **SUM)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["coverage_start"], body["coverage_end"], body["nature"]) == (
        "2017-10-01",
        "2019-08-31",
        "flow",
    )
    measurement = Measurement.objects.get()
    assert measurement.nature == ValueNature.FLOW
    assert measurement.coverage_start == date(2017, 10, 1)


def test_coverage_is_optional_a_value_without_it_is_a_level(
    client: Client, alice: Any, headcount: Indicator
) -> None:
    body = _create(signed_in(client, alice), headcount, value=14600).json()
    assert (body["coverage_start"], body["coverage_end"], body["nature"]) == (
        None,
        "2019-09-30",
        "stock",
    )


def test_patch_changes_the_coverage_and_keeps_what_is_left_out(
    client: Client, alice: Any, orders: Indicator
) -> None:
    created = _create(signed_in(client, alice), orders, **SUM).json()
    path = f"/measurements/{created['id']}"
    body = patch(client, path, {"coverage_start": "2018-01-01"}).json()
    assert (body["coverage_start"], body["coverage_end"], body["nature"]) == (
        "2018-01-01",
        "2019-08-31",
        "flow",
    )
    ytd = patch(client, path, {"nature": "year_to_date", "coverage_start": "2019-01-01"}).json()
    assert (ytd["nature"], ytd["coverage_start"]) == ("year_to_date", "2019-01-01")
    level = patch(client, path, {"nature": "stock"}).json()  # a level loses its first day
    assert (level["nature"], level["coverage_start"], level["coverage_end"]) == (
        "stock",
        None,
        "2019-08-31",
    )
    assert patch(client, path, {"value": 1400}).json()["nature"] == "stock"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"nature": "guess"}, "nature"),
        ({"coverage_start": "2019-13-01"}, "coverage_start"),
        ({"nature": "year_to_date", "coverage_start": "2019-02-01"}, "coverage_start"),
        ({"nature": "stock", "coverage_start": "2019-01-01"}, "coverage_start"),
        ({"coverage_end": "2019-10-01"}, "coverage_end"),
    ],
    ids=["unknown-nature", "bad-date", "ytd-not-1-january", "level-with-span", "end-outside"],
)
def test_bad_coverage_answers_422_naming_the_field(
    client: Client, alice: Any, orders: Indicator, payload: dict[str, Any], field: str
) -> None:
    response = _create(signed_in(client, alice), orders, **payload)
    assert response.status_code == 422
    assert fields_of(response) == [field]
    assert not Measurement.objects.exists()


def test_patch_refuses_an_unknown_or_null_nature(
    client: Client, alice: Any, orders: Indicator
) -> None:
    created = _create(signed_in(client, alice), orders, **SUM).json()
    path = f"/measurements/{created['id']}"
    assert fields_of(patch(client, path, {"nature": "weekly"})) == ["nature"]
    assert fields_of(patch(client, path, {"nature": None})) == ["nature"]
    assert fields_of(patch(client, path, {"coverage_end": "2020-01-01"})) == ["coverage_end"]
    assert Measurement.objects.get().nature == ValueNature.FLOW


def test_progress_says_the_latest_value_was_annualised(client: Client, orders: Indicator) -> None:
    MeasurementFactory(
        indicator=orders,
        approved=True,
        period_text="2019-Q3",
        value=1382,
        nature=ValueNature.FLOW,
        coverage_start=date(2017, 10, 1),
        coverage_end=date(2019, 8, 31),
    )
    body = client.get(f"{API}/indicators/{orders.pk}").json()
    assert body["target_basis"] == "per_year"
    progress = body["progress"]
    assert progress["annualised"] is True
    assert progress["latest_value"] == pytest.approx(720.6)
    assert progress["latest_period"] == "2019-Q3"
    assert "Annualised" in progress["note"] and "700 days" in progress["note"]
    assert progress["rating"] != "on_track" and progress["excluded"] == 0


def test_progress_says_why_the_latest_value_was_not_compared(
    client: Client, headcount: Indicator
) -> None:
    MeasurementFactory(indicator=headcount, approved=True, period_text="2019-Q1", value=14500)
    MeasurementFactory(
        indicator=headcount,
        approved=True,
        period_text="2019-Q2",
        value=900,
        nature=ValueNature.FLOW,
        coverage_start=date(2019, 4, 1),
        coverage_end=date(2019, 6, 30),
    )
    progress = client.get(f"{API}/indicators/{headcount.pk}").json()["progress"]
    assert progress["excluded"] == 1 and progress["annualised"] is False
    assert "not a level at a date" in progress["note"]
    assert (progress["latest_value"], progress["latest_period"]) == (14500, "2019-Q1")


def test_indicators_say_what_their_target_is(client: Client, alice: Any) -> None:
    benchmark = BenchmarkFactory()
    signed_in(client, alice)
    created = post(
        client,
        f"/benchmarks/{benchmark.pk}/indicators",
        {"definition": "Kidnappings reported", "target_value": 150, "target_basis": "per_year"},
    )
    assert created.status_code == 201, created.json()
    assert created.json()["target_basis"] == "per_year"
    path = f"/indicators/{created.json()['id']}"
    assert patch(client, path, {"target_basis": "cumulative"}).json()["target_basis"] == (
        "cumulative"
    )
    assert fields_of(patch(client, path, {"target_basis": "weekly"})) == ["target_basis"]
    assert fields_of(patch(client, path, {"target_basis": None})) == ["target_basis"]
    plain = post(client, f"/benchmarks/{benchmark.pk}/indicators", {"definition": "Older client"})
    assert plain.json()["target_basis"] == "at_date"
    assert Indicator.objects.get(pk=created.json()["id"]).target_basis == "cumulative"
