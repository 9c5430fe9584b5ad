"""Issue 14: the "Reports" menu link for people who may generate no internal report, a report
asked for without a period, and bad input answered with a page rather than raw text."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.testing.factories_reports import INTERNAL_TITLE, ReportWorld

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["public", "vera", "reuben", "chloe"])
def test_the_reports_menu_link_opens_the_public_edition(
    world: ReportWorld, request: pytest.FixtureRequest, name: str
) -> None:
    """The menu links to the thematic report for everyone; it was 404 for these roles."""
    user = None if name == "public" else request.getfixturevalue(name)
    page = _client(user).get("/")
    assert f'href="{reverse("reports:thematic")}"' in page.content.decode()
    response = _client(user).get(reverse("reports:thematic"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="audience" value="public"' in text
    assert "Haiti" in text and INTERNAL_TITLE not in text
    download = _client(user).get(reverse("reports:thematic_download", args=["html"]))
    assert download.status_code == 200


def test_members_still_get_the_internal_thematic_report(alice: Any, world: ReportWorld) -> None:
    response = _client(alice).get(reverse("reports:thematic") + "?period=2019-H2")
    assert 'name="audience" value="internal"' in response.content.decode()


def test_asking_internal_without_the_right_is_still_not_found(
    vera: Any, world: ReportWorld
) -> None:
    url = reverse("reports:thematic") + "?audience=internal"
    assert _client(vera).get(url).status_code == 404


@pytest.mark.parametrize(("name", "audience"), [("alice", "internal"), ("public", "public")])
def test_a_report_without_period_asks_for_it(
    world: ReportWorld, request: pytest.FixtureRequest, name: str, audience: str
) -> None:
    user = None if name == "public" else request.getfixturevalue(name)
    response = _client(user).get(reverse("reports:preview", args=["HT"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "<main" in text  # the site's layout, not a bare text answer
    assert 'name="period" value="2019-H2"' in text  # the half-year of the latest approved value
    assert f'<option value="{audience}" selected>' in text


def test_a_report_without_period_of_an_unknown_country_is_not_found(client: Client) -> None:
    assert client.get(reverse("reports:preview", args=["ZZ"])).status_code == 404


def test_a_bad_period_is_a_page_that_says_so_and_asks_again(alice: Any, world: ReportWorld) -> None:
    url = reverse("reports:preview", args=["HT"]) + "?period=someday&lang=en&audience=internal"
    response = _client(alice).get(url)
    assert response.status_code == 422
    text = response.content.decode()
    assert "<main" in text and 'role="alert"' in text
    assert 'name="lang" value="en"' in text and 'name="audience" value="internal"' in text
    assert 'name="period" value=""' in text
