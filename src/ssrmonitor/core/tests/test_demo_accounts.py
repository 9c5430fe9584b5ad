"""The demo's accounts: a password is usable only once it was shown (finding 14 of issue 13).

``demo --no-serve`` killed mid-run used to leave accounts whose passwords were never printed.
"""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from ssrmonitor.core import services
from ssrmonitor.core.demo_accounts import ensure_demo_accounts
from ssrmonitor.core.management.commands import demo
from ssrmonitor.core.models import AuditEvent

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """Stands for the process being killed (not an Exception: nothing catches it)."""


def _printed(output: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+(demo-[\w-]+)\s+(\S+)\s+\(", output, re.MULTILINE))


def _run_demo(out: StringIO) -> None:
    call_command("demo", "--no-serve", stdout=out, stderr=StringIO())


def test_killed_while_loading_the_apps_the_passwords_were_already_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def killed(self: Any, verbosity: int) -> None:
        raise Killed

    monkeypatch.setattr(demo.Command, "_load_app_demos", killed)
    out = StringIO()
    with pytest.raises(Killed):
        _run_demo(out)
    printed = _printed(out.getvalue())
    assert set(printed) == {account.username for account in demo.DEMO_ACCOUNTS}
    for username, password in printed.items():
        assert User.objects.get(username=username).check_password(password)


def test_killed_before_the_passwords_were_set_the_next_run_shows_new_ones() -> None:
    services.load_countries(acting_user=demo.DEMO_LOADER)

    def killed_while_printing(passwords: dict[str, str]) -> None:
        raise Killed

    with pytest.raises(Killed):
        ensure_demo_accounts(
            demo.DEMO_ACCOUNTS, acting_user=demo.DEMO_LOADER, show=killed_while_printing
        )
    created = User.objects.filter(username__startswith="demo-")
    assert created.count() == len(demo.DEMO_ACCOUNTS)
    assert not any(user.has_usable_password() for user in created)  # no password unseen

    shown: dict[str, str] = {}
    ensure_demo_accounts(demo.DEMO_ACCOUNTS, acting_user=demo.DEMO_LOADER, show=shown.update)
    assert set(shown) == {account.username for account in demo.DEMO_ACCOUNTS}
    for username, password in shown.items():
        assert User.objects.get(username=username).check_password(password)
    events = AuditEvent.objects.filter(action="set_password")
    assert events.count() == len(demo.DEMO_ACCOUNTS)
    assert not any(password in str(event.after) for event in events for password in shown.values())


def test_an_account_whose_password_was_shown_keeps_it() -> None:
    services.load_countries(acting_user=demo.DEMO_LOADER)
    first: dict[str, str] = {}
    ensure_demo_accounts(demo.DEMO_ACCOUNTS, acting_user=demo.DEMO_LOADER, show=first.update)
    again: list[dict[str, str]] = []
    ensure_demo_accounts(demo.DEMO_ACCOUNTS, acting_user=demo.DEMO_LOADER, show=again.append)
    assert again == [{}]
    for username, password in first.items():
        assert User.objects.get(username=username).check_password(password)
