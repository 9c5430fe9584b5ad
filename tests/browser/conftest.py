"""Browser tests: the demo served by ``ssrmonitor demo``, driven by Debian's Chromium.

They run with ``pytest -m browser tests/browser`` (CI's browser stage) and are skipped, with the
reason, in the normal suite, when ``/usr/bin/chromium`` is missing, or when the ``playwright``
Python package is not installed (``pip install -e '.[browser]'``). Playwright never downloads a
browser here: it launches the system one (``executable_path``).

The server is the product as a user runs it: a fresh ``SSRMONITOR_HOME``, ``ssrmonitor demo``
(real data, the demo accounts, passwords printed once), its development server on a free port.
``SSRMONITOR_BROWSER_HOME`` names a home where ``ssrmonitor demo --no-serve`` already ran,
with its output in ``demo.log`` there, to skip the loading in local runs.
Each persona signs in through the real form, with its second factor computed from the set-up key
the demo prints, and its signed-in browser state is kept for the tests.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.kit import PERSONAS, Account, Server, sign_in

CHROMIUM = Path("/usr/bin/chromium")
_ACCOUNT = re.compile(
    r"^\s+(?P<user>demo-[\w-]+)\s+(?P<password>\S+)\s+\((?P<roles>[^)]*)\)"
    r"(?:\s+authenticator set-up key: (?P<key>[A-Z2-7 ]+))?\s*$"
)
SERVER_START_SECONDS = 420


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives a real browser against a served demo (pytest -m browser)"
    )


def _why_not() -> str:
    """Why the browser tests cannot run here (empty when they can)."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[browser]')"
    return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    reason = _why_not()
    if reason and os.environ.get("SSRMONITOR_BROWSER_REQUIRED") == "1":
        raise pytest.UsageError(f"browser tests required but cannot run: {reason}")
    if not reason and "browser" not in (config.option.markexpr or ""):
        reason = "browser tests run on their own: pytest -m browser tests/browser"
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _read(stream: Any, log: list[str]) -> None:
    log.extend(line.rstrip("\n") for line in iter(stream.readline, ""))


def _accounts(log: list[str]) -> dict[str, Account]:
    found = {}
    for line in log:
        match = _ACCOUNT.match(line)
        if match:
            key = (match["key"] or "").replace(" ", "")
            found[match["user"]] = Account(match["user"], match["password"], key)
    return found


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 (our own server)
            return bool(answer.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """The demo, loaded into a fresh home and served on a free local port."""
    reused = os.environ.get("SSRMONITOR_BROWSER_HOME", "")
    home = Path(reused) if reused else Path(tempfile.mkdtemp(prefix="ssrmonitor-browser-"))
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(SSRMONITOR_HOME=str(home), SSRMONITOR_LOGIN_THROTTLING="0", PYTHONUNBUFFERED="1")
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "ssrmonitor", "demo", "--addrport", f"127.0.0.1:{port}"]
    log: list[str] = []
    if reused:  # a demo loaded before (local runs): its printed accounts are in demo.log
        command = [
            sys.executable,
            "-m",
            "ssrmonitor",
            "runserver",
            "--noreload",
            f"127.0.0.1:{port}",
        ]
        log.extend((home / "demo.log").read_text(encoding="utf-8").splitlines())
    process = subprocess.Popen(  # noqa: S603 (our own command)
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=home,
    )
    threading.Thread(target=_read, args=(process.stdout, log), daemon=True).start()
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not _up(f"{base_url}/healthz"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the demo server did not start:\n" + "\n".join(log[-40:]))
        time.sleep(1)
    try:
        yield Server(base_url, home, _accounts(log), log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if not reused:
            shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, through Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def signed_in(server: Server, browser: Any) -> dict[str, Any]:
    """Each persona's signed-in browser state (cookies), made once by a real sign-in."""
    states: dict[str, Any] = {"public": {"cookies": [], "origins": []}}
    for persona in PERSONAS[1:]:
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, server, persona)
        states[persona] = context.storage_state()
        context.close()
    return states


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The crawl's figures, per language (pages crawled, axe and overflow results)."""
    from tests.browser.test_crawl import FIGURES

    if not FIGURES:
        return
    terminalreporter.section("browser crawl figures")
    for language, figures in FIGURES.items():
        shown = ", ".join(f"{name}: {value}" for name, value in figures.items())
        terminalreporter.write_line(f"{language}: {shown}")
