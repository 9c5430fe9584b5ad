"""What the browser tests share: the personas, the served demo, signing in, a phone's context."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The demo's accounts, one per persona of the crawl (the public has none).
PERSONAS = (
    "public",
    "demo-viewer",
    "demo-editor",
    "demo-reviewer",
    "demo-administrator",
    "demo-vetting-officer",
    "demo-vetting-reviewer",
    "demo-child-protection",
    "demo-admin",
)


@dataclass
class Account:
    username: str
    password: str
    key: str = ""  # the authenticator set-up key (base32), when a second factor is needed


@dataclass
class Server:
    base_url: str
    home: Path
    accounts: dict[str, Account]
    log: list[str] = field(default_factory=list)


def totp_now(key: str) -> str:
    """The current 6-digit code of an authenticator set up with ``key`` (RFC 6238, 30 s)."""
    from django_otp.oath import totp

    return f"{totp(base64.b32decode(key)):06d}"


def sign_in(page: Any, server: Server, username: str) -> None:
    """Sign in through the form, then the second step with a code when the account needs one."""
    account = server.accounts[username]
    page.goto(f"{server.base_url}/accounts/login/")
    page.fill("#id_username", account.username)
    page.fill("#id_password", account.password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    if "/accounts/mfa/verify/" in page.url:
        assert account.key, f"{username} is asked for a second factor but has no set-up key"
        page.fill("#id_code", totp_now(account.key))
        page.click("main form.form button[type=submit]")
        page.wait_for_load_state()
    assert "/accounts/login/" not in page.url and "/accounts/mfa/verify/" not in page.url, (
        f"{username} could not sign in: {page.url}"
    )


def language_cookie(server: Server, code: str) -> dict[str, Any]:
    from django.conf import settings

    return {"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": server.base_url}


def new_context(
    browser: Any, server: Server, state: Any, *, language: str = "en", width: int = 390
) -> Any:
    """A browser context of a persona, in ``language``, ``width`` pixels wide (a phone)."""
    context = browser.new_context(
        storage_state=state, viewport={"width": width, "height": 844}, base_url=server.base_url
    )
    context.add_cookies([language_cookie(server, language)])
    context.set_default_timeout(20_000)
    return context
