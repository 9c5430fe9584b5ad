"""Issue 14: a large value is grouped on pages (``47,398,562`` / ``47 398 562``) but stays a
plain number in the CSV export and in the input of the edit form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.models import MeasurementStatus
from ssrmonitor.testing.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db
NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture
def values(alice: Any) -> dict[str, Any]:
    indicator = IndicatorFactory(
        code="7.1",
        definition="Budget executed",
        unit="USD",
        baseline_value=Decimal("1000000"),
        target_value=Decimal("50000000"),
    )
    approved = MeasurementFactory(
        indicator=indicator, value=Decimal("47398562"), status=MeasurementStatus.APPROVED
    )
    draft = MeasurementFactory(
        indicator=indicator, period_text="2019-Q2", author=alice, value=Decimal("12345678")
    )
    return {"indicator": indicator, "approved": approved, "draft": draft}


@pytest.mark.parametrize(("lang", "shown"), [("en", "47,398,562"), ("fr", f"47{NBSP}398{NBSP}562")])
def test_indicator_page_groups_thousands(values: dict[str, Any], lang: str, shown: str) -> None:
    client = Client(headers={"accept-language": lang})
    html = client.get(reverse("benchmarks:indicator", args=[values["indicator"].pk])).content
    assert shown in html.decode()
    assert "47398562" not in html.decode().replace("47398562.", "")


def test_csv_export_keeps_plain_numbers(values: dict[str, Any]) -> None:
    response = Client().get(reverse("benchmarks:country_export", args=["HT", "csv"]))
    body = b"".join(response.streaming_content).decode()  # type: ignore[arg-type]
    assert "47398562" in body and "47,398,562" not in body


def test_edit_form_input_keeps_the_plain_number(values: dict[str, Any], alice: Any) -> None:
    client = Client()
    client.force_login(alice)
    url = reverse("benchmarks:measurement_edit", args=[values["draft"].pk])
    html = client.get(url).content.decode()
    assert 'value="12345678' in html and "12,345,678" not in html.split("<form", 1)[1]
