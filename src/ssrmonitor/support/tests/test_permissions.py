"""Permission matrix of every support page, API route and download (exact status codes)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from ssrmonitor.core.models import Job, JobState
from ssrmonitor.support.models import Activity
from ssrmonitor.support.services.imports import import_iati_file
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_support import national_activity, partner

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "rachel", "victor", "ada", "bob", "root", "public"]
HT_MEMBERS = {
    "alice": 200,
    "rachel": 200,
    "victor": 200,
    "ada": 200,
    "bob": 404,
    "root": 200,
    "public": 404,
}
CF_MEMBERS = {
    "alice": 404,
    "rachel": 404,
    "victor": 404,
    "ada": 404,
    "bob": 200,
    "root": 200,
    "public": 404,
}
EVERYBODY = dict.fromkeys(PERSONAS, 200)


@pytest.fixture
def world(fixtures: Path, countries: None) -> dict[str, Activity]:
    import_iati_file(fixtures / "doj-haiti.xml", acting_user=SYSTEM)
    org = partner("XM-NAT", "National donor")
    return {
        "iati_ht": Activity.objects.get(iati_identifier="US-GOV-15-5010-FWR6002R"),
        "national_ht": national_activity(country("HT"), org, "HT1"),
        "national_cf": national_activity(country("CF"), org, "CF1"),
    }


SURFACES: list[tuple[str, str, dict[str, int]]] = [
    ("country page", "/support/c/HT/", EVERYBODY),
    ("IATI activity page", "activity:iati_ht", EVERYBODY),
    ("national activity page", "activity:national_ht", HT_MEMBERS),
    ("other country's national activity", "activity:national_cf", CF_MEMBERS),
    ("coordination page", "/support/c/HT/coordination/?period=2024", HT_MEMBERS),
    ("coordination CSV", "/support/c/HT/coordination.csv?table=coverage", HT_MEMBERS),
    ("coordination XLSX", "/support/c/HT/coordination.xlsx", HT_MEMBERS),
    ("strategy page", "/support/c/HT/strategy/", HT_MEMBERS),
    ("IATI export", "/support/c/HT/iati.xml", HT_MEMBERS),
    (
        "upload page",
        "/support/import/",
        {
            "alice": 200,
            "rachel": 404,
            "victor": 404,
            "ada": 200,
            "bob": 200,
            "root": 200,
            "public": 404,
        },
    ),
    ("API activity list", "/api/v1/support/activities?country=HT", EVERYBODY),
    ("API IATI activity", "api:iati_ht", EVERYBODY),
    ("API national activity", "api:national_ht", HT_MEMBERS),
    ("API other country's activity", "api:national_cf", CF_MEMBERS),
    ("API coordination", "/api/v1/support/countries/HT/coordination?period=2024", HT_MEMBERS),
    ("API IATI export", "/api/v1/support/countries/HT/iati.xml", HT_MEMBERS),
]


def _url(target: str, world: dict[str, Activity]) -> str:
    if target.startswith("activity:"):
        return reverse("support:activity", args=[world[target.split(":")[1]].pk])
    if target.startswith("api:"):
        return f"/api/v1/support/activities/{world[target.split(':')[1]].pk}"
    return target


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("surface", "target", "expected"), SURFACES, ids=[s[0] for s in SURFACES])
def test_permission_matrix(
    client_of: Any,
    world: dict[str, Activity],
    persona: str,
    surface: str,
    target: str,
    expected: dict[str, int],
) -> None:
    response = client_of(persona).get(_url(target, world))
    assert response.status_code == expected[persona], surface


STRATEGY_POST = {
    "alice": 302,
    "rachel": 403,
    "victor": 403,
    "ada": 302,
    "bob": 404,
    "root": 302,
    "public": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_strategy_editing_matrix(client_of: Any, world: dict[str, Activity], persona: str) -> None:
    data = {"level": "pillar", "code": f"P-{persona}", "title": "Police reform"}
    response = client_of(persona).post("/support/c/HT/strategy/", data)
    assert response.status_code == STRATEGY_POST[persona]


ALIGN_POST = {
    "alice": 302,
    "rachel": 403,
    "victor": 403,
    "ada": 302,
    "bob": 404,
    "root": 302,
    "public": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_alignment_matrix(client_of: Any, world: dict[str, Activity], persona: str) -> None:
    url = reverse("support:align", args=[world["national_ht"].pk, "HT"])
    response = client_of(persona).post(url, {"component_police": "100"})
    assert response.status_code == ALIGN_POST[persona]


def test_unbalanced_shares_answer_422_with_the_reason(
    client_of: Any, world: dict[str, Activity]
) -> None:
    url = reverse("support:align", args=[world["national_ht"].pk, "HT"])
    response = client_of("alice").post(url, {"component_police": "60"})
    assert response.status_code == 422
    assert "60" in response.content.decode()


def test_upload_page_imports_and_shows_the_summary(
    client_of: Any, fixtures: Path, countries: None
) -> None:
    client = client_of("alice")
    with (fixtures / "doj-haiti.xml").open("rb") as handle:
        response = client.post(
            "/support/import/", {"file": handle, "country": country("HT").pk}, follow=True
        )
    assert response.status_code == 200
    job = Job.objects.get()
    assert response.redirect_chain == [(f"/jobs/{job.pk}/", 303)]
    assert job.state == JobState.SUCCEEDED and job.kind == "support.import_iati"
    assert ["Created", "1"] in job.result_facts
    page = response.content.decode()
    assert "Import of doj-haiti.xml for Haiti" in page and "Created" in page
    assert "doj-haiti.xml" in client.get("/support/import/").content.decode()
    assert not any((Path(settings.MEDIA_ROOT) / "job-inputs").iterdir())  # the upload is gone


def test_upload_of_a_refused_file_fails_its_job_and_keeps_nothing(
    client_of: Any, fixtures: Path, countries: None
) -> None:
    client = client_of("alice")
    with (fixtures / "eu-afghanistan_OIPA-V2.xml").open("rb") as handle:
        response = client.post(
            "/support/import/", {"file": handle, "country": country("HT").pk}, follow=True
        )
    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert "not supported" in job.error and "not supported" in response.content.decode()
    assert Activity.objects.count() == 0


def test_bob_cannot_upload_for_haiti(client_of: Any, fixtures: Path, countries: None) -> None:
    with (fixtures / "doj-haiti.xml").open("rb") as handle:
        response = client_of("bob").post(
            "/support/import/", {"file": handle, "country": country("HT").pk}
        )
    assert response.status_code == 422  # Haiti is not among bob's choices
    assert Activity.objects.count() == 0


def test_api_export_is_valid_iati(client_of: Any, world: dict[str, Activity]) -> None:
    from lxml import etree

    from ssrmonitor.support.iati.export import validation_errors

    response = client_of("victor").get("/api/v1/support/countries/HT/iati.xml")
    document = etree.ElementTree(etree.fromstring(response.content))
    assert validation_errors(document) == []
    assert document.getroot().findtext("iati-activity/iati-identifier") == "XM-NAT-HT1"


RECORD_POST = {
    "alice": 201,
    "rachel": 403,
    "victor": 403,
    "ada": 201,
    "bob": 404,
    "root": 201,
    "public": 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_recording_a_national_activity_through_the_api(
    client_of: Any, world: dict[str, Activity], persona: str
) -> None:
    payload = {
        "identifier": f"XM-NAT-API-{persona}",
        "reporting_org": "XM-NAT",
        "title": "Community policing",
        "description": "Training of officers.",
        "start": "2024-01-15",
        "sectors": {"15210": "100"},
        "gender_significance": "1",
        "money": [
            {"transaction_type": "2", "date": "2024-01-15", "value": "250000", "currency": "eur"}
        ],
    }
    response = client_of(persona).post(
        "/api/v1/support/countries/HT/activities", payload, content_type="application/json"
    )
    assert response.status_code == RECORD_POST[persona]
    if response.status_code == 201:
        assert response.json()["transactions"][0]["currency"] == "EUR"


def test_recording_refuses_bad_input_with_422(client_of: Any, world: dict[str, Activity]) -> None:
    payload = {
        "identifier": "OTHER-1",
        "reporting_org": "XM-NAT",
        "title": "",
        "description": "x",
        "start": "2024-01-15",
        "sectors": {"15210": "60"},
    }
    response = client_of("alice").post(
        "/api/v1/support/countries/HT/activities", payload, content_type="application/json"
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["detail"]}
    assert fields == {"identifier", "title", "sectors"}


CREATE_PAGE = {
    "alice": 200,
    "rachel": 403,
    "victor": 403,
    "ada": 200,
    "bob": 404,
    "root": 200,
    "public": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_national_entry_page_matrix(
    client_of: Any, world: dict[str, Activity], persona: str
) -> None:
    response = client_of(persona).get("/support/c/HT/activities/new/")
    assert response.status_code == CREATE_PAGE[persona]


def test_national_entry_page_records_an_exportable_activity(
    client_of: Any, world: dict[str, Activity]
) -> None:
    org = partner("XM-NAT")
    data = {
        "identifier": "XM-NAT-WEB-1",
        "reporting_org": org.pk,
        "title": "Appui à la police de proximité",
        "description": "Formation de 300 agents.",
        "language": "fr",
        "status": "2",
        "start": "2024-02-01",
        "sector": "15210",
        "gender_significance": "1",
        "commitment": "120000",
        "currency": "eur",
    }
    client = client_of("alice")
    response = client.post("/support/c/HT/activities/new/", data)
    assert response.status_code == 302
    activity = Activity.objects.get(iati_identifier="XM-NAT-WEB-1")
    assert activity.transactions.get().currency == "EUR"
    export = client.get("/support/c/HT/iati.xml")
    assert b"XM-NAT-WEB-1" in export.content
    bad = client.post("/support/c/HT/activities/new/", {**data, "identifier": "OTHER-2"})
    assert bad.status_code == 422
    assert "reporting organisation identifier" in bad.content.decode()


def test_rates_upload_loads_rates_or_names_errors(
    client_of: Any, world: dict[str, Activity]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ssrmonitor.support.models import ExchangeRate

    client = client_of("alice")
    good = SimpleUploadedFile("rates.csv", b"currency,period,rate_to_usd\nEUR,2024,1.08\n")
    assert client.post("/support/import/", {"rates": good}).status_code == 200
    assert ExchangeRate.objects.get(currency="EUR").rate_to_usd == Decimal("1.08")
    bad = SimpleUploadedFile("rates.csv", b"currency,period,rate_to_usd\nEUR,20x4,1\n")
    response = client.post("/support/import/", {"rates": bad})
    assert response.status_code == 422
    assert "line 2: period" in response.content.decode()
