"""The demo's second factors: a set-up key printed with each password, and ``totp_code``."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssrmonitor.core.demo_accounts import ensure_demo_accounts
from ssrmonitor.core.management.commands.demo import DEMO_ACCOUNTS, DEMO_LOADER, Command
from ssrmonitor.core.mfa.devices import base32_key, current_code
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.mfa import enrolled, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.real_mfa]

LINE = re.compile(
    r"^\s+(demo-[\w-]+)\s+(\S+)\s+\(([^)]*)\)(?:\s+authenticator set-up key: ([A-Z2-7 ]+))?$",
    re.MULTILINE,
)
NEEDS_ONE = {
    "demo-admin",
    "demo-administrator",
    "demo-reviewer",
    "demo-reviewer-2",
    "demo-vetting-officer",
    "demo-vetting-reviewer",
    "demo-vetting-reviewer-2",
    "demo-child-protection",
}


def _accounts() -> dict[str, tuple[str, str]]:
    """Run the demo's account step; {username: (password, set-up key or "")} as printed."""
    country("HT")
    country("SS")
    out = StringIO()
    command = Command(stdout=out)
    ensure_demo_accounts(DEMO_ACCOUNTS, acting_user=DEMO_LOADER, show=command._report_accounts)
    printed = out.getvalue()
    return {name: (password, key) for name, password, _roles, key in LINE.findall(printed)}


def _code(username: str) -> str:
    out = StringIO()
    call_command("totp_code", username, stdout=out)
    return out.getvalue().strip()


def test_each_account_that_needs_a_second_factor_gets_one_printed_once() -> None:
    accounts = _accounts()
    assert set(accounts) == {account.username for account in DEMO_ACCOUNTS}
    assert {name for name, (_pw, key) in accounts.items() if key} == NEEDS_ONE
    for name in NEEDS_ONE:
        device = TOTPDevice.objects.get(user__username=name)
        assert accounts[name][1] == base32_key(device.key)
    assert not TOTPDevice.objects.filter(user__username="demo-editor").exists()
    assert _accounts() == {}  # a second run issues nothing, prints nothing
    assert TOTPDevice.objects.count() == len(NEEDS_ONE)


def test_a_scripted_tour_signs_in_with_the_printed_password_and_totp_code() -> None:
    password = _accounts()["demo-reviewer"][0]
    client = Client()
    sign_in(client, "demo-reviewer", password)
    code = _code("demo-reviewer")
    assert re.fullmatch(r"\d{6}", code)
    assert code == current_code(TOTPDevice.objects.get(user__username="demo-reviewer"))
    assert client.post(reverse("mfa:verify"), {"code": code}).status_code == 302
    assert client.get(reverse("benchmarks:review_queue")).status_code == 200


def test_totp_code_refuses_in_production_and_says_what_is_missing(
    settings: Any, alice: Any
) -> None:
    with pytest.raises(CommandError, match="no authenticator app"):
        _code("alice")
    with pytest.raises(CommandError, match="No account is named nobody"):
        _code("nobody")
    enrolled(alice)
    assert len(_code("alice")) == 6
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not run in production"):
        _code("alice")
    assert User.objects.filter(username="alice").exists()
