"""API throttling: per token (or signed-in user) and per address, 429 with ``Retry-After``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from ssrmonitor.core.services import create_api_token

API = "/api/v1"
SMALL = override_settings(SSRMONITOR_API_RATE_USER="3/min", SSRMONITOR_API_RATE_ANON="2/min")


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def raw_token(user: Any) -> str:
    return create_api_token(user, acting_user=user, name="script")[1]


def get(client: Client, times: int, **headers: Any) -> list[int]:
    return [client.get(f"{API}/me", **headers).status_code for _ in range(times)]


def assert_throttled(response: Any, at_most: int = 60) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= at_most
    body = response.json()
    assert body["status"] == 429
    assert body["detail"][0]["field"] == "__all__"
    assert "Too many requests" in body["detail"][0]["reason"]


@SMALL
def test_a_token_beyond_its_rate_gets_429_with_retry_after(client: Client, alice: Any) -> None:
    raw = raw_token(alice)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert get(client, 3, **bearer(raw)) == [200, 200, 200]
        refused = client.get(f"{API}/me", **bearer(raw))
    assert_throttled(refused)
    assert refused["Retry-After"] == "60"
    with time_machine.travel(start + timedelta(seconds=45), tick=False):
        later = client.get(f"{API}/me", **bearer(raw))
    assert_throttled(later)
    assert later["Retry-After"] == "15"
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert get(client, 1, **bearer(raw)) == [200]


@SMALL
def test_each_token_has_its_own_count(client: Client, alice: Any, bob: Any) -> None:
    first, second, other = raw_token(alice), raw_token(alice), raw_token(bob)
    assert get(client, 4, **bearer(first))[-1] == 429
    assert get(client, 3, **bearer(second)) == [200, 200, 200]
    assert get(client, 3, **bearer(other)) == [200, 200, 200]


@SMALL
def test_a_signed_in_session_is_counted_per_user(alice: Any) -> None:
    browser = Client()
    browser.force_login(alice)
    assert get(browser, 4) == [200, 200, 200, 429]
    assert_throttled(browser.get(f"{API}/frameworks"))


@SMALL
def test_anonymous_requests_are_counted_per_address(client: Client, db: None) -> None:
    here, there = {"REMOTE_ADDR": "203.0.113.7"}, {"REMOTE_ADDR": "198.51.100.9"}
    assert get(client, 2, **here) == [200, 200]
    assert_throttled(client.get(f"{API}/frameworks", **here))
    assert get(client, 2, **there) == [200, 200]


@SMALL
def test_a_forged_forwarded_for_does_not_change_the_address(client: Client, db: None) -> None:
    codes = [
        client.get(f"{API}/me", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        for n in range(3)
    ]
    assert [response.status_code for response in codes] == [200, 200, 429]


@SMALL
@override_settings(SSRMONITOR_NUM_PROXIES=1)
def test_behind_a_proxy_the_forwarded_address_counts(client: Client, db: None) -> None:
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = {**proxy, "HTTP_X_FORWARDED_FOR": "spoofed, 203.0.113.7"}
    second = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    assert get(client, 3, **first) == [200, 200, 429]
    assert get(client, 2, **second) == [200, 200]


@SMALL
def test_a_token_is_not_held_by_its_address_anonymous_limit(client: Client, alice: Any) -> None:
    assert get(client, 3)[-1] == 429
    assert get(client, 3, **bearer(raw_token(alice))) == [200, 200, 200]


@override_settings(SSRMONITOR_API_RATE_USER="off", SSRMONITOR_API_RATE_ANON="off")
def test_off_turns_throttling_off(client: Client, alice: Any) -> None:
    assert set(get(client, 5, **bearer(raw_token(alice)))) == {200}
    assert set(get(client, 5)) == {200}


def test_429_is_in_the_openapi_document(client: Client, db: None) -> None:
    schema = client.get(f"{API}/openapi.json").json()
    assert "429" in schema["paths"]["/api/v1/frameworks"]["get"]["responses"]
