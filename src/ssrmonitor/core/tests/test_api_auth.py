"""Authentication of the API (bearer tokens, session, anonymous reading) and the core routes."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from ssrmonitor.api import field_name
from ssrmonitor.core.models import ApiToken
from ssrmonitor.core.services import (
    create_api_token,
    load_countries,
    load_missions,
    revoke_api_token,
    save_organisation,
)
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import FrameworkFactory, country

API = "/api/v1"
JSON = "application/json"


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token_for(user: Any, **kwargs: Any) -> tuple[ApiToken, str]:
    return create_api_token(user, acting_user=user, name="reporting script", **kwargs)


def assert_refused(response: Any) -> None:
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401
    assert body["detail"][0]["field"] == "__all__"
    assert body["detail"][0]["reason"]


# --- bearer tokens ----------------------------------------------------------------------


def test_token_authenticates_as_its_user(client: Client, alice: Any) -> None:
    token, raw = token_for(alice)
    me = client.get(f"{API}/me", **bearer(raw)).json()
    assert me["username"] == "alice"
    assert me["memberships"][0]["country"] == "HT"
    assert me["memberships"][0]["role"] == "editor"
    assert "benchmarks.enter_data" in me["memberships"][0]["actions"]
    assert "benchmarks.review_data" not in me["memberships"][0]["actions"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_writes_without_csrf(alice: Any) -> None:
    _, raw = token_for(alice)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{API}/frameworks",
        {"country": "HT", "title": "By script"},
        content_type=JSON,
        **bearer(raw),
    )
    assert response.status_code == 201, response.json()


def test_last_use_is_written_at_most_once_a_minute(client: Client, alice: Any) -> None:
    token, raw = token_for(alice)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(f"{API}/me", **bearer(raw))
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get(f"{API}/me", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        client.get(f"{API}/me", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(minutes=2)


def test_revoked_token_is_refused(client: Client, alice: Any) -> None:
    token, raw = token_for(alice)
    revoke_api_token(token, acting_user=alice)
    assert_refused(client.get(f"{API}/me", **bearer(raw)))


def test_expired_token_is_refused(client: Client, alice: Any) -> None:
    _, raw = token_for(alice, expires_at=timezone.now() + timedelta(days=1))
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert_refused(client.get(f"{API}/me", **bearer(raw)))


def test_token_of_an_inactive_user_is_refused(client: Client, alice: Any) -> None:
    _, raw = token_for(alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert_refused(client.get(f"{API}/me", **bearer(raw)))


@pytest.mark.parametrize("raw", ["ssrm_not-a-token", "something-else", ""])
def test_unknown_token_is_refused_even_on_public_routes(client: Client, db: None, raw: str) -> None:
    """A wrong token never falls back to anonymous reading: the client must know."""
    assert_refused(client.get(f"{API}/frameworks", HTTP_AUTHORIZATION=f"Bearer {raw}"))


def test_token_does_not_widen_what_its_user_sees(client: Client, bob: Any) -> None:
    draft = FrameworkFactory(country=country("HT"), is_published=False, status="draft")
    _, raw = token_for(bob)
    assert client.get(f"{API}/frameworks/{draft.pk}", **bearer(raw)).status_code == 404


# --- session and anonymous ---------------------------------------------------------------


def test_session_writes_need_the_csrf_token(alice: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    refused = client.post(f"{API}/frameworks", {"country": "HT", "title": "x"}, content_type=JSON)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"][0]["reason"]
    csrf = "k" * 32  # the secret in the cookie, repeated in the header
    client.cookies["csrftoken"] = csrf
    accepted = client.post(
        f"{API}/frameworks",
        {"country": "HT", "title": "x"},
        content_type=JSON,
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert accepted.status_code == 201, accepted.json()


def test_anonymous_reads_and_cannot_write(client: Client, db: None) -> None:
    me = client.get(f"{API}/me").json()
    assert me == {
        "username": None,
        "is_authenticated": False,
        "is_superuser": False,
        "memberships": [],
    }
    response = client.post(f"{API}/frameworks", {"country": "HT", "title": "x"}, content_type=JSON)
    assert_refused(response)


def test_superuser_is_reported(client: Client, root: Any) -> None:
    client.force_login(root)
    assert client.get(f"{API}/me").json()["is_superuser"] is True


# --- reference data ----------------------------------------------------------------------


def test_countries_carry_their_m49_region_and_filter_by_it(client: Client, db: None) -> None:
    load_countries(acting_user=SYSTEM)
    africa = client.get(f"{API}/countries?region=Africa&limit=200").json()
    assert africa["count"] == 60
    assert {c["region_code"] for c in africa["items"]} == {"002"}
    by_code = client.get(f"{API}/countries?region=002&subregion=202&limit=1").json()
    assert by_code["count"] > 40
    assert by_code["items"][0]["subregion_name"] == "Sub-Saharan Africa"
    haiti = [
        c
        for c in client.get(f"{API}/countries?region=019&limit=200").json()["items"]
        if c["iso2"] == "HT"
    ]
    assert haiti[0]["intermediate_region_name"] == "Caribbean"


def test_missions_list_and_detail(client: Client, db: None) -> None:
    load_countries(acting_user=SYSTEM)
    load_missions(acting_user=SYSTEM)
    haiti = client.get(f"{API}/missions?country=HT&limit=200").json()
    acronyms = {m["acronym"] for m in haiti["items"]}
    assert {"MINUSTAH", "MINUJUSTH"} <= acronyms
    first = haiti["items"][0]
    assert client.get(f"{API}/missions/{first['id']}").json() == first
    assert client.get(f"{API}/missions/999999").status_code == 404
    ended = client.get(f"{API}/missions?country=HT&current=false&limit=200").json()
    assert all(not m["is_current"] for m in ended["items"])


def test_organisations_are_listed_and_searchable(client: Client, db: None) -> None:
    save_organisation(
        acting_user=SYSTEM, name="UNDP", iati_identifier="XM-DAC-41114", iati_type="40"
    )
    save_organisation(
        acting_user=SYSTEM, name="Haitian National Police", iati_identifier=None, iati_type="10"
    )
    found = client.get(f"{API}/organisations?q=police").json()
    assert [o["name"] for o in found["items"]] == ["Haitian National Police"]
    assert (
        client.get(f"{API}/organisations?iati_type=40").json()["items"][0]["iati_identifier"]
        == "XM-DAC-41114"
    )


# --- the error shape --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loc", "field"),
    [
        (("body", "payload", "value"), "value"),
        (("body", "payload", "disaggregations", 0, "value"), "disaggregations.0.value"),
        (("query", "limit"), "limit"),
        (("body", "payload"), "__all__"),
        (("path", "measurement_id"), "measurement_id"),
    ],
)
def test_error_locations_become_dotted_field_names(loc: tuple[Any, ...], field: str) -> None:
    assert field_name(loc) == field


# --- management commands ----------------------------------------------------------------


def test_create_api_token_prints_a_working_token_once(client: Client, alice: Any) -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "create_api_token",
        "alice",
        "--name",
        "nightly export",
        "--days",
        "30",
        stdout=out,
        stderr=err,
    )
    raw = out.getvalue().strip()
    assert raw.startswith("ssrm_")
    token = ApiToken.objects.get(user=alice)
    assert raw not in (token.digest, token.prefix)
    assert token.expires_at is not None
    assert token.expires_at - timezone.now() > timedelta(days=29)
    assert "cannot be shown again" in err.getvalue()
    assert client.get(f"{API}/me", **bearer(raw)).json()["username"] == "alice"


def test_create_api_token_refuses_unknown_users(db: None) -> None:
    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_token", "nobody", "--name", "x", stdout=StringIO())


def test_revoke_api_token_by_prefix_or_whole(client: Client, alice: Any) -> None:
    first, raw_first = token_for(alice)
    _, raw_second = token_for(alice)
    out = StringIO()
    call_command("revoke_api_token", first.prefix, stdout=out)
    assert "Revoked" in out.getvalue()
    call_command("revoke_api_token", raw_second, "--user", "alice", stdout=StringIO())
    assert_refused(client.get(f"{API}/me", **bearer(raw_first)))
    assert_refused(client.get(f"{API}/me", **bearer(raw_second)))
    with pytest.raises(CommandError, match="No active token"):
        call_command("revoke_api_token", first.prefix, stdout=StringIO())
