"""The vetting permission matrix: persona × page and API route of the registries and cases.

Personal data (the registries, runs and cases) goes only to the vetting officer and reviewers of
the country (vera, reuben, rita) — never to ada (administrator), victor (viewer), chloe (child
protection), root (superuser), fabrice (vetting officer of another country) nor the public. A
country where the persona holds no role answers 404; one where it sees only statistics answers
403 with the reason; the public is sent to sign in (pages) or gets 401 (API). Reads are audited.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.factories_vetting import (
    CaseFactory,
    ScreeningRunFactory,
    WatchlistFactory,
)
from ssrmonitor.vetting.services import screening

pytestmark = pytest.mark.django_db

PERSONAS = ["vera", "reuben", "rita", "chloe", "ada", "victor", "root", "fabrice", "public"]
PERSONAL = {"vera", "reuben", "rita"}
OFFICERS = {"vera"}
REVIEWERS = {"reuben", "rita"}
STATISTICS = PERSONAL | {"chloe", "ada", "victor", "root"}  # every role of Haiti, and root
NAME = "Wilfrid Canarybird Saint-Hilaire"


@pytest.fixture(autouse=True)
def _fresh_screeners() -> None:
    screening.forget_screeners()


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    """One Haitian case (person and record named NAME), a run and a watchlist."""
    case = CaseFactory(person__names=[NAME], record__names=[NAME])
    return {
        "case": case,
        "person": case.person,
        "record": case.record,
        "run": ScreeningRunFactory(),
        "watchlist": WatchlistFactory(),
    }


def _client(personas: dict[str, Any], name: str) -> Client:
    client = Client()
    if personas[name] is not None:
        client.force_login(personas[name])
    return client


def _expected_page(persona: str, allowed: set[str]) -> int:
    if persona == "public":
        return 302
    if persona not in STATISTICS:
        return 404
    return 200 if persona in allowed else 403


def _expected_api(persona: str, allowed: set[str], ok: int = 200) -> int:
    if persona == "public":
        return 401
    if persona not in STATISTICS:
        return 404
    return ok if persona in allowed else 403


# page name → (args from the world, who gets 200); everyone else as _expected_page says
PAGES: dict[str, tuple[tuple[str, ...], set[str]]] = {
    "home": ((), STATISTICS),
    "persons": ((), PERSONAL),
    "person": (("person",), PERSONAL),
    "person_create": ((), OFFICERS),
    "person_edit": (("person",), OFFICERS),
    "roster_import": ((), OFFICERS),
    "records": ((), PERSONAL),
    "record": (("record",), PERSONAL),
    "record_create": ((), OFFICERS),
    "record_edit": (("record",), OFFICERS),
    "watchlists": ((), PERSONAL),
    "runs": ((), PERSONAL),
    "run": (("run",), PERSONAL),
    "cases": ((), PERSONAL),
    "case": (("case",), PERSONAL),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_pages(
    world: dict[str, Any], vetting_personas: dict[str, Any], persona: str, page: str
) -> None:
    names, allowed = PAGES[page]
    url = reverse(f"vetting:{page}", args=["HT", *(world[n].pk for n in names)])
    response = _client(vetting_personas, persona).get(url)
    assert response.status_code == _expected_page(persona, allowed)
    if persona not in PERSONAL:
        assert NAME not in response.content.decode()


API_READS: dict[str, tuple[str, ...]] = {
    "persons": (),
    "persons/{}": ("person",),
    "records": (),
    "records/{}": ("record",),
    "runs": (),
    "cases": (),
    "cases/{}": ("case",),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", sorted(API_READS))
def test_api_reads(
    world: dict[str, Any], vetting_personas: dict[str, Any], persona: str, route: str
) -> None:
    path = route.format(*(world[n].pk for n in API_READS[route]))
    response = _client(vetting_personas, persona).get(f"/api/v1/vetting/HT/{path}")
    assert response.status_code == _expected_api(persona, PERSONAL)
    if persona not in PERSONAL:
        assert NAME not in response.content.decode()


def _writes(world: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any], set[str], int]]:
    case = world["case"].pk
    return {
        "register": ("persons", {"reference": "X1", "names": ["Jean Test"]}, OFFICERS, 201),
        "screen": ("screen", {"names": [NAME]}, OFFICERS, 200),
        "record": (
            "records",
            {"reference": "R9", "names": ["A B"], "category": "corruption"},
            OFFICERS,
            201,
        ),
        "run": ("runs", {}, OFFICERS, 201),
        "identity": (
            f"cases/{case}/identity",
            {"confirmed": True, "reasons": "r"},
            REVIEWERS,
            200,
        ),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("write", ["register", "screen", "record", "run", "identity"])
def test_api_writes(
    world: dict[str, Any], vetting_personas: dict[str, Any], persona: str, write: str
) -> None:
    path, body, allowed, ok = _writes(world)[write]
    response = _client(vetting_personas, persona).post(
        f"/api/v1/vetting/HT/{path}", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == _expected_api(persona, allowed, ok)
    if persona not in PERSONAL:
        assert NAME not in response.content.decode()


# page step → who may take it on a case in the right status
STEPS = {
    "confirm_identity": ({"confirmed": "yes", "reasons": "r"}, {}, REVIEWERS),
    "record_notification": (
        {"notified_on": "2026-01-05", "means": "letter"},
        {"identity_confirmed": True},
        OFFICERS,
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("step", sorted(STEPS))
def test_case_step_pages(vetting_personas: dict[str, Any], persona: str, step: str) -> None:
    data, traits, allowed = STEPS[step]
    case = CaseFactory(**traits)
    if step == "record_notification":
        data = {**data, "notified_on": timezone.localdate().isoformat()}
    url = reverse("vetting:case_step", args=["HT", case.pk, step])
    response = _client(vetting_personas, persona).post(url, data)
    expected = _expected_page(persona, allowed)
    assert response.status_code == (302 if expected == 200 else expected)


@pytest.mark.parametrize("persona", ["vera", "reuben", "rita"])
def test_opening_a_persons_page_writes_a_read_event(
    world: dict[str, Any], vetting_personas: dict[str, Any], persona: str
) -> None:
    person = world["person"]
    before = AuditEvent.objects.filter(action="read", object_type="vetting.person").count()
    response = _client(vetting_personas, persona).get(
        reverse("vetting:person", args=["HT", person.pk])
    )
    assert response.status_code == 200
    events = AuditEvent.objects.filter(action="read", object_type="vetting.person")
    assert events.count() == before + 1
    event = events.order_by("-id").first()
    assert event is not None
    assert (event.object_id, event.actor_name) == (str(person.pk), persona)
    assert NAME not in json.dumps([event.object_repr, event.before, event.after])


def test_personal_data_never_reaches_a_page_of_another_role_in_any_language(
    world: dict[str, Any], ada: Any
) -> None:
    client = Client()
    client.force_login(ada)
    home = client.get(reverse("vetting:home", args=["HT"]))
    assert home.status_code == 200
    assert NAME not in home.content.decode()
    assert reverse("vetting:persons", args=["HT"]) not in home.content.decode()
