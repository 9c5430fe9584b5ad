"""Helpers shared by the page and API tests of benchmarks (fixtures are in ``conftest``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ssrmonitor.benchmarks.models import Indicator, Measurement, MeasurementStatus
from ssrmonitor.testing.factories import MeasurementFactory

# --- the API ------------------------------------------------------------------------------

API = "/api/v1"
JSON = "application/json"


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def post(client: Client, path: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(f"{API}{path}", data or {}, content_type=JSON)


def patch(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.patch(f"{API}{path}", data, content_type=JSON)


def fields_of(response: Any) -> list[str]:
    body = response.json()
    assert body["status"] == response.status_code
    assert all(error["reason"] for error in body["detail"])
    return [error["field"] for error in body["detail"]]


# --- the data-entry pages -----------------------------------------------------------------

GOOD = {
    "period": "2019-Q1",
    "value": "14500",
    "unit": "officers",
    "narrative": "Class 30 graduated in March.",
    "obstacles": "",
    "sex__female": "1400",
    "sex__male": "13100",
    "region_name_0": "Ouest",
    "region_value_0": "9000",
}


def entry_url(name: str, pk: int) -> str:
    return reverse(f"benchmarks:{name}", args=[pk])


def submitted_measurement(indicator: Indicator, author: Any, **extra: Any) -> Measurement:
    values: dict[str, Any] = {
        "indicator": indicator,
        "value": Decimal(14500),
        "status": MeasurementStatus.SUBMITTED,
        "author": author,
        "submitted_at": timezone.now(),
    }
    return MeasurementFactory(**(values | extra))
