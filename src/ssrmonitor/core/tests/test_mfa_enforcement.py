"""Nothing answers a session that owes its second factor: pages, the API, the admin, HTMX."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from ssrmonitor.core import services as core_services
from ssrmonitor.core.mfa import services
from ssrmonitor.core.mfa.middleware import RECHECK_SECONDS
from ssrmonitor.core.models import Role
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.mfa import code_of, enrolled, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.real_mfa]

API = "/api/v1"


def _pending(username: str) -> Client:
    """A session that passed the password and not (yet) the second factor."""
    client = Client()
    assert sign_in(client, username).status_code == 302
    return client


def _held_page(response: Any) -> bool:
    location = response.get("Location", "")
    held = location.startswith((reverse("mfa:verify"), reverse("mfa:setup")))
    return response.status_code == 302 and held


# --- the API -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/me"),
        ("get", "/frameworks"),  # a public read: refused, not downgraded to the public's view
        ("post", "/frameworks"),
        ("get", "/openapi.json"),
    ],
)
def test_the_api_refuses_a_session_without_the_second_factor(
    rachel: Any, method: str, path: str
) -> None:
    enrolled(rachel)
    response = getattr(_pending("rachel"), method)(
        f"{API}{path}", {"title": "x", "country": "HT"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == 403
    assert body["detail"][0]["field"] == "__all__"
    assert "second step of sign-in" in body["detail"][0]["reason"]


def test_the_api_answers_the_session_once_verified(rachel: Any) -> None:
    device = enrolled(rachel)
    client = _pending("rachel")
    client.post(reverse("mfa:verify"), {"code": code_of(device)})
    me = client.get(f"{API}/me")
    assert me.status_code == 200
    assert me.json()["username"] == "rachel"


def test_a_bearer_token_is_not_asked_for_a_second_factor(rachel: Any) -> None:
    _token, raw = core_services.create_api_token(rachel, acting_user=rachel, name="script")
    client = _pending("rachel")  # an unverified session cookie rides along
    response = client.get(f"{API}/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "rachel"


def test_a_bad_bearer_token_never_falls_back_to_the_session(rachel: Any) -> None:
    client = _pending("rachel")
    response = client.get(f"{API}/me", HTTP_AUTHORIZATION="Bearer ssrm_not-a-token")
    assert response.status_code == 401


def test_a_bearer_header_does_not_open_pages(rachel: Any) -> None:
    client = _pending("rachel")
    response = client.get(
        reverse("benchmarks:review_queue"), HTTP_AUTHORIZATION="Bearer ssrm_anything"
    )
    assert _held_page(response)


# --- pages, the admin, HTMX ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/core/membership/add/", "/admin/auth/user/", "/audit/", "/nowhere/"],
)
def test_the_admin_site_and_every_page_redirect_a_superuser_without_it(
    root: Any, path: str
) -> None:
    client = _pending("root")
    assert _held_page(client.get(path)), path
    assert _held_page(client.post(path, {"user": root.pk, "role": "vetting_officer"})), path


def test_the_admin_answers_once_verified(root: Any) -> None:
    device = enrolled(root)
    client = _pending("root")
    client.post(reverse("mfa:verify"), {"code": code_of(device)})
    assert client.get("/admin/").status_code == 200


def test_htmx_requests_are_sent_to_the_second_step(rachel: Any) -> None:
    enrolled(rachel)
    response = _pending("rachel").get(reverse("audit_log"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("mfa:verify"))


def test_what_answers_before_the_second_factor(rachel: Any) -> None:
    client = _pending("rachel")
    assert client.get("/static/ssrmonitor/css/app.css").status_code == 200
    assert client.get(reverse("mfa:setup")).status_code == 200
    assert client.get(reverse("mfa:totp")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "fr", "next": "/"}).status_code == 302
    assert _held_page(client.get(reverse("home")))
    assert _held_page(client.get(reverse("login")))
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


# --- who owes it, and when -----------------------------------------------------------------


def test_a_role_granted_during_the_session_requires_it_at_once(alice: Any) -> None:
    client = _pending("alice")
    assert client.get(reverse("home")).status_code == 200
    core_services.grant_role(alice, country("CF"), Role.REVIEWER, acting_user=SYSTEM)
    assert _held_page(client.get(reverse("home")))


def test_everyone_owes_it_when_the_setting_says_all(alice: Any, settings: Any) -> None:
    settings.SSRMONITOR_MFA_REQUIRED_FOR = "all"
    assert _held_page(_pending("alice").get(reverse("home")))


def test_a_reset_ends_the_verification_of_live_sessions(rachel: Any, ada: Any) -> None:
    device = enrolled(rachel)
    client = _pending("rachel")
    client.post(reverse("mfa:verify"), {"code": code_of(device)})
    assert client.get(reverse("home")).status_code == 200
    services.reset_devices(acting_user=ada, user=rachel)
    # the verifying device is read again at most a minute later
    later = datetime.now(UTC) + timedelta(seconds=RECHECK_SECONDS + 1)
    with time_machine.travel(later):
        response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("mfa:setup"))


def test_an_optional_user_who_removed_every_factor_is_let_through(alice: Any) -> None:
    device = enrolled(alice)
    client = _pending("alice")
    assert _held_page(client.get(reverse("home")))
    client.post(reverse("mfa:verify"), {"code": code_of(device)})
    response = client.post(reverse("mfa:remove", args=["totp", device.pk]))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
