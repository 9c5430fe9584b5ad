"""The public pages and API of the UN list: regimes, a regime, a party, name search."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.sanctions.models import ListedParty
from ssrmonitor.sanctions.services.unlist import import_un_list
from ssrmonitor.sanctions.watchlist import watchlist
from ssrmonitor.testing.actors import SYSTEM

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "sanctions"


@pytest.fixture
def imported() -> None:
    import_un_list(FIXTURES / "un_sc_excerpt_2020-11-30.xml", acting_user=SYSTEM)
    import_un_list(FIXTURES / "un_sc_excerpt_2024-09-26.xml", acting_user=SYSTEM)


def test_regimes_page_shows_the_ended_mali_regime(imported: None, client: Client) -> None:
    body = client.get(reverse("sanctions:regimes")).content.decode()
    assert "Mali" in body
    assert "No longer on the list since" in body


def test_regime_page_lists_listed_and_delisted(imported: None, client: Client) -> None:
    body = client.get(reverse("sanctions:regime", args=["Mali"])).content.decode()
    assert "8 no longer listed" in body
    assert client.get(reverse("sanctions:regime", args=["Nowhere"])).status_code == 404


def test_party_page_shows_aliases_and_birth_details(imported: None, client: Client) -> None:
    party = ListedParty.objects.get(name="ALFRED YEKATOM")
    body = client.get(party.get_absolute_url()).content.decode()
    assert "Colonel Rambo" in body
    assert "CFi." in body


@pytest.mark.parametrize(
    ("query", "expected"), [("rambo", "ALFRED YEKATOM"), ("issène", "ABDOULAYE HISSENE")]
)
def test_search_finds_names_and_aliases(
    imported: None, client: Client, query: str, expected: str
) -> None:
    body = client.get(reverse("sanctions:search"), {"q": query}).content.decode()
    assert expected in body


def test_search_fragment_for_htmx(imported: None, client: Client) -> None:
    response = client.get(
        reverse("sanctions:search"), {"q": "rambo"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "ALFRED YEKATOM" in body
    assert "<html" not in body


def test_api_searches_the_list(imported: None, client: Client) -> None:
    body = client.get("/api/v1/sanctions/parties", {"q": "rambo"}).json()
    assert body["count"] == 1
    assert body["items"][0]["regime"] == "CAR"
    assert {"name": "Colonel Rambo", "quality": "Low", "note": ""} in body["items"][0]["aliases"]
    delisted = client.get("/api/v1/sanctions/parties", {"regime": "Mali", "listed": "false"}).json()
    assert delisted["count"] == 8
    regimes = {r["code"]: r for r in client.get("/api/v1/sanctions/regimes").json()}
    assert regimes["Mali"]["delisted_on"] == "2024-09-26"


def test_list_pages_use_few_queries(
    imported: None, client: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(6):
        client.get(reverse("sanctions:regime", args=["CAR"]))


def test_watchlist_holds_every_listed_party_with_all_its_names(imported: None) -> None:
    entries = list(watchlist())
    assert len(entries) == ListedParty.objects.filter(delisted_on__isnull=True).count()
    yekatom = next(e for e in entries if "ALFRED YEKATOM" in e.names)
    assert "Colonel Rambo" in yekatom.names
    assert all(e.regime != "Mali" for e in entries)
