"""The benchmark API under /api/v1/: CRUD, the review workflow and refused input (422).

Visibility, lists, cost and the contract: ``test_api_access``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ssrmonitor.benchmarks.models import (
    Framework,
    FrameworkStatus,
    Indicator,
    IndicatorKind,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.benchmarks.tests.helpers import API, JSON, fields_of, patch, post, signed_in
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.factories import (
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)

# --- CRUD -----------------------------------------------------------------------------------


def test_editor_creates_reads_changes_and_deletes_a_framework(client: Client, alice: Any) -> None:
    signed_in(client, alice)
    created = post(
        client,
        "/frameworks",
        {
            "country": "HT",
            "title": "Transition benchmarks",
            "adoption_date": "2021-01-01",
            "status": "active",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["country"] == "HT"
    assert body["rating"] == "no_data"
    assert body["counts"] == {"on_track": 0, "at_risk": 0, "off_track": 0, "no_data": 0}
    framework_id = body["id"]

    changed = patch(client, f"/frameworks/{framework_id}", {"title": "Benchmarks (rev. 1)"})
    assert changed.status_code == 200
    assert changed.json()["title"] == "Benchmarks (rev. 1)"
    assert client.get(f"{API}/frameworks/{framework_id}").json()["title"] == "Benchmarks (rev. 1)"

    assert client.delete(f"{API}/frameworks/{framework_id}").status_code == 204
    assert not Framework.objects.filter(pk=framework_id).exists()
    actions = set(
        AuditEvent.objects.filter(object_id=str(framework_id)).values_list("action", flat=True)
    )
    assert actions == {"create", "update", "delete"}


def test_editor_adds_and_changes_benchmarks_and_indicators(
    client: Client, alice: Any, framework: Framework
) -> None:
    signed_in(client, alice)
    benchmark = post(
        client,
        f"/frameworks/{framework.pk}/benchmarks",
        {
            "code": "2",
            "text": "The HNP protects the population.",
            "component": "police",
            "owner": "host",
        },
    )
    assert benchmark.status_code == 201, benchmark.json()
    benchmark_id = benchmark.json()["id"]
    assert patch(client, f"/benchmarks/{benchmark_id}", {"area": "Police"}).json()["area"] == (
        "Police"
    )

    indicator = post(
        client,
        f"/benchmarks/{benchmark_id}/indicators",
        {
            "code": "2.1",
            "definition": "Share of women officers",
            "kind": "percentage",
            "unit": "%",
            "baseline_value": "9",
            "target_value": 12,
            "disaggregations": ["region"],
        },
    )
    assert indicator.status_code == 201, indicator.json()
    body = indicator.json()
    assert body["kind"] == "percentage"
    assert body["baseline_value"] == 9
    assert body["disaggregations"] == ["region"]
    assert body["progress"]["rating"] == "no_data"

    indicator_id = body["id"]
    changed = patch(client, f"/indicators/{indicator_id}", {"target_value": "15", "minimum": None})
    assert changed.status_code == 200
    assert changed.json()["target_value"] == 15
    assert client.delete(f"{API}/indicators/{indicator_id}").status_code == 204
    assert client.delete(f"{API}/benchmarks/{benchmark_id}").status_code == 204


def test_editor_cannot_publish_a_framework(client: Client, alice: Any) -> None:
    draft = FrameworkFactory(
        country=country("HT"), is_published=False, status=FrameworkStatus.DRAFT
    )
    response = patch(signed_in(client, alice), f"/frameworks/{draft.pk}", {"is_published": True})
    assert response.status_code == 403
    assert response.json()["detail"][0]["reason"] == (
        "Only an administrator of this country can publish a framework."
    )


def test_patch_refuses_null_for_a_required_field_and_unknown_fields(
    client: Client, alice: Any, framework: Framework
) -> None:
    signed_in(client, alice)
    assert fields_of(patch(client, f"/frameworks/{framework.pk}", {"title": None})) == ["title"]
    assert fields_of(patch(client, f"/frameworks/{framework.pk}", {"titel": "x"})) == ["titel"]


# --- workflow -------------------------------------------------------------------------------


def test_measurement_goes_from_draft_to_approved(
    client: Client, alice: Any, rachel: Any, headcount: Indicator
) -> None:
    signed_in(client, alice)
    created = post(
        client,
        f"/indicators/{headcount.pk}/measurements",
        {
            "period": "2019-Q2",
            "value": "14600",
            "unit": "officers",
            "narrative": "Two cohorts.",
            "disaggregations": [
                {"dimension": "sex", "category": "female", "value": 1400},
                {"dimension": "sex", "category": "male", "value": "13200"},
            ],
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft"
    assert body["author"] == "alice"
    assert body["period_start"] == "2019-04-01"
    assert sorted((d["category"], d["value"]) for d in body["disaggregations"]) == [
        ("female", 1400),
        ("male", 13200),
    ]
    measurement_id = body["id"]

    changed = patch(client, f"/measurements/{measurement_id}", {"narrative": "Three cohorts."})
    assert changed.json()["narrative"] == "Three cohorts."
    assert len(changed.json()["disaggregations"]) == 2
    submitted = post(client, f"/measurements/{measurement_id}/submit")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"

    client.logout()
    signed_in(client, rachel)  # no body at all: the comment is optional
    approved = client.post(f"{API}/measurements/{measurement_id}/approve", "", content_type=JSON)
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved"
    assert approved.json()["reviewed_by"] == "rachel"
    progress = client.get(f"{API}/indicators/{headcount.pk}").json()["progress"]
    assert progress["latest_value"] == 14600
    assert progress["latest_period"] == "2019-Q2"
    assert progress["percent"] == 60.0


def test_reviewer_cannot_approve_own_submission(
    client: Client, ada: Any, headcount: Indicator
) -> None:
    signed_in(client, ada)  # an administrator may both enter and review
    created = post(
        client, f"/indicators/{headcount.pk}/measurements", {"period": "2019-Q1", "value": 14200}
    )
    measurement_id = created.json()["id"]
    post(client, f"/measurements/{measurement_id}/submit")
    refused = post(client, f"/measurements/{measurement_id}/approve", {"comment": "fine"})
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": [{"field": "__all__", "reason": "You cannot review your own submission."}],
        "status": 403,
    }
    assert Measurement.objects.get(pk=measurement_id).status == MeasurementStatus.SUBMITTED


def test_returning_a_value_needs_a_reason(
    client: Client, rachel: Any, alice: Any, headcount: Indicator
) -> None:
    measurement = MeasurementFactory(indicator=headcount, submitted=True, author=alice, value=14100)
    signed_in(client, rachel)
    assert fields_of(post(client, f"/measurements/{measurement.pk}/return", {"comment": " "})) == [
        "comment"
    ]
    returned = post(client, f"/measurements/{measurement.pk}/return", {"comment": "Source?"})
    assert returned.json()["status"] == "returned"
    assert returned.json()["review_comment"] == "Source?"


def test_editor_cannot_approve(
    client: Client, alice: Any, rachel: Any, headcount: Indicator
) -> None:
    measurement = MeasurementFactory(indicator=headcount, submitted=True, author=rachel)
    refused = post(signed_in(client, alice), f"/measurements/{measurement.pk}/approve")
    assert refused.status_code == 403
    assert refused.json()["detail"][0]["reason"] == "You are not a reviewer of this country."


# --- 422: input refused, naming the field ------------------------------------------------


@pytest.fixture
def share_of_women(framework: Framework) -> Indicator:
    return IndicatorFactory(
        benchmark__framework=framework,
        kind=IndicatorKind.PERCENTAGE,
        unit="%",
        baseline_value=9,
        target_value=12,
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"period": "2019-Q2", "value": 150}, "value"),
        ({"period": "2019-Q2", "value": 10, "unit": "officers"}, "unit"),
        ({"period": "2021-Q1", "value": 10}, "period"),
        ({"period": "2019-Q5", "value": 10}, "period"),
        ({"period": "2019-Q2"}, "value"),
        ({"value": 10}, "period"),
        ({"period": "2019-Q2", "value": "ten"}, "value"),
        ({"period": "2019-Q2", "value": 10, "colour": "red"}, "colour"),
    ],
    ids=[
        "out-of-range",
        "wrong-unit",
        "outside-framework",
        "malformed-period",
        "missing-value",
        "missing-period",
        "not-a-number",
        "unknown-field",
    ],
)
def test_bad_measurement_input_answers_422_naming_the_field(
    client: Client, alice: Any, share_of_women: Indicator, payload: dict[str, Any], field: str
) -> None:
    response = post(
        signed_in(client, alice), f"/indicators/{share_of_women.pk}/measurements", payload
    )
    assert response.status_code == 422
    assert fields_of(response) == [field]
    assert not Measurement.objects.exists()


def test_disaggregations_that_do_not_add_up_answer_422(
    client: Client, alice: Any, headcount: Indicator
) -> None:
    response = post(
        signed_in(client, alice),
        f"/indicators/{headcount.pk}/measurements",
        {
            "period": "2019-Q2",
            "value": 14600,
            "disaggregations": [
                {"dimension": "sex", "category": "female", "value": 1400},
                {"dimension": "sex", "category": "male", "value": 13000},
            ],
        },
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"][0]["field"] == "disaggregations.sex"
    assert "14400" in body["detail"][0]["reason"]


def test_wrong_disaggregation_entry_names_its_position(
    client: Client, alice: Any, headcount: Indicator
) -> None:
    response = post(
        signed_in(client, alice),
        f"/indicators/{headcount.pk}/measurements",
        {
            "period": "2019-Q2",
            "value": 14600,
            "disaggregations": [{"dimension": "sex", "category": "female"}],
        },
    )
    assert fields_of(response) == ["disaggregations.0.value"]


def test_bad_list_filters_answer_422(client: Client, db: None) -> None:
    assert fields_of(client.get(f"{API}/measurements?period_from=spring")) == ["period_from"]
    assert fields_of(client.get(f"{API}/frameworks?limit=1000")) == ["limit"]
    assert fields_of(client.get(f"{API}/measurements?status=lost")) == ["status"]
