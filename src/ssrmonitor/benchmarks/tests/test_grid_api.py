"""Issue 14, item 3: a whole period through the API — save, submit and review together."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ssrmonitor.benchmarks.models import Framework, Indicator, IndicatorKind, Measurement
from ssrmonitor.benchmarks.tests.helpers import fields_of, post, signed_in
from ssrmonitor.testing.factories import IndicatorFactory

pytestmark = pytest.mark.django_db
PERIOD = "2019-Q1"


@pytest.fixture
def share(framework: Framework) -> Indicator:
    return IndicatorFactory(benchmark__framework=framework, kind=IndicatorKind.PERCENTAGE, unit="%")


def _path(framework: Framework, action: str) -> str:
    return f"/frameworks/{framework.pk}/periods/{PERIOD}/{action}"


def test_a_period_is_saved_and_submitted_in_one_request(
    client: Client, alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    body = {
        "entries": [
            {
                "indicator": headcount.pk,
                "value": "14500",
                "disaggregations": [
                    {"dimension": "sex", "category": "female", "value": "1400"},
                    {"dimension": "sex", "category": "male", "value": "13100"},
                ],
            },
            {"indicator": share.pk, "value": "9.7", "nature": "rate"},
        ],
        "submit": True,
    }
    response = post(signed_in(client, alice), _path(framework, "values"), body)
    assert response.status_code == 200
    assert response.json() == {"created": 2, "changed": 0, "unchanged": 0, "submitted": 2}
    assert Measurement.objects.get(indicator=share).nature == "rate"
    again = post(client, _path(framework, "values"), body)
    assert again.json() == {"created": 0, "changed": 0, "unchanged": 2, "submitted": 0}


def test_refused_entries_are_named_and_nothing_is_written(
    client: Client, alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    body = {
        "entries": [
            {"indicator": headcount.pk, "value": "14500"},
            {"indicator": share.pk, "value": "150"},
        ]
    }
    response = post(signed_in(client, alice), _path(framework, "values"), body)
    assert response.status_code == 422
    assert fields_of(response) == ["entries[1].value"]
    assert not Measurement.objects.exists()


def test_submit_then_review_in_a_batch_with_separation_of_duties(
    client: Client, alice: Any, rachel: Any, ada: Any, framework: Framework, headcount: Indicator
) -> None:
    body = {"entries": [{"indicator": headcount.pk, "value": "14500"}]}
    post(signed_in(client, ada), _path(framework, "values"), body)
    submitted = post(client, _path(framework, "submit")).json()["submitted"]
    decisions = {"decisions": [{"measurement": submitted[0], "verdict": "approve"}]}
    refused = post(client, _path(framework, "review"), decisions)
    assert refused.status_code == 422
    assert fields_of(refused) == ["decisions[0].measurement"]
    assert post(signed_in(client, alice), _path(framework, "review"), decisions).status_code == 403
    approved = post(signed_in(client, rachel), _path(framework, "review"), decisions)
    assert approved.status_code == 200
    assert approved.json() == {"approved": submitted, "returned": []}
    assert Measurement.objects.get().status == "approved"
