"""API tokens: expiry by default, read-only or read-write scope, and the owner's page."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import ApiToken, AuditEvent
from ssrmonitor.core.models.access import TokenScope
from ssrmonitor.core.services import create_api_token, revoke_api_token
from ssrmonitor.testing.actors import SYSTEM

API = "/api/v1"
JSON = "application/json"
PAGE = "/accounts/tokens/"


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def make(user: Any, **kwargs: Any) -> tuple[ApiToken, str]:
    return create_api_token(user, acting_user=user, name=kwargs.pop("name", "script"), **kwargs)


def new_framework(client: Client, raw: str) -> Any:
    body = {"country": "HT", "title": "By script"}
    return client.post(f"{API}/frameworks", body, content_type=JSON, **bearer(raw))


# --- expiry ---------------------------------------------------------------------------------


def test_a_token_expires_after_the_default_days(client: Client, alice: Any) -> None:
    token, raw = make(alice)
    assert token.expires_at is not None
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    with time_machine.travel(timezone.now() + timedelta(days=89)):
        assert client.get(f"{API}/me", **bearer(raw)).json()["username"] == "alice"
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert client.get(f"{API}/me", **bearer(raw)).status_code == 401


def test_the_default_lifetime_comes_from_the_settings(alice: Any, settings: Any) -> None:
    settings.SSRMONITOR_API_TOKEN_DAYS = 7
    token, _raw = make(alice)
    assert token.expires_at is not None
    assert token.expires_at - timezone.now() < timedelta(days=7, minutes=1)


def test_a_user_cannot_make_their_own_token_last_longer_or_for_ever(alice: Any) -> None:
    for kwargs in ({"expires_at": timezone.now() + timedelta(days=91)}, {"never_expires": True}):
        with pytest.raises(ValidationFailed, match="at most 90 days") as refused:
            make(alice, **kwargs)
        assert refused.value.errors[0].field == "expires_at"
    with pytest.raises(ValidationFailed, match="future"):
        make(alice, expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationFailed, match="name"):
        make(alice, name="   ")
    assert not ApiToken.objects.exists()


def test_a_user_holds_at_most_ten_active_tokens(alice: Any) -> None:
    """The rate counts per token: making tokens without end would multiply it."""
    tokens = [make(alice, name=f"script {n}")[0] for n in range(10)]
    with pytest.raises(ValidationFailed, match="10 active tokens"):
        make(alice)
    revoke_api_token(tokens[0], acting_user=alice)
    make(alice)
    create_api_token(alice, acting_user=SYSTEM, name="by the operator")
    assert ApiToken.objects.filter(user=alice, revoked_at__isnull=True).count() == 11


def test_an_operator_may_make_a_token_that_never_expires(alice: Any) -> None:
    token, _raw = create_api_token(alice, acting_user=SYSTEM, name="sync", never_expires=True)
    assert token.expires_at is None
    created = AuditEvent.objects.get(action="create", object_type="core.apitoken")
    assert created.after is not None
    assert created.after["expires_at"] is None
    assert created.after["scope"] == "read_write"


def test_create_api_token_command_scope_days_and_no_expiry(alice: Any) -> None:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "alice", "--name", "nightly", stdout=out, stderr=err)
    token = ApiToken.objects.get(prefix=out.getvalue().strip()[5:13])
    assert token.scope == TokenScope.READ
    assert token.expires_at is not None
    assert token.expires_at - timezone.now() > timedelta(days=89)
    assert "read only" in err.getvalue()

    out = StringIO()
    call_command(
        "create_api_token",
        *("alice", "--name", "sync", "--scope", "read_write", "--no-expiry"),
        stdout=out,
        stderr=StringIO(),
    )
    token = ApiToken.objects.get(prefix=out.getvalue().strip()[5:13])
    assert (token.scope, token.expires_at) == (TokenScope.READ_WRITE, None)
    with pytest.raises(CommandError, match="not allowed with argument"):
        call_command("create_api_token", "alice", "--name", "x", "--days", "3", "--no-expiry")


# --- scope ----------------------------------------------------------------------------------


def test_a_read_token_reads_and_gets_403_with_the_reason_on_writes(
    client: Client, alice: Any
) -> None:
    _token, raw = make(alice, scope=TokenScope.READ)
    assert client.get(f"{API}/me", **bearer(raw)).json()["username"] == "alice"
    assert client.get(f"{API}/frameworks", **bearer(raw)).status_code == 200
    refused = new_framework(client, raw)
    assert refused.status_code == 403
    body = refused.json()
    assert body["status"] == 403
    assert body["detail"][0]["field"] == "__all__"
    assert "read-only" in body["detail"][0]["reason"]
    assert "POST" in body["detail"][0]["reason"]
    assert not AuditEvent.objects.filter(object_type="benchmarks.framework").exists()


def test_a_read_write_token_writes(client: Client, alice: Any) -> None:
    _token, raw = make(alice, scope=TokenScope.READ_WRITE)
    assert new_framework(client, raw).status_code == 201


# --- the page ---------------------------------------------------------------------------------


def test_the_page_needs_a_signed_in_user(client: Client, db: None) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_lists_only_the_users_own_tokens(client: Client, alice: Any, bob: Any) -> None:
    mine, _raw = make(alice, name="alice's export")
    theirs, _raw = make(bob, name="bob's sync")
    client.force_login(alice)
    response = client.get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "export" in page and mine.prefix in page
    assert "sync" not in page and theirs.prefix not in page
    assert mine.digest not in page


def test_a_token_made_on_the_page_is_shown_once(client: Client, alice: Any) -> None:
    client.force_login(alice)
    form = {"name": "weekly report", "scope": "read", "days": "30"}
    response = client.post(PAGE, form)
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=alice)
    assert (token.name, token.scope) == ("weekly report", TokenScope.READ)
    assert token.expires_at is not None
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    raw = response.context["raw_token"]
    assert raw.startswith("ssrm_") and raw in response.content.decode()
    assert raw not in client.get(PAGE).content.decode()
    assert raw not in str(dict(client.session))
    assert client.get(f"{API}/me", **bearer(raw)).json()["username"] == "alice"


def test_the_page_refuses_a_longer_life_than_the_default(client: Client, alice: Any) -> None:
    client.force_login(alice)
    response = client.post(PAGE, {"name": "for ever", "scope": "read", "days": "365"})
    assert response.status_code == 422
    assert "raw_token" not in response.context or not response.context["raw_token"]
    assert not ApiToken.objects.exists()


def test_the_owner_revokes_a_token_on_the_page(client: Client, alice: Any) -> None:
    token, raw = make(alice)
    client.force_login(alice)
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="revoke", actor_name="alice").count() == 1
    assert client.get(f"{API}/me", **bearer(raw)).status_code == 401
    assert "revoked on" in client.get(PAGE).content.decode()


def test_another_users_token_cannot_be_revoked_on_the_page(
    client: Client, alice: Any, bob: Any
) -> None:
    theirs, raw = make(bob)
    client.force_login(alice)
    assert client.post(reverse("api_token_revoke", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("api_token_revoke", args=[theirs.pk])).status_code == 405
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert client.get(f"{API}/me", **bearer(raw)).json()["username"] == "bob"


def test_a_token_prefix_never_starts_like_a_command_line_option() -> None:
    """A prefix such as "-Xy1…" was read by revoke_api_token as an option (a flaky failure)."""
    from ssrmonitor.core.services import _new_raw_token

    assert all(not _new_raw_token()[5:].startswith("-") for _ in range(2000))
