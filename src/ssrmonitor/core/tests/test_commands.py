"""The operational commands: demo, load_reference, verify_audit_chain and grant_role."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ssrmonitor.benchmarks.models import Benchmark, Framework, Indicator, Measurement
from ssrmonitor.core.management.commands.demo import DEMO_ACCOUNTS
from ssrmonitor.core.models import AuditEvent, Country, Membership, Mission, Role
from ssrmonitor.core.services import save_organisation
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import UserFactory, country

pytestmark = pytest.mark.django_db

MODELS = (Country, Mission, Framework, Benchmark, Indicator, Measurement, Membership, AuditEvent)


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _rows() -> list[int]:
    return [model.objects.count() for model in (*MODELS, get_user_model())]


def _printed_passwords(output: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+(demo-[\w-]+)\s+(\S+)\s+\(", output, re.MULTILINE))


def _disable_audit_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
        else:
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")


# --- demo -------------------------------------------------------------------------------


def test_demo_prints_passwords_once_and_a_second_run_changes_nothing() -> None:
    first, _ = _run("demo", "--no-serve")
    passwords = _printed_passwords(first)
    assert set(passwords) == {account.username for account in DEMO_ACCOUNTS}
    users = get_user_model().objects
    for username, password in passwords.items():
        assert len(password) >= 20
        assert users.get(username=username).check_password(password)
    assert "15 frameworks, 61 benchmarks, 154 indicators" in first

    before = _rows()
    second, _ = _run("demo", "--no-serve")
    assert _rows() == before
    assert _printed_passwords(second) == {}
    assert not any(password in second for password in passwords.values())
    assert "already exist" in second
    assert "ssrmonitor changepassword" in second
    assert "This run created 0 frameworks, 0 benchmarks, 0 indicators and 0" in second


def test_demo_accounts_hold_their_roles() -> None:
    _run("demo", "--no-serve")
    held = set(Membership.objects.values_list("user__username", "country__iso2", "role"))
    assert held == {
        ("demo-administrator", "HT", Role.ADMINISTRATOR),
        ("demo-editor", "HT", Role.EDITOR),
        ("demo-editor", "SS", Role.EDITOR),
        ("demo-reviewer", "HT", Role.REVIEWER),
        ("demo-reviewer", "SS", Role.REVIEWER),
        ("demo-reviewer-2", "HT", Role.REVIEWER),
        ("demo-viewer", "HT", Role.VIEWER),
        ("demo-vetting-officer", "HT", Role.VETTING_OFFICER),
        ("demo-vetting-reviewer", "HT", Role.VETTING_REVIEWER),
        ("demo-vetting-reviewer-2", "HT", Role.VETTING_REVIEWER),
        ("demo-child-protection", "HT", Role.CHILD_PROTECTION),
    }
    admin = get_user_model().objects.get(username="demo-admin")
    assert admin.is_superuser and admin.is_staff
    assert not get_user_model().objects.get(username="demo-viewer").is_superuser


def test_demo_refuses_to_run_in_production(settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not run in production"):
        _run("demo", "--no-serve")
    assert not get_user_model().objects.exists()


# --- load_reference ---------------------------------------------------------------------


def test_load_reference_loads_then_changes_nothing() -> None:
    first, _ = _run("load_reference")
    assert "249 countries and 100 missions" in first
    assert Mission.objects.get(acronym="MINUJUSTH").country == Country.objects.get(iso2="HT")
    events = AuditEvent.objects.count()
    second, _ = _run("load_reference")
    assert "0 countries and 0 missions" in second
    assert AuditEvent.objects.count() == events


# --- verify_audit_chain -----------------------------------------------------------------


def _three_events() -> None:
    for name in ("UNDP", "UNOPS", "DCAF"):
        save_organisation(acting_user=SYSTEM, name=name, iati_identifier=f"XM-{name}")


def test_verify_audit_chain_reports_the_events_verified() -> None:
    _three_events()
    out, err = _run("verify_audit_chain")
    assert "Audit chain intact: 3 events verified." in out
    assert err == ""


def test_verify_audit_chain_fails_and_lists_a_tampered_row() -> None:
    _three_events()
    tampered = AuditEvent.objects.order_by("id")[1]
    _disable_audit_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["mallory", tampered.pk]
        )
    err = StringIO()
    with pytest.raises(CommandError, match="broken: 1 break among 3 events") as raised:
        call_command("verify_audit_chain", stdout=StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert f"event #{tampered.pk}: content does not match its hash" in err.getvalue()


# --- grant_role -------------------------------------------------------------------------


@pytest.fixture
def haiti() -> Country:
    return country("HT")


def test_grant_role_grants_replaces_and_is_audited(haiti: Country) -> None:
    user = UserFactory(username="alice")
    out, _ = _run("grant_role", "alice", "ht", "editor")
    assert "alice is now Country editor in Haiti (HT)." in out
    assert Membership.objects.get(user=user, country=haiti).role == Role.EDITOR
    _run("grant_role", "alice", "HT", "reviewer")
    assert Membership.objects.get(user=user, country=haiti).role == Role.REVIEWER
    grants = AuditEvent.objects.filter(action="grant").order_by("id")
    assert [(e.actor_name, e.country_iso2) for e in grants] == [("system", "HT")] * 2


def test_grant_role_revokes(haiti: Country) -> None:
    user = UserFactory(username="alice")
    _run("grant_role", "alice", "HT", "viewer")
    with pytest.raises(CommandError, match="is viewer in HT, not editor"):
        _run("grant_role", "alice", "HT", "editor", "--revoke")
    assert Membership.objects.filter(user=user).exists()
    out, _ = _run("grant_role", "alice", "HT", "--revoke")
    assert "alice no longer has a role in HT." in out
    assert not Membership.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="revoke").count() == 1
    out, _ = _run("grant_role", "alice", "HT", "--revoke")
    assert "nothing changed" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody", "HT", "editor"), "No user is called nobody"),
        (("alice", "ZZ", "editor"), "No country has the code ZZ"),
        (("alice", "HT", "overlord"), "invalid choice: 'overlord'"),
        (("alice", "HT"), "Give the role to grant"),
    ],
)
def test_grant_role_refuses_unknown_names(haiti: Country, args: Any, message: str) -> None:
    UserFactory(username="alice")
    with pytest.raises(CommandError, match=message):
        _run("grant_role", *args)
    assert not Membership.objects.exists()
