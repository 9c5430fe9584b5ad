"""Embargo measures and exemption requests: services, pages, API, CSV and the permission matrix."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.sanctions.forms import items_from_text
from ssrmonitor.sanctions.models import ExemptionDecision, ExemptionRequest, ExemptionStatus
from ssrmonitor.sanctions.services import embargo
from ssrmonitor.testing.factories import FrameworkFactory, country
from ssrmonitor.testing.factories_sanctions import EmbargoMeasureFactory, ExemptionRequestFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "rachel", "victor", "ada", "bob", "root", "public"]
HT_MEMBERS = {"alice", "rachel", "victor", "ada", "root"}
CF_MEMBERS = {"bob", "root"}
HT_EDITORS = {"alice", "ada", "root"}
CF_EDITORS = {"bob", "root"}

ITEMS = [{"description": "VHF radio handsets", "quantity": 40}]


@pytest.fixture
def world(alice: Any) -> dict[str, Any]:
    ht_measure = EmbargoMeasureFactory(country=country("HT"))
    cf_measure = EmbargoMeasureFactory(country=country("CF"), resolutions="S/RES/2127 (2013)")
    return {
        "ht_measure": ht_measure,
        "cf_measure": cf_measure,
        "ht_exemption": ExemptionRequestFactory(measure=ht_measure, submitted=True),
        "cf_exemption": ExemptionRequestFactory(measure=cf_measure),
    }


def _client(personas: dict[str, Any], name: str) -> Client:
    client = Client()
    if personas[name] is not None:
        client.force_login(personas[name])
    return client


def _url(surface: str, obj: ExemptionRequest) -> str:
    if surface == "page":
        return reverse("sanctions:exemption", args=[obj.pk])
    if surface == "api":
        return f"/api/v1/sanctions/exemptions/{obj.pk}"
    if surface == "csv":
        return reverse("sanctions:exemptions_csv", args=[obj.country.iso2])
    raise AssertionError(surface)


# --- services -----------------------------------------------------------------------------


def test_editor_records_an_exemption_request_with_an_audit_row(world: Any, alice: Any) -> None:
    created = embargo.create_exemption(
        world["ht_measure"],
        acting_user=alice,
        purpose="Radios for the trained unit",
        items=ITEMS,
        supplier="Supplier State",
        end_user="HNP",
    )
    assert created.country == world["ht_measure"].country
    assert created.created_by == alice
    assert created.total_quantity == 40
    event = AuditEvent.objects.get(object_type="sanctions.exemptionrequest", object_id=created.pk)
    assert (event.action, event.country_iso2) == ("create", "HT")


def test_viewer_and_reviewer_cannot_record_requests(world: Any, victor: Any, rachel: Any) -> None:
    for user in (victor, rachel):
        with pytest.raises(Denied):
            embargo.create_exemption(
                world["ht_measure"],
                acting_user=user,
                purpose="x",
                items=ITEMS,
                supplier="s",
                end_user="e",
            )
    assert not ExemptionRequest.objects.filter(purpose="x").exists()


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([], "items"),
        ([{"description": "", "quantity": 1}], "items[0].description"),
        ([{"description": "Helmets", "quantity": 0}], "items[0].quantity"),
        ([ITEMS[0], {"description": "Vests", "quantity": "12"}], "items[1].quantity"),
    ],
)
def test_malformed_items_are_refused_naming_the_item(
    world: Any, alice: Any, items: list[Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as info:
        embargo.create_exemption(
            world["ht_measure"],
            acting_user=alice,
            purpose="p",
            items=items,
            supplier="s",
            end_user="e",
        )
    assert info.value.errors[0].field == field


def test_decision_rules(world: Any, alice: Any) -> None:
    request = world["ht_exemption"]
    with pytest.raises(ValidationFailed) as info:
        embargo.update_exemption(request, acting_user=alice, status=ExemptionStatus.DECIDED)
    assert info.value.errors[0].field == "decision"
    request.refresh_from_db()
    with pytest.raises(ValidationFailed) as info:
        embargo.update_exemption(
            request,
            acting_user=alice,
            status=ExemptionStatus.DECIDED,
            decision=ExemptionDecision.NO_OBJECTION,
            decided_on=date(2026, 1, 1),
        )
    assert info.value.errors[0].field == "decided_on"
    request.refresh_from_db()
    decided = embargo.update_exemption(
        request,
        acting_user=alice,
        status=ExemptionStatus.DECIDED,
        decision=ExemptionDecision.NO_OBJECTION,
        decided_on=date(2026, 3, 25),
    )
    assert decided.decision == ExemptionDecision.NO_OBJECTION


def test_measure_benchmarks_must_be_of_the_same_country(alice: Any) -> None:
    with pytest.raises(ValidationFailed) as info:
        embargo.create_measure(
            acting_user=alice,
            country=country("HT"),
            title="t",
            resolutions="r",
            scope="s",
            benchmark_framework=FrameworkFactory(country=country("CF")),
        )
    assert info.value.errors[0].field == "benchmark_framework"
    framework = FrameworkFactory(country=country("HT"))
    measure = embargo.create_measure(
        acting_user=alice,
        country=country("HT"),
        title="t",
        resolutions="r",
        scope="s",
        benchmark_framework=framework,
    )
    assert measure.benchmark_framework == framework


def test_items_are_typed_one_per_line() -> None:
    assert items_from_text("40 × VHF radios\n\n12 x helmets\n3 vests") == [
        {"quantity": 40, "description": "VHF radios"},
        {"quantity": 12, "description": "helmets"},
        {"quantity": 3, "description": "vests"},
    ]
    with pytest.raises(ValidationFailed, match="Line 2"):
        items_from_text("4 radios\nhelmets")


# --- the permission matrix ----------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("surface", ["page", "api", "csv"])
@pytest.mark.parametrize(
    ("target", "readers"), [("ht_exemption", HT_MEMBERS), ("cf_exemption", CF_MEMBERS)]
)
def test_reading_exemption_requests(
    world: dict[str, Any],
    personas: dict[str, Any],
    persona: str,
    surface: str,
    target: str,
    readers: set[str],
) -> None:
    response = _client(personas, persona).get(_url(surface, world[target]))
    assert response.status_code == (200 if persona in readers else 404)
    if surface == "csv" and response.status_code == 200:
        assert world[target].reference in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("target", ["ht_measure", "cf_measure"])
def test_measures_are_public(
    world: dict[str, Any], personas: dict[str, Any], persona: str, target: str
) -> None:
    client = _client(personas, persona)
    assert client.get(world[target].get_absolute_url()).status_code == 200
    assert client.get(f"/api/v1/sanctions/measures/{world[target].pk}").status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_country_page_lists_requests_only_to_members(
    world: dict[str, Any], personas: dict[str, Any], persona: str
) -> None:
    response = _client(personas, persona).get(reverse("sanctions:country", args=["HT"]))
    assert response.status_code == 200
    assert (world["ht_exemption"].reference in response.content.decode()) == (persona in HT_MEMBERS)


EDIT_EXPECTED = {
    "alice": 200,
    "ada": 200,
    "root": 200,
    "rachel": 403,
    "victor": 403,
    "bob": 404,
    "public": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_editing_a_request_page(
    world: dict[str, Any], personas: dict[str, Any], persona: str
) -> None:
    url = reverse("sanctions:exemption_edit", args=[world["ht_exemption"].pk])
    assert _client(personas, persona).get(url).status_code == EDIT_EXPECTED[persona]


CREATE_API_EXPECTED = {
    "alice": 201,
    "ada": 201,
    "root": 201,
    "rachel": 403,
    "victor": 403,
    "bob": 403,
    "public": 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_recording_a_request_through_the_api(
    world: dict[str, Any], personas: dict[str, Any], persona: str
) -> None:
    body = {
        "measure_id": world["ht_measure"].pk,
        "purpose": "Radios",
        "items": ITEMS,
        "supplier": "Supplier State",
        "end_user": "HNP",
    }
    response = _client(personas, persona).post(
        "/api/v1/sanctions/exemptions", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == CREATE_API_EXPECTED[persona]


def test_api_list_shows_only_the_countries_of_the_user(
    world: dict[str, Any], personas: dict[str, Any]
) -> None:
    body = _client(personas, "bob").get("/api/v1/sanctions/exemptions").json()
    assert [item["id"] for item in body["items"]] == [world["cf_exemption"].pk]
    assert _client(personas, "public").get("/api/v1/sanctions/exemptions").json()["count"] == 0


def test_api_patch_validation_answers_422(world: dict[str, Any], personas: dict[str, Any]) -> None:
    url = f"/api/v1/sanctions/exemptions/{world['ht_exemption'].pk}"
    client = _client(personas, "alice")
    response = client.patch(url, json.dumps({"status": "decided"}), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "decision"
    ok = client.patch(url, json.dumps({"reference": "HT-EX-1"}), content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["reference"] == "HT-EX-1"


def test_form_creates_a_request_and_shows_errors(
    world: dict[str, Any], personas: dict[str, Any]
) -> None:
    client = _client(personas, "alice")
    url = reverse("sanctions:exemption_create", args=[world["ht_measure"].pk])
    data = {
        "purpose": "Radios for the unit",
        "supplier": "Supplier State",
        "end_user": "HNP",
        "procedure": "notification",
        "status": "draft",
        "items": "40 × radios\nhelmets",
    }
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "Line 2" in refused.content.decode()
    created = client.post(url, data | {"items": "40 × radios\n10 × helmets"})
    assert created.status_code == 302
    assert ExemptionRequest.objects.get(purpose="Radios for the unit").total_quantity == 50


def test_csv_cells_cannot_run_as_formulas(world: dict[str, Any], personas: dict[str, Any]) -> None:
    ExemptionRequestFactory(measure=world["ht_measure"], supplier="=HYPERLINK(1)")
    body = _client(personas, "alice").get(_url("csv", world["ht_exemption"])).content.decode()
    assert "'=HYPERLINK(1)" in body
