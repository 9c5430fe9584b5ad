"""What a value covers, entered through the pages: the measurement and indicator forms, review.

The API: ``test_coverage_api``; exports and reports: ``test_coverage_out``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from ssrmonitor.benchmarks.models import Indicator, Measurement
from ssrmonitor.benchmarks.tests.helpers import GOOD, entry_url, signed_in, submitted_measurement
from ssrmonitor.core.progress import TargetBasis, ValueNature
from ssrmonitor.testing.factories import BenchmarkFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


YEAR_TO_DATE = GOOD | {
    "period": "2019-Q3",
    "value": "190",
    "nature": "year_to_date",
    "coverage_start": "2019-01-01",
    "coverage_end": "2019-09-16",
    "sex__female": "",
    "sex__male": "",
    "region_name_0": "",
    "region_value_0": "",
}


def test_a_year_to_date_count_is_recorded_through_the_page(
    client: Client, officers: Indicator, alice: Any
) -> None:
    page = signed_in(client, alice).get(entry_url("measurement_create", officers.pk))
    html = page.content.decode()
    for name in ("coverage_start", "coverage_end", "nature"):
        assert f'name="{name}"' in html
    assert 'value="stock" selected' in html  # a level at a date unless said otherwise
    assert "A level to reach by the target date" in html  # what the target is, in the help

    response = client.post(entry_url("measurement_create", officers.pk), YEAR_TO_DATE)
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.nature == ValueNature.YEAR_TO_DATE
    assert (measurement.coverage_start, measurement.coverage_end) == (
        date(2019, 1, 1),
        date(2019, 9, 16),
    )


def test_a_value_without_coverage_is_a_level_at_the_end_of_its_period(
    client: Client, officers: Indicator, alice: Any
) -> None:
    response = signed_in(client, alice).post(entry_url("measurement_create", officers.pk), GOOD)
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.nature == ValueNature.STOCK
    assert measurement.coverage_start is None
    assert measurement.coverage_end == date(2019, 3, 31)


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"coverage_start": "2019-02-01"}, "coverage_start", "starts on 1 January"),
        ({"coverage_end": "2019-10-02"}, "coverage_end", "is not in 2019-Q3"),
        ({"nature": "stock"}, "coverage_start", "covers no span"),
        ({"nature": "guess"}, "nature", "Select a valid choice"),
        ({"coverage_end": "16/09/2019"}, "coverage_end", "Enter a valid date"),
    ],
)
def test_bad_coverage_is_shown_at_its_field_and_nothing_is_saved(
    client: Client,
    officers: Indicator,
    alice: Any,
    changes: dict[str, str],
    field: str,
    reason: str,
) -> None:
    url = entry_url("measurement_create", officers.pk)
    response = signed_in(client, alice).post(url, YEAR_TO_DATE | changes)
    assert response.status_code == 422
    assert reason in " ".join(response.context["form"].errors[field])
    assert not Measurement.objects.exists()


def test_the_edit_form_is_prefilled_and_changes_the_coverage(
    client: Client, officers: Indicator, alice: Any
) -> None:
    signed_in(client, alice).post(entry_url("measurement_create", officers.pk), YEAR_TO_DATE)
    measurement = Measurement.objects.get()
    url = entry_url("measurement_edit", measurement.pk)
    html = client.get(url).content.decode()
    assert 'value="2019-01-01"' in html and 'value="2019-09-16"' in html
    assert 'value="year_to_date" selected' in html

    flow = YEAR_TO_DATE | {"nature": "flow", "coverage_start": "2019-07-01"}
    assert client.post(url, flow).status_code == 302
    measurement.refresh_from_db()
    assert measurement.nature == ValueNature.FLOW
    assert measurement.coverage_start == date(2019, 7, 1)


def test_an_edit_from_a_client_without_coverage_keeps_it(
    client: Client, officers: Indicator, alice: Any
) -> None:
    signed_in(client, alice).post(entry_url("measurement_create", officers.pk), YEAR_TO_DATE)
    measurement = Measurement.objects.get()
    old_client = {key: value for key, value in YEAR_TO_DATE.items() if "coverage" not in key}
    del old_client["nature"]
    old_client["value"] = "191"
    assert client.post(entry_url("measurement_edit", measurement.pk), old_client).status_code == 302
    measurement.refresh_from_db()
    assert measurement.value == 191
    assert measurement.nature == ValueNature.YEAR_TO_DATE
    assert measurement.coverage_start == date(2019, 1, 1)


def test_the_reviewer_sees_what_the_value_covers(
    client: Client, officers: Indicator, alice: Any, rachel: Any
) -> None:
    measurement = submitted_measurement(
        officers,
        alice,
        period_text="2019-Q3",
        nature=ValueNature.YEAR_TO_DATE,
        coverage_start=date(2019, 1, 1),
        coverage_end=date(2019, 9, 16),
    )
    page = signed_in(client, rachel).get(entry_url("measurement", measurement.pk)).content.decode()
    covers = f"{_day(date(2019, 1, 1))} – {_day(date(2019, 9, 16))}"
    assert covers in page
    assert "A total since 1 January" in page and "Approve" in page
    queue = client.get(reverse("benchmarks:review_queue")).content.decode()
    assert f"<bdi>{covers}</bdi> · A total since 1 January" in queue  # a range kept in order (RTL)


def test_a_level_shows_the_day_it_was_measured(
    client: Client, officers: Indicator, alice: Any, rachel: Any
) -> None:
    measurement = submitted_measurement(
        officers, alice, period_text="2019-Q3", coverage_end=date(2019, 7, 9)
    )
    page = signed_in(client, rachel).get(entry_url("measurement", measurement.pk)).content.decode()
    assert f"As at {_day(date(2019, 7, 9))}" in page and "A level at a date" in page


INDICATOR = {
    "code": "6.6",
    "definition": "Number of kidnappings reported",
    "kind": "quantitative",
    "unit": "cases",
    "direction": "decrease",
    "baseline_value": "213",
    "target_value": "150",
    "target_basis": "per_year",
    "source": "measured",
    "frequency": "annual",
    "position": "1",
}


def test_the_indicator_form_says_what_the_target_is(client: Client, alice: Any) -> None:
    benchmark = BenchmarkFactory()
    url = entry_url("indicator_create", benchmark.pk)
    assert 'name="target_basis"' in signed_in(client, alice).get(url).content.decode()
    assert client.post(url, INDICATOR).status_code == 302
    indicator = Indicator.objects.get()
    assert indicator.target_basis == TargetBasis.PER_YEAR
    edit = client.get(entry_url("indicator_edit", indicator.pk)).content.decode()
    assert 'value="per_year" selected' in edit

    response = client.post(url, INDICATOR | {"code": "6.7", "target_basis": "weekly"})
    assert response.status_code == 422
    assert "Select a valid choice" in " ".join(response.context["form"].errors["target_basis"])


def test_an_indicator_edit_without_a_basis_keeps_it(client: Client, alice: Any) -> None:
    indicator = IndicatorFactory(target_basis=TargetBasis.PER_YEAR)
    data = INDICATOR | {"unit": indicator.unit, "baseline_value": "1.3", "target_value": "1.4"}
    del data["target_basis"]
    url = entry_url("indicator_edit", indicator.pk)
    assert signed_in(client, alice).post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.target_basis == TargetBasis.PER_YEAR
