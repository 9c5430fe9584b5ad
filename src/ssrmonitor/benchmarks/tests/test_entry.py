"""Data entry and review through the pages: the workflow, bad input, refusals, HTMX.

Evidence and the review queue: ``test_entry_evidence``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.models import Indicator, Measurement, MeasurementStatus
from ssrmonitor.benchmarks.tests.helpers import GOOD, entry_url, signed_in, submitted_measurement
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.factories import MeasurementFactory

pytestmark = pytest.mark.django_db


def test_editor_records_and_submits_and_reviewer_approves(
    client: Client, officers: Indicator, alice: Any, rachel: Any
) -> None:
    form = signed_in(client, alice).get(entry_url("measurement_create", officers.pk))
    assert form.status_code == 200
    for name in ("sex__female", "sex__male", "age_band__under_18", "region_name_0", "period"):
        assert f'name="{name}"' in form.content.decode()

    response = client.post(entry_url("measurement_create", officers.pk), GOOD)
    measurement = Measurement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == entry_url("measurement", measurement.pk)
    assert measurement.status == MeasurementStatus.DRAFT
    assert measurement.author == alice
    parts = {(p.dimension, p.category): p.value for p in measurement.disaggregated_values.all()}
    assert parts == {("sex", "female"): 1400, ("sex", "male"): 13100, ("region", "Ouest"): 9000}

    assert client.post(entry_url("measurement_submit", measurement.pk)).status_code == 302
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED

    reviewer = signed_in(Client(), rachel)
    page = reviewer.get(entry_url("measurement", measurement.pk)).content.decode()
    assert "Approve" in page and "Return to the author" in page
    response = reviewer.post(
        entry_url("measurement_approve", measurement.pk), {"comment": "Checked"}
    )
    assert response.status_code == 302
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.APPROVED
    assert measurement.reviewed_by == rachel
    assert measurement.review_comment == "Checked"

    actions = AuditEvent.objects.filter(object_type="benchmarks.measurement").order_by("id")
    assert list(actions.values_list("action", flat=True)) == ["create", "submit", "approve"]
    public = Client().get(entry_url("indicator", officers.pk)).content.decode()
    assert "14500" in public.replace(",", "")


def test_reviewer_cannot_approve_a_measurement_she_authored(
    client: Client, officers: Indicator, rachel: Any
) -> None:
    measurement = submitted_measurement(officers, rachel)
    signed_in(client, rachel)
    page = client.get(entry_url("measurement", measurement.pk)).content.decode()
    assert "You cannot review your own submission." in page
    assert ">Approve<" not in page
    response = client.post(entry_url("measurement_approve", measurement.pk), {"comment": ""})
    assert response.status_code == 403
    assert "You cannot review your own submission." in response.content.decode()
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED


def test_returning_a_value_requires_a_comment(
    client: Client, officers: Indicator, alice: Any, rachel: Any
) -> None:
    measurement = submitted_measurement(officers, alice)
    signed_in(client, rachel)
    response = client.post(entry_url("measurement_return", measurement.pk), {"comment": "  "})
    assert response.status_code == 422
    assert "Say why the value is returned." in response.content.decode()
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED

    comment = "The female count is from 2018; use the March 2019 roster."
    response = client.post(entry_url("measurement_return", measurement.pk), {"comment": comment})
    assert response.status_code == 302
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.RETURNED

    author = signed_in(Client(), alice)
    assert comment in author.get(entry_url("measurement", measurement.pk)).content.decode()
    changed = GOOD | {"value": "14600", "sex__male": "13200"}
    del changed["period"]
    assert author.post(entry_url("measurement_edit", measurement.pk), changed).status_code == 302
    assert author.post(entry_url("measurement_submit", measurement.pk)).status_code == 302
    measurement.refresh_from_db()
    assert (measurement.value, measurement.status) == (14600, MeasurementStatus.SUBMITTED)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"value": "-5", "sex__female": "", "sex__male": "", "region_value_0": "0"},
         "outside the allowed range"),
        ({"unit": "percent"}, "does not match the indicator"),
        ({"period": "2017-Q1"}, "is outside the framework"),
        ({"period": "2019Q1"}, "is not a reporting period"),
        ({"sex__female": "1000", "sex__male": "1000"}, "add up to 2000, not to the total 14500"),
        ({"region_value_0": "20000"}, "more than the total"),
        ({"region_value_0": ""}, "Give the value of this region."),
        ({"value": "many"}, "Enter a number."),
    ],
)  # fmt: skip
def test_bad_input_shows_the_reason_and_saves_nothing(
    client: Client, officers: Indicator, alice: Any, changes: dict[str, str], reason: str
) -> None:
    events = AuditEvent.objects.count()
    response = signed_in(client, alice).post(
        entry_url("measurement_create", officers.pk), GOOD | changes
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert reason in html
    assert "Nothing was saved." in html
    assert Measurement.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_field_error_is_shown_next_to_its_input(
    client: Client, officers: Indicator, alice: Any
) -> None:
    response = signed_in(client, alice).post(
        entry_url("measurement_create", officers.pk), GOOD | {"unit": "percent"}
    )
    form = response.context["form"]
    assert "does not match" in form.errors["unit"][0]
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_out_of_range_part_points_at_its_category(
    client: Client, officers: Indicator, alice: Any
) -> None:
    bad = GOOD | {"sex__female": "-1", "sex__male": "14501"}
    response = signed_in(client, alice).post(entry_url("measurement_create", officers.pk), bad)
    assert response.status_code == 422
    assert "outside the allowed range" in response.context["form"].errors["sex__female"][0]


def test_approved_values_cannot_be_changed_or_deleted(
    client: Client, officers: Indicator, alice: Any
) -> None:
    measurement = MeasurementFactory(indicator=officers, approved=True, value=Decimal(14500))
    signed_in(client, alice)
    response = client.get(entry_url("measurement_edit", measurement.pk))
    assert response.status_code == 403
    assert "Only draft or returned measurements can be changed." in response.content.decode()
    assert client.post(entry_url("measurement_delete", measurement.pk)).status_code == 403
    assert Measurement.objects.filter(pk=measurement.pk).exists()


def test_editor_deletes_a_draft(client: Client, officers: Indicator, alice: Any) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500))
    response = signed_in(client, alice).post(entry_url("measurement_delete", measurement.pk))
    assert response.status_code == 302
    assert response["Location"] == entry_url("indicator", officers.pk)
    assert not Measurement.objects.filter(pk=measurement.pk).exists()


def test_who_may_enter_data(
    client: Client, officers: Indicator, bob: Any, victor: Any, rachel: Any
) -> None:
    url = entry_url("measurement_create", officers.pk)
    login = client.get(url)
    assert login.status_code == 302
    assert login["Location"].startswith(reverse("login"))
    for user in (bob, victor, rachel):
        response = signed_in(Client(), user).get(url)
        assert response.status_code == 403
        assert "You are not an editor of this country." in response.content.decode()


def test_other_countries_drafts_answer_404_to_every_action(
    client: Client, officers: Indicator, bob: Any
) -> None:
    measurement = submitted_measurement(officers, None)
    signed_in(client, bob)
    for name in ("measurement", "measurement_edit"):
        assert client.get(entry_url(name, measurement.pk)).status_code == 404
    for name in ("measurement_submit", "measurement_approve", "measurement_return",
                 "measurement_delete", "evidence_add"):  # fmt: skip
        assert client.post(entry_url(name, measurement.pk)).status_code == 404


def test_actions_only_accept_post(client: Client, officers: Indicator, alice: Any) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500))
    signed_in(client, alice)
    for name in ("measurement_submit", "measurement_approve", "measurement_return",
                 "measurement_delete", "evidence_add"):  # fmt: skip
        assert client.get(entry_url(name, measurement.pk)).status_code == 405


def test_htmx_submit_swaps_the_workflow_and_sends_the_message(
    client: Client, officers: Indicator, alice: Any
) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500), author=alice)
    response = signed_in(client, alice).post(
        entry_url("measurement_submit", measurement.pk), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<section id="workflow"' in html
    assert 'id="evidence"' in html and 'hx-swap-oob="true"' in html
    assert "<html" not in html
    assert "Submitted" in html
    messages = json.loads(response["HX-Trigger"])["messages"]
    assert messages == [{"level": "success", "text": "Submitted for review."}]


def test_htmx_refusal_comes_back_as_a_message(
    client: Client, officers: Indicator, rachel: Any
) -> None:
    measurement = submitted_measurement(officers, rachel)
    response = signed_in(client, rachel).post(
        entry_url("measurement_approve", measurement.pk), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    messages = json.loads(response["HX-Trigger"])["messages"]
    assert messages[0]["text"] == "You cannot review your own submission."
