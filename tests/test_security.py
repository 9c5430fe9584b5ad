"""Login throttling, sessions, revocation and security headers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ssrmonitor.core.models import Country
from ssrmonitor.core.services import revoke_role
from ssrmonitor.testing.factories import FrameworkFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
EXTERNAL_ASSET = re.compile(
    r'<(script|link|img|iframe|source)\b[^>]*\b(src|href)="(https?:)?//', re.I
)
MISSION_NAT = "196.200.1.10"  # one NAT address shared by a whole mission


def _login(client: Client, username: str, password: str, ip: str = MISSION_NAT) -> Any:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_five_failures_lock_the_username_and_address_even_with_the_right_password(
    alice: Any,
) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice", "wrong password")
    response = _login(client, "alice", PASSWORD)
    assert response.status_code in (403, 429)
    assert not _signed_in(client)


def test_a_colleague_behind_the_same_address_is_not_locked_out(alice: Any, victor: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _login(Client(), "alice", "wrong password")
    colleague = Client()
    response = _login(colleague, "victor", PASSWORD)
    assert response.status_code == 302
    assert _signed_in(colleague)


def test_the_same_user_from_another_address_is_not_locked_out(alice: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _login(Client(), "alice", "wrong password")
    client = Client()
    assert _login(client, "alice", PASSWORD, ip="41.79.0.5").status_code == 302


def test_sessions_are_short_and_rotated_at_login(alice: Any) -> None:
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_REFRESH_SECONDS <= 60
    assert settings.SESSION_COOKIE_HTTPONLY
    client = Client()
    client.get(reverse("home"))
    before = client.cookies.get(settings.SESSION_COOKIE_NAME)
    _login(client, "alice", PASSWORD)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert before is None or before.value != after


def test_a_revoked_role_is_gone_on_the_next_request(alice: Any, ada: Any) -> None:
    framework = FrameworkFactory(is_published=False, status="draft")
    client = Client()
    client.force_login(alice)
    url = reverse("benchmarks:framework", args=[framework.pk])
    assert client.get(url).status_code == 200
    revoke_role(alice, Country.objects.get(iso2="HT"), acting_user=ada)
    assert client.get(url).status_code == 404


def test_a_deactivated_user_loses_the_live_session(alice: Any) -> None:
    framework = FrameworkFactory(is_published=False, status="draft")
    client = Client()
    client.force_login(alice)
    url = reverse("benchmarks:framework", args=[framework.pk])
    assert client.get(url).status_code == 200
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url_name", ["home", "login"])
def test_security_headers_on_pages(client: Client, url_name: str) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "charset=utf-8" in response.headers["Content-Type"]


def test_no_page_loads_anything_from_another_host(client: Client) -> None:
    framework = FrameworkFactory()
    for url in (reverse("home"), reverse("login"), framework.get_absolute_url()):
        html = client.get(url).content.decode()
        assert not EXTERNAL_ASSET.search(html), url


def _deploy_check(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SSRMONITOR_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update({"SSRMONITOR_HOME": os.environ["SSRMONITOR_HOME"]} | extra)
    return subprocess.run(
        [sys.executable, "-m", "ssrmonitor", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check() -> None:
    result = _deploy_check(
        {
            "SSRMONITOR_PRODUCTION": "1",
            "SECRET_KEY": "x" * 20 + "-a-long-random-secret-key-for-the-check-0123456789",
            "ALLOWED_HOSTS": "ssrmonitor.example.org",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
            "SSRMONITOR_DATA_KEY": "jcH2Q1w0m0Vd0x3q8y6bqkQ4V9s6m2dDk3l1JcH2Q1w=",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_data_key() -> None:
    result = _deploy_check(
        {
            "SSRMONITOR_PRODUCTION": "1",
            "SECRET_KEY": "x" * 20 + "-a-long-random-secret-key-for-the-check-0123456789",
            "ALLOWED_HOSTS": "x.org",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        }
    )
    assert result.returncode != 0
    assert "SSRMONITOR_DATA_KEY" in result.stderr


def test_a_data_key_of_the_wrong_size_is_refused() -> None:
    result = _deploy_check({"SSRMONITOR_DATA_KEY": "c2hvcnQ="})
    assert result.returncode != 0
    assert "not 32 bytes" in result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _deploy_check(
        {
            "SSRMONITOR_PRODUCTION": "1",
            "ALLOWED_HOSTS": "x.org",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        }
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_session_ends_after_the_absolute_limit_however_active(alice: Any) -> None:
    framework = FrameworkFactory(is_published=False, status="draft")
    url = reverse("benchmarks:framework", args=[framework.pk])
    client = Client()
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        _login(client, "alice", PASSWORD)
        for _ in range(settings.SESSION_ABSOLUTE_SECONDS // 1200 - 1):  # up to 11 h 40
            clock.shift(timedelta(minutes=20))  # active: one request every 20 minutes
            assert client.get(url).status_code == 200
        clock.shift(timedelta(minutes=20))
        assert client.get(url).status_code == 404
        assert not _signed_in(client)


def test_an_active_session_is_saved_again_once_a_minute_not_on_every_request(alice: Any) -> None:
    """The idle limit slides without a database write per request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

    def session_writes() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return sum('UPDATE "django_session"' in q["sql"] for q in captured.captured_queries)

    with time_machine.travel(start, tick=False) as clock:
        _login(client, "alice", PASSWORD)
        session_writes()  # the first page after sign-in stamps the session
        clock.shift(timedelta(seconds=20))
        assert session_writes() == 0
        clock.shift(timedelta(seconds=30))
        assert session_writes() == 0
        clock.shift(timedelta(minutes=25))  # 25 min 50 s after the last save: renewed now
        assert session_writes() == 1
        clock.shift(timedelta(minutes=25))  # 50 min after sign-in, still signed in
        assert _signed_in(client)


def test_an_idle_session_expires(alice: Any) -> None:
    framework = FrameworkFactory(is_published=False, status="draft")
    url = reverse("benchmarks:framework", args=[framework.pk])
    client = Client()
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        _login(client, "alice", PASSWORD)
        assert client.get(url).status_code == 200
        clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
        assert client.get(url).status_code == 404
