"""Age-assessment pages and API: who sees what, the computed rule shown, reads audited."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.factories import country
from ssrmonitor.vetting.models import AgeAssessment, AgeOutcome
from ssrmonitor.vetting.services import age as services

NAME = "Fritzner Beaubrun"
API = "/api/v1/vetting"


def client_of(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assessment(user: Any, birth: str | None = "2008-06-16") -> AgeAssessment:
    found = services.start_assessment(
        acting_user=user,
        country=country("HT"),
        enlistment_date=date(2026, 6, 15),
        candidate_names=[NAME],
    )
    if birth:
        services.add_evidence(found, acting_user=user, kind="birth_certificate", birth_date=birth)
    return found


@pytest.mark.parametrize(
    ("persona", "status"),
    [("vera", 200), ("chloe", 200), ("reuben", 404), ("ada", 404), ("victor", 404),
     ("fabrice", 404), ("root", 404)],
)  # fmt: skip
def test_detail_visible_to_age_assessors_only(
    persona: str, status: int, vetting_personas: dict[str, Any], vera: Any
) -> None:
    found = assessment(vera)
    response = client_of(vetting_personas[persona]).get(f"/vetting/age/{found.pk}/")
    assert response.status_code == status
    if status == 200:
        assert NAME in response.content.decode()


def test_public_is_sent_to_sign_in(vera: Any) -> None:
    found = assessment(vera)
    response = client_of(None).get(f"/vetting/age/{found.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_detail_shows_the_computed_rule_and_reading_is_audited(vera: Any) -> None:
    found = assessment(vera)
    page = client_of(vera).get(f"/vetting/age/{found.pk}/").content.decode()
    assert "even the highest plausible age on the enlistment date is under 18" in page
    assert "Record this decision" in page
    read = AuditEvent.objects.filter(action="read", object_id=str(found.pk)).get()
    assert read.object_type == "vetting.ageassessment"
    assert NAME not in str(read.after) and NAME not in read.object_repr


def test_list_is_pseudonymous(vera: Any) -> None:
    found = assessment(vera)
    page = client_of(vera).get("/vetting/age/").content.decode()
    assert f"/vetting/age/{found.pk}/" in page
    assert NAME not in page
    assert "/vetting/age/HT/new/" in page


def test_start_evidence_decide_through_the_pages(vera: Any) -> None:
    client = client_of(vera)
    response = client.post(
        "/vetting/age/HT/new/",
        {"candidate_names": f"{NAME}\nF. Beaubrun", "enlistment_date": "2026-06-15"},
    )
    assert response.status_code == 302
    found = AgeAssessment.objects.get()
    assert found.candidate_names == [NAME, "F. Beaubrun"]
    # an age ± margin (medical estimate)
    response = client.post(
        f"/vetting/age/{found.pk}/evidence/",
        {"kind": "medical_estimate", "age": "22", "margin": "2", "age_on": "2026-06-01"},
    )
    assert response.status_code == 302
    # both a date and an age: refused
    response = client.post(
        f"/vetting/age/{found.pk}/evidence/",
        {"kind": "school_record", "birth_date": "2003", "age": "22"},
    )
    assert response.status_code == 422
    assert found.evidence.count() == 1
    response = client.post(f"/vetting/age/{found.pk}/decide/", {"note": ""})
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.outcome == AgeOutcome.ELIGIBLE


def test_start_refused_for_viewer(victor: Any) -> None:
    assert client_of(victor).get("/vetting/age/HT/new/").status_code == 403


def test_resolution_form_for_child_protection_only(vera: Any, chloe: Any) -> None:
    found = assessment(vera, birth="2008")
    services.decide(found, acting_user=vera)
    assert (
        "Resolve the referral"
        not in client_of(vera).get(f"/vetting/age/{found.pk}/").content.decode()
    )
    page = client_of(chloe).get(f"/vetting/age/{found.pk}/").content.decode()
    assert "Resolve the referral" in page
    assert client_of(vera).post(f"/vetting/age/{found.pk}/resolve/", {}).status_code == 403
    response = client_of(chloe).post(
        f"/vetting/age/{found.pk}/resolve/", {"resolution": "eligible", "note": "Looks older."}
    )
    assert response.status_code == 422  # year only, born 2008: no document shows 18
    response = client_of(chloe).post(
        f"/vetting/age/{found.pk}/resolve/", {"resolution": "child", "note": "Treated as 17."}
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.outcome == AgeOutcome.UNDER_AGE


# --- API ------------------------------------------------------------------------------------


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_api_create_evidence_decide(vera: Any) -> None:
    client = client_of(vera)
    created = post(
        client,
        f"{API}/age-assessments",
        {"country": "HT", "enlistment_date": "2026-06-15", "candidate_names": [NAME]},
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    added = post(
        client,
        f"{API}/age-assessments/{pk}/evidence",
        {"kind": "national_id", "birth_date": "2008"},
    )
    assert added.status_code == 201
    body = added.json()
    assert body["computed"]["rule"] == "uncertain_either_side_of_18"
    assert body["computed"]["lowest_age"] == 17
    decided = post(client, f"{API}/age-assessments/{pk}/decide", {"note": ""})
    assert decided.json()["outcome"] == "referred"
    got = client.get(f"{API}/age-assessments/{pk}")
    assert got.status_code == 200
    assert got.json()["candidate_names"] == [NAME]


def test_api_refuses_others(vera: Any, reuben: Any, fabrice: Any) -> None:
    found = assessment(vera)
    assert client_of(reuben).get(f"{API}/age-assessments/{found.pk}").status_code == 404
    assert client_of(fabrice).get(f"{API}/age-assessments/{found.pk}").status_code == 404
    response = post(
        client_of(reuben),
        f"{API}/age-assessments",
        {"country": "HT", "enlistment_date": "2026-06-15", "candidate_names": [NAME]},
    )
    assert response.status_code == 403
    assert client_of(None).get(f"{API}/age-assessments/{found.pk}").status_code == 401


def test_api_validation_shape(vera: Any) -> None:
    found = assessment(vera, birth=None)
    response = post(
        client_of(vera),
        f"{API}/age-assessments/{found.pk}/evidence",
        {"kind": "interview", "birth_date": "", "age": 10, "margin": 12},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "margin"
