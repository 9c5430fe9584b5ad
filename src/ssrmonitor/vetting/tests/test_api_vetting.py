"""The vetting API: registration with online screening, screening without saving, records,
runs, and the case workflow one POST per step (four eyes included)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.factories import country, member
from ssrmonitor.testing.factories_vetting import (
    CaseFactory,
    PersonFactory,
    ViolationRecordFactory,
    birth_interval,
)
from ssrmonitor.vetting.models import Case, CaseStatus, Person, ScreeningRun, ViolationRecord
from ssrmonitor.vetting.services import screening

pytestmark = pytest.mark.django_db

API = "/api/v1/vetting/HT"
NAME = "Wilfrid Canarybird Saint-Hilaire"


@pytest.fixture(autouse=True)
def _fresh_screeners() -> None:
    screening.forget_screeners()


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _record() -> ViolationRecord:
    made: ViolationRecord = ViolationRecordFactory(
        names=[NAME], birth_dates=[birth_interval("1980-05-02")]
    )
    return made


def test_registering_a_person_screens_them_and_answers_the_cases(vera: Any) -> None:
    record = _record()
    body = {
        "reference": "HNP-1",
        "names": [NAME, "Ti Wil"],
        "date_of_birth": "1980-05-02",
        "birth_date_evidence": "identity card",
        "sex": "M",
        "unit": "CIMO",
    }
    response = _post(_as(vera), f"{API}/persons", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["person"]["names"] == [NAME, "Ti Wil"]
    assert data["person"]["date_of_birth"] == "1980-05-02"
    assert data["person"]["birth_date_evidence"] == "identity card"
    [case] = data["cases"]
    assert case["record_id"] == record.pk
    assert case["band"] == "probable"
    assert case["status"] == "open"
    assert ScreeningRun.objects.get().kind == ScreeningRun.Kind.ONLINE


def test_register_refuses_a_bad_date_with_the_field(vera: Any) -> None:
    response = _post(_as(vera), f"{API}/persons", {"reference": "P", "names": [NAME],
                                                   "date_of_birth": "1980-13"})  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "date_of_birth"
    assert not Person.objects.exists()


def test_screen_answers_hits_with_explanation_and_saves_nothing(vera: Any) -> None:
    record = _record()
    body = {"names": ["Wilfrid Saint Hilaire Canarybird"], "date_of_birth": "1980"}
    response = _post(_as(vera), f"{API}/screen", body)
    assert response.status_code == 200
    [hit] = response.json()
    assert hit["record_id"] == record.pk
    assert hit["band"] in {"probable", "possible"}
    assert hit["score"] > 0
    assert "names" in hit["explanation"]
    assert {item["field"] for item in hit["evidence"]} >= {"names"}
    assert not Person.objects.exists()
    assert not Case.objects.exists()
    assert AuditEvent.objects.filter(action="screen").count() == 1


def test_person_list_and_get(vera: Any) -> None:
    person = PersonFactory(names=[NAME], reference="HNP-77")
    PersonFactory()
    client = _as(vera)
    data = client.get(f"{API}/persons").json()
    assert data["count"] == 2
    found = client.get(f"{API}/persons", {"reference": "HNP-77"}).json()
    assert [row["id"] for row in found["items"]] == [person.pk]
    assert found["items"][0]["full_name"] == NAME
    detail = client.get(f"{API}/persons/{person.pk}").json()
    assert detail["reference"] == "HNP-77"
    assert AuditEvent.objects.filter(
        action="read", object_type="vetting.person", object_id=str(person.pk)
    ).exists()


def test_person_of_another_country_is_404_even_under_its_own_code(vera: Any) -> None:
    other = PersonFactory(country=country("CF"))
    assert _as(vera).get(f"{API}/persons/{other.pk}").status_code == 404
    assert _as(vera).get(f"/api/v1/vetting/CF/persons/{other.pk}").status_code == 404


def test_records_create_list_get(vera: Any) -> None:
    client = _as(vera)
    body = {
        "reference": "HRS-1",
        "names": [NAME],
        "dates_of_birth": ["1980", "1981-03-02"],
        "category": "children_recruitment",
        "source": "CTFMR",
    }
    response = _post(client, f"{API}/records", body)
    assert response.status_code == 201, response.content
    record_id = response.json()["id"]
    assert response.json()["dates_of_birth"] == ["1980", "1981-03-02"]
    rows = client.get(f"{API}/records").json()["items"]
    assert [row["id"] for row in rows] == [record_id]
    assert client.get(f"{API}/records/{record_id}").json()["category"] == "children_recruitment"
    bad = _post(client, f"{API}/records", {**body, "reference": "HRS-2", "category": "looting"})
    assert bad.status_code == 422


def test_screen_registry_route_creates_a_run(vera: Any, reuben: Any) -> None:
    _record()
    PersonFactory(names=[NAME], birth_date=birth_interval("1980-05-02"))
    response = _post(_as(vera), f"{API}/runs")
    assert response.status_code == 201
    assert response.json()["probable_hits"] == 1
    assert _post(_as(reuben), f"{API}/runs").status_code == 403
    runs = _as(reuben).get(f"{API}/runs").json()
    assert runs["count"] == 1


def test_case_list_filters(vera: Any) -> None:
    late = CaseFactory(notified=True, due_on=timezone.localdate() - timedelta(days=1))
    CaseFactory(band="possible")
    client = _as(vera)
    assert client.get(f"{API}/cases").json()["count"] == 2
    overdue = client.get(f"{API}/cases", {"overdue": "true"}).json()
    assert [row["id"] for row in overdue["items"]] == [late.pk]
    assert overdue["items"][0]["overdue"] is True
    assert client.get(f"{API}/cases", {"band": "possible"}).json()["count"] == 1
    assert client.get(f"{API}/cases", {"status": "notified"}).json()["count"] == 1


def test_the_workflow_through_the_api_with_four_eyes(vera: Any, reuben: Any, rita: Any) -> None:
    rosa = member("rosa", "HT", "vetting_reviewer")
    case = CaseFactory()
    url = f"{API}/cases/{case.pk}"
    today = timezone.localdate().isoformat()
    officer, first, second, third = _as(vera), _as(reuben), _as(rita), _as(rosa)
    detail = first.get(url).json()
    assert detail["next_steps"] == ["confirm_identity"]
    assert detail["explanation"][0]["field"] == "names"
    assert _post(officer, f"{url}/identity", {"confirmed": True, "reasons": "r"}).status_code == 403
    steps = [
        (first, "identity", {"confirmed": True, "reasons": "Same unit"}),
        (officer, "notification", {"notified_on": today, "means": "letter"}),
        (officer, "response", {"received_on": today, "response": "Not me"}),
        (first, "proposal", {"outcome": "excluded", "reasons": "Substantiated"}),
    ]
    for client, step, body in steps:
        response = _post(client, f"{url}/{step}", body)
        assert response.status_code == 200, (step, response.content)
    own = _post(first, f"{url}/confirmation", {"reasons": ""})
    assert own.status_code == 403
    assert "second reviewer" in own.json()["detail"][0]["reason"]
    assert _post(second, f"{url}/confirmation", {}).json()["status"] == "decided"
    assert _post(officer, f"{url}/final").status_code == 403  # appeal window still open
    assert _post(officer, f"{url}/appeal", {"lodged_on": today, "grounds": "g"}).status_code == 200
    final = _post(third, f"{url}/appeal-decision", {"outcome": "cleared", "reasons": "New proof"})
    assert final.status_code == 200
    assert final.json()["status"] == "final"
    assert final.json()["final_outcome"] == "cleared"
    assert [s["kind"] for s in final.json()["steps"]] == [
        "identity_confirmed", "notified", "response", "decision_proposed",
        "decision_confirmed", "appeal_lodged", "appeal_decided",
    ]  # fmt: skip
    case.refresh_from_db()
    assert case.status == CaseStatus.FINAL


def test_bad_step_input_is_422(reuben: Any) -> None:
    case = CaseFactory()
    response = _post(_as(reuben), f"{API}/cases/{case.pk}/identity", {"confirmed": True})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "reasons"
