"""Permission matrix of the sector pages, API routes and exports.

Personas (``ssrmonitor.testing.fixtures``): alice HT editor, rachel HT reviewer, victor HT
viewer, ada HT administrator, bob CF editor, root superuser, public anonymous. Haiti has a
public police (with small cells in its personnel return) and an internal intelligence
service; the Central African Republic has an internal service too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ssrmonitor.sector import services
from ssrmonitor.sector.models import Institution
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories_sector import make_institution, make_return

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "rachel", "victor", "ada", "bob", "root", "public"]
HT_MEMBERS = {"alice", "rachel", "victor", "ada", "root"}
API = "/api/v1/sector"


@dataclass
class World:
    police: Institution
    ht_secret: Institution
    cf_secret: Institution


@pytest.fixture
def world(db: None) -> World:
    police = make_institution("HT", "PNH")
    make_return(police)  # 3 women officers: a small cell
    return World(
        police=police,
        ht_secret=make_institution("HT", "SNR", "intelligence", is_public=False),
        cf_secret=make_institution("CF", "SECRET-CF", "intelligence", is_public=False),
    )


def client_for(name: str, personas: dict[str, Any]) -> Client:
    client = Client()
    if personas[name] is not None:
        client.force_login(personas[name])
    return client


def _expect(name: str, allowed: set[str], yes: int, no: int) -> int:
    return yes if name in allowed else no


@pytest.mark.parametrize("name", PERSONAS)
def test_read_surfaces(name: str, personas: dict[str, Any], world: World) -> None:
    """Pages, API reads and exports of one persona (one test each, to keep the suite fast)."""
    client = client_for(name, personas)
    check_pages(name, client, world)
    check_internal_institutions(name, client)
    check_personnel(name, client, world)
    check_api_reads(name, client, world)


def check_pages(name: str, client: Client, world: World) -> None:
    pages = {
        "/sector/c/HT/": 200,
        "/sector/c/HT/roles/": 200,
        "/sector/c/HT/personnel/": 200,
        "/sector/c/HT/expenditure/": 200,
        "/sector/c/ZZ/": 404,
        f"/sector/institutions/{world.police.pk}/": 200,
        f"/sector/institutions/{world.ht_secret.pk}/": _expect(name, HT_MEMBERS, 200, 404),
        f"/sector/institutions/{world.cf_secret.pk}/": _expect(name, {"bob", "root"}, 200, 404),
        "/sector/c/HT/import/": _expect(name, {"alice", "ada", "root"}, 200, 403),
        "/sector/c/CF/import/": _expect(name, {"bob", "root"}, 200, 403),
        "/sector/templates/budget.xlsx": 200,
    }
    assert {url: client.get(url).status_code for url in pages} == pages


def check_internal_institutions(name: str, client: Client) -> None:
    page = client.get("/sector/c/HT/").content.decode()
    export = client.get("/sector/c/HT/institutions.csv").content.decode()
    listed = client.get(f"{API}/countries/HT/institutions").json()
    member = name in HT_MEMBERS
    assert ("SNR (en)" in page) is member
    assert ("\nSNR," in export) is member
    assert ("SNR" in {item["key"] for item in listed}) is member


def check_personnel(name: str, client: Client, world: World) -> None:
    member = name in HT_MEMBERS
    api = client.get(f"{API}/institutions/{world.police.pk}/personnel")
    assert api.status_code == 200
    cells = {(c["unit"], c["rank"], c["sex"]): c["persons"] for c in api.json()[0]["cells"]}
    assert api.json()[0]["suppressed"] is not member
    assert cells[("", "officer", "female")] == (3 if member else None)
    export = client.get("/sector/c/HT/personnel.csv").content.decode()
    if member:
        assert "PNH,2024,,officer,female,3," in export  # raw counts, template columns
    else:
        assert "PNH,2024,,officer,female,,true" in export  # suppressed flag
        assert ",officer,female,3," not in export
    page = client.get("/sector/c/HT/personnel/").content.decode()
    assert ("fewer than 5 persons" in page) is not member


def check_api_reads(name: str, client: Client, world: World) -> None:
    routes = {
        f"{API}/institutions/{world.police.pk}": 200,
        f"{API}/institutions/{world.ht_secret.pk}": _expect(name, HT_MEMBERS, 200, 404),
        f"{API}/institutions/{world.cf_secret.pk}/personnel": _expect(
            name, {"bob", "root"}, 200, 404
        ),
        f"{API}/countries/HT/roles": 200,
        f"{API}/countries/HT/expenditure": 200,
        f"{API}/countries/HT/reference": 200,
        f"{API}/countries/ZZ/roles": 404,
    }
    assert {url: client.get(url).status_code for url in routes} == routes


@pytest.mark.parametrize("name", PERSONAS)
def test_api_writes(name: str, personas: dict[str, Any], world: World) -> None:
    client = client_for(name, personas)
    editors = {"alice", "ada", "root"}
    denied = 401 if name == "public" else 403
    created = client.post(
        f"{API}/countries/HT/institutions",
        {
            "key": f"NEW-{name}",
            "names": {"en": "New"},
            "kind": "police",
            "valid_from": "2024-01-01",
        },
        content_type="application/json",
    )
    assert created.status_code == _expect(name, editors, 201, denied)
    line = client.post(
        f"{API}/institutions/{world.police.pk}/budget-lines",
        {
            "fiscal_year": 2024,
            "economic": "personnel",
            "cofog": "03",
            "funding_source": "domestic",
            "allocated": "100",
            "currency": "HTG",
        },
        content_type="application/json",
    )
    assert line.status_code == _expect(name, editors, 200, denied)
    hidden = client.post(
        f"{API}/institutions/{world.cf_secret.pk}/changes",
        {"valid_from": "2024-01-01", "change_note": "x", "head": "Someone"},
        content_type="application/json",
    )
    assert hidden.status_code == {"bob": 201, "root": 201, "public": 401}.get(name, 404)


def test_api_validation_errors_name_the_field(personas: dict[str, Any], world: World) -> None:
    client = client_for("alice", personas)
    response = client.put(
        f"{API}/institutions/{world.police.pk}/personnel/2024",
        {"counts": [{"rank": "officer", "sex": "female", "count": 1}] * 2},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "counts.1"


def test_bulk_import_page_lists_every_error(personas: dict[str, Any], world: World) -> None:
    client = client_for("alice", personas)
    text = (
        "institution_key,period,rank,sex,count\nPNH,2024,general,female,1\nZZ,2024,officer,male,1\n"
    )
    upload = SimpleUploadedFile("x.csv", text.encode())
    response = client.post("/sector/c/HT/import/", {"kind": "personnel", "file": upload})
    assert response.status_code == 422
    body = response.content.decode()
    assert "2 problems" in body
    assert "institution_key" in body


@pytest.mark.parametrize("name", PERSONAS)
def test_edit_pages(name: str, personas: dict[str, Any], world: World) -> None:
    client = client_for(name, personas)
    editors = {"alice", "ada", "root"}
    no = 302 if name == "public" else 403  # the public is sent to the sign-in page
    pages = {
        "/sector/c/HT/institutions/new/": _expect(name, editors, 200, no),
        f"/sector/institutions/{world.police.pk}/change/": _expect(name, editors, 200, no),
        f"/sector/institutions/{world.ht_secret.pk}/change/": _expect(
            name, editors, 200, 302 if name == "public" else 404 if name == "bob" else 403
        ),
        f"/sector/institutions/{world.cf_secret.pk}/change/": _expect(
            name, {"bob", "root"}, 200, 302 if name == "public" else 404
        ),
    }
    assert {url: client.get(url).status_code for url in pages} == pages


def test_change_form_records_a_dated_version(personas: dict[str, Any], world: World) -> None:
    client = client_for("alice", personas)
    url = f"/sector/institutions/{world.police.pk}/change/"
    form = {
        "valid_from": "2024-03-01",
        "change_note": "New head",
        "name_en": "PNH (en)",
        "name_fr": "PNH (fr)",
        "kind": "police",
        "coverage": "national",
        "status": "active",
        "head": "New director",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    assert response["Location"].endswith("?on=2024-03-01")
    assert world.police.versions.count() == 2
    early = client.post(url, {**form, "valid_from": "2000-01-01", "head": "Other"})
    assert early.status_code == 422
    assert "must start after" in early.content.decode()


def test_country_map_page_runs_few_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    for key in ("A", "B", "C", "D"):
        make_institution("HT", key)
    with django_assert_max_num_queries(8):
        assert client.get("/sector/c/HT/").status_code == 200


def _json(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(f"{API}{url}", body, content_type="application/json")


@pytest.mark.parametrize("name", ["alice", "victor", "bob", "public"])
def test_api_roles_oversight_targets(name: str, personas: dict[str, Any], world: World) -> None:
    client = client_for(name, personas)
    denied = {"alice": None, "victor": 403, "bob": 403, "public": 401}[name]
    inspectorate = make_institution("HT", "IGPNH", "inspectorate")
    function = _json(
        client, "post", "/countries/HT/functions", {"code": "po", "names": {"en": "PO"}}
    )
    assert function.status_code == (denied or 200)
    if denied:
        return
    role = _json(client, "put", f"/institutions/{world.police.pk}/roles/po", {"role": "lead"})
    assert role.status_code == 204
    matrix = client.get(f"{API}/countries/HT/roles").json()
    assert matrix["gaps"] == [] and matrix["functions"][0]["leads"] == [world.police.pk]
    link = _json(
        client,
        "post",
        "/oversight",
        {
            "overseer_id": inspectorate.pk,
            "overseen_id": world.police.pk,
            "instrument": "inspections",
        },
    )
    assert link.status_code == 200
    assert client.delete(f"{API}/oversight/{link.json()['id']}").status_code == 204
    target = _json(
        client,
        "put",
        f"/institutions/{world.police.pk}/target",
        {"target_share": "20", "baseline_share": "10", "source": "National action plan"},
    )
    assert target.status_code == 200
    # 75 women of 595 = 12.6 %: (12.6 − 10) / (20 − 10) = 26 %
    assert target.json()["percent"] == 26.0
    fiscal = _json(client, "put", "/countries/HT/fiscal/2024", {"currency": "HTG", "gdp": "1000"})
    assert fiscal.status_code == 204
    hidden = _json(client, "put", f"/institutions/{world.cf_secret.pk}/roles/po", {"role": "lead"})
    assert hidden.status_code == 404


@pytest.mark.parametrize("name", ["alice", "victor", "bob"])
def test_role_form_on_the_matrix_page(name: str, personas: dict[str, Any], world: World) -> None:
    function = services.create_function(
        acting_user=SYSTEM, country=world.police.country, code="po", names={"en": "Public order"}
    )
    client = client_for(name, personas)
    page = client.get("/sector/c/HT/roles/").content.decode()
    assert ("Set a role" in page) is (name == "alice")
    form = {"function": function.pk, "institution": world.police.pk, "role": "lead"}
    response = client.post("/sector/c/HT/roles/set/", form)
    assert response.status_code == {"alice": 302, "victor": 403, "bob": 403}[name]
    assert function.assignments.exists() is (name == "alice")
