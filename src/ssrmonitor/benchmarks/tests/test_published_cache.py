"""The cached home panel and framework page: kept through drafts and submissions, renewed by an
approval or an edit, never shared across visitors who see different frameworks or may do
different things."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.published import PUBLISHED
from ssrmonitor.benchmarks.services import (
    approve_measurement,
    record_measurement,
    submit_measurement,
    update_framework,
)
from ssrmonitor.core import datacache
from ssrmonitor.testing.factories import FrameworkFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def _token() -> str:
    return datacache.tokens([PUBLISHED])


def _page(user: Any, url: str) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_drafts_keep_the_cached_pages_and_an_approval_renews_them(alice: Any, rachel: Any) -> None:
    indicator = IndicatorFactory(code="7.1", baseline_value=10, target_value=20)
    framework = indicator.benchmark.framework
    url = reverse("benchmarks:framework", args=[framework.pk])
    assert "7.1" in _page(None, url)
    before = _token()
    value = record_measurement(indicator, acting_user=alice, period="2019-Q1", value="14.5")
    submit_measurement(value, acting_user=alice)
    assert _token() == before  # a draft and a submission are not published data
    assert "14.5" not in _page(None, url)
    assert "14.5" not in _page(None, reverse("home"))
    approve_measurement(value, acting_user=rachel)
    assert _token() != before
    assert "14.5" in _page(None, url)  # the latest value, on the page computed again


def test_an_edit_of_the_framework_is_seen_at_the_next_request(ada: Any) -> None:
    framework = IndicatorFactory().benchmark.framework
    url = reverse("benchmarks:framework", args=[framework.pk])
    _page(None, url), _page(None, reverse("home"))
    update_framework(framework, acting_user=ada, title="Benchmarks renamed by the mission")
    assert "Benchmarks renamed by the mission" in _page(None, reverse("home"))
    assert "Benchmarks renamed by the mission" in _page(None, url)


def test_an_internal_framework_cached_for_a_member_is_not_shown_to_others(
    victor: Any, bob: Any
) -> None:
    IndicatorFactory(benchmark__framework__title="Public benchmarks")
    IndicatorFactory(
        benchmark__framework__title="Internal draft of the transition plan",
        benchmark__framework__is_published=False,
    )
    assert "Internal draft of the transition plan" in _page(victor, reverse("home"))
    for outsider in (None, bob):  # the public, and an editor of another country
        html = _page(outsider, reverse("home"))
        assert "Public benchmarks" in html
        assert "Internal draft of the transition plan" not in html


def test_edit_links_cached_for_an_editor_are_not_shown_to_a_viewer(alice: Any, victor: Any) -> None:
    indicator = IndicatorFactory()
    url = reverse("benchmarks:framework", args=[indicator.benchmark.framework.pk])
    edit = reverse("benchmarks:benchmark_edit", args=[indicator.benchmark.pk])
    assert edit in _page(alice, url)
    assert edit not in _page(victor, url)
    assert edit not in _page(None, url)


def test_the_framework_page_is_kept_per_language_and_filter() -> None:
    framework = FrameworkFactory()
    IndicatorFactory(benchmark__framework=framework, benchmark__owner="host")
    url = reverse("benchmarks:framework", args=[framework.pk])
    assert "Host-country commitments" in _page(None, url)
    french = Client(HTTP_ACCEPT_LANGUAGE="fr").get(url).content.decode()
    assert "Host-country commitments" not in french
    filtered = _page(None, url + "?owner=un")
    assert "No benchmark matches these filters." in filtered
    again = _page(None, url)  # from the cache: markup, not escaped text
    assert '<section aria-labelledby="host-heading"' in again
    home = _page(None, reverse("home")), _page(None, reverse("home"))
    assert all('<section aria-labelledby="active-heading">' in page for page in home)


def test_the_list_routes_are_kept_per_scope_and_renewed_by_an_approval(
    victor: Any, bob: Any, alice: Any, rachel: Any
) -> None:
    indicator = IndicatorFactory(
        benchmark__framework__is_published=False, baseline_value=10, target_value=20
    )
    member, outsider = Client(), Client()
    member.force_login(victor)
    outsider.force_login(bob)
    for path in ("/api/v1/frameworks?country=HT", "/api/v1/indicators?country=HT"):
        assert member.get(path).json()["count"] == 1
        assert outsider.get(path).json()["count"] == 0  # an unpublished framework
        assert Client().get(path).json()["count"] == 0
    path = "/api/v1/indicators?country=HT"
    assert member.get(path).json()["items"][0]["progress"]["latest_value"] is None
    value = record_measurement(indicator, acting_user=alice, period="2019-Q1", value="15")
    submit_measurement(value, acting_user=alice)
    approve_measurement(value, acting_user=rachel)
    assert member.get(path).json()["items"][0]["progress"]["latest_value"] == 15


def test_evidence_and_an_empty_refresh_leave_the_published_data_alone(alice: Any) -> None:
    from django.db import transaction

    from ssrmonitor.benchmarks.progress_store import refresh_progress
    from ssrmonitor.benchmarks.services import add_evidence

    indicator = IndicatorFactory()
    value = record_measurement(indicator, acting_user=alice, period="2019-Q1", value="1.35")
    before = _token()
    add_evidence(value, acting_user=alice, title="Police census", url="https://example.org/a")
    with transaction.atomic():
        refresh_progress([])
    assert _token() == before
    with transaction.atomic():
        refresh_progress([indicator.pk])
    assert _token() != before


def test_an_odd_query_is_answered_from_the_data(alice: Any, rachel: Any) -> None:
    """A query the cache does not keep (a parameter the page does not read) still shows the
    current data."""
    indicator = IndicatorFactory(code="7.1", baseline_value=10, target_value=20)
    url = reverse("benchmarks:framework", args=[indicator.benchmark.framework.pk])
    assert "14.5" not in _page(None, url + "?utm=1")
    value = record_measurement(indicator, acting_user=alice, period="2019-Q1", value="14.5")
    submit_measurement(value, acting_user=alice)
    approve_measurement(value, acting_user=rachel)
    assert "14.5" in _page(None, url + "?utm=1")
    assert "14.5" in _page(None, url + "?owner=nobody")  # not a choice: ignored, not kept
