"""Stateless servers: two real ``ssrmonitor serve`` processes on one database share the
session and the API throttling counts (sessions and cache in the database).

The servers run the production settings module (``ssrmonitor.settings``) on the test
database: on PostgreSQL the test database itself, on SQLite a copy of it in a file (the test
database lives in memory). They are configured only through the environment
(``SSRMONITOR_BIND``, ``SSRMONITOR_WORKERS``, ``SSRMONITOR_THREADS`` …).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from ssrmonitor.testing.factories import UserFactory
from ssrmonitor.vetting.crypto import new_key

pytestmark = pytest.mark.slow
PASSWORD = "two servers, one session"
DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ssrmonitor_cache",
    },
    "results": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ssrmonitor_results",
    },
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_environment(home: Path) -> dict[str, str]:
    """Point the servers at the test database (a file copy of it on SQLite)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(home / "ssrmonitor.sqlite3")
        connection.connection.backup(target)
        target.close()
        return {}
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return {"DATABASE_URL": f"postgres://{auth}@{host}/{db['NAME']}"}


@pytest.fixture
def audit_log_truncatable(django_db_blocker: Any) -> Iterator[None]:
    """Set up before ``transactional_db`` and so torn down after its flush: on PostgreSQL the
    audit log refuses TRUNCATE (a statement trigger), so :func:`servers` turns the table's
    triggers off for the flush, and they are turned on again here."""
    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")


@pytest.fixture
def servers(
    audit_log_truncatable: None, transactional_db: None, tmp_path: Path
) -> Iterator[list[str]]:
    """Two servers on one database; their base URLs."""
    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable", verbosity=0)
    user = UserFactory(username="roaming")
    hasher = PBKDF2PasswordHasher()  # one the production settings verify (tests use MD5)
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    env = {
        **os.environ,
        **database_environment(home),
        "DJANGO_SETTINGS_MODULE": "ssrmonitor.settings",
        "SSRMONITOR_HOME": str(home),
        "SECRET_KEY": "two-servers-" + "x" * 40,
        "SSRMONITOR_DATA_KEY": new_key(),
        "SSRMONITOR_WORKERS": "1",
        "SSRMONITOR_THREADS": "2",
        "SSRMONITOR_API_RATE_USER": "3/min",
        "SSRMONITOR_READY_WORKER_SECONDS": "0",
        "SSRMONITOR_GRACEFUL_TIMEOUT": "3",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # each server makes its own
    processes, urls = [], []
    for number in (1, 2):
        port = free_port()
        log = (tmp_path / f"server{number}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "ssrmonitor", "serve"],
                env={**env, "SSRMONITOR_BIND": f"127.0.0.1:{port}"},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, process, number in zip(urls, processes, (1, 2), strict=True):
            wait_until_ready(url, process, tmp_path / f"server{number}.log")
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if connection.vendor == "postgresql":  # for the flush (see audit_log_truncatable)
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")


def wait_until_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until the server answers, then require it ready (with the reason if not)."""
    deadline = time.monotonic() + 120  # a loaded machine starts Django slowly
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.3)
    else:
        pytest.fail(f"{url} did not answer within 120 s:\n{log.read_text()}")
    status, body = Browser().get(f"{url}/readyz")
    assert status == 200, body


class Browser:
    """A cookie jar shared across both servers (cookies ignore the port)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(url))  # noqa: S310 (http only)

    def post(self, url: str, form: dict[str, str]) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode()
        return self._open(urllib.request.Request(url, data=data, method="POST"))  # noqa: S310

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=20) as answer:
                return int(answer.status), answer.read().decode()
        except urllib.error.HTTPError as refused:
            return int(refused.code), refused.read().decode()


def sign_in(browser: Browser, url: str) -> None:
    status, page = browser.get(f"{url}/accounts/login/")
    assert status == 200
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, page[:500]
    form = {"csrfmiddlewaretoken": found[1], "username": "roaming", "password": PASSWORD}
    status, _page = browser.post(f"{url}/accounts/login/", form)
    assert status == 200  # redirected home, signed in


def me(browser: Browser, url: str) -> Any:
    status, body = browser.get(f"{url}/api/v1/me")
    return status, json.loads(body) if body.startswith("{") else body


def test_a_session_made_on_one_server_works_on_the_other_and_throttling_is_shared(
    servers: list[str],
) -> None:
    first, second = servers
    browser = Browser()
    status, anonymous = me(browser, second)
    assert status == 200
    assert anonymous.get("username") in (None, "")
    sign_in(browser, first)
    statuses = []
    for url in (second, first, second, first):
        status, body = me(browser, url)
        statuses.append(status)
        if status == 200:
            assert body["username"] == "roaming"
    # 3 requests a minute per user, counted in the database cache both servers share
    assert statuses == [200, 200, 200, 429]
