"""What every response carries and what every request may hold (findings 5 and 6 of issue 13).

* ``Cache-Control: no-store, private`` on every response to an authenticated request (a
  session or a token) and on every vetting path: only those show personal or unpublished data.
  Public pages for anonymous visitors stay cacheable.
* Control characters in query strings and form text: 400 on a page, 422 on the API.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.core import services
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import FrameworkFactory
from ssrmonitor.testing.factories_vetting import PersonFactory

pytestmark = pytest.mark.django_db

NO_STORE = "no-store, private"


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_vetting_pages_and_routes_are_never_stored(vera: Any) -> None:
    person = PersonFactory()
    client = _signed_in(vera)
    for url in (
        reverse("vetting:person", args=["HT", person.pk]),
        reverse("vetting:persons", args=["HT"]),
        f"/api/v1/vetting/HT/persons/{person.pk}",
        "/api/v1/vetting/HT/persons",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == NO_STORE, url
    anonymous = Client().get(reverse("vetting:persons", args=["HT"]))
    assert anonymous["Cache-Control"] == NO_STORE  # even the redirect to sign in


def test_an_internal_benchmarks_page_is_never_stored(alice: Any) -> None:
    FrameworkFactory()
    response = _signed_in(alice).get(reverse("benchmarks:review_queue"))
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_a_token_reader_gets_no_store_too(alice: Any) -> None:
    _token, raw = services.create_api_token(alice, acting_user=SYSTEM, name="script")
    response = Client().get("/api/v1/frameworks", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_public_pages_for_the_anonymous_public_stay_cacheable(client: Client) -> None:
    framework = FrameworkFactory(is_published=True)
    for url in (reverse("home"), framework.get_absolute_url(), "/api/v1/frameworks"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url


def test_control_characters_in_a_query_string_are_refused_on_pages(client: Client) -> None:
    response = client.get(reverse("home"), {"q": "a\x00b"})
    assert response.status_code == 400
    assert "U+0000" in response.content.decode()
    assert client.get(reverse("home"), {"q": "café"}).status_code == 200


def test_control_characters_in_form_text_are_refused(client: Client, alice: Any) -> None:
    response = client.post(reverse("login"), {"username": "alice\x00", "password": "x"})
    assert response.status_code == 400
    assert "U+0000" in response.content.decode()
    form = _signed_in(alice).post(reverse("logout"), {"note": "line one\r\nline\ttwo"})
    assert form.status_code == 302  # tabs and line breaks are text
