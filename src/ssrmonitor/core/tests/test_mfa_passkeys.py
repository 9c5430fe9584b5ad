"""Passkeys: who may start each ceremony, and what a completed one does to the session.

django-otp-webauthn ships no test double of an authenticator, so the signed WebAuthn messages
themselves are not produced here: the cryptographic checks (py_webauthn's verification of the
attestation and of the assertion's signature, origin and challenge) are not covered. What is
covered: who may begin each ceremony (passwordless sign-in is off; a new passkey needs a
verified session once there is a factor), that a forged answer is refused, and — with the
library's verification replaced by a stand-in that returns a stored credential — that a
completed ceremony goes through the audited services and verifies the session.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from ssrmonitor.core.mfa.passkeys import relying_party_id
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.mfa import code_of, enrolled, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.real_mfa]

URLS = {
    name: reverse(f"otp_webauthn:credential-{name}")
    for name in (
        "registration-begin",
        "registration-complete",
        "authentication-begin",
        "authentication-complete",
    )
}


def _pending(username: str) -> Client:
    client = Client()
    assert sign_in(client, username).status_code == 302
    return client


def _passkey(user: Any, credential_id: bytes = b"credential-1") -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user,
        name="laptop",
        credential_id=credential_id,
        public_key=b"not-a-real-key",
        aaguid="00000000-0000-0000-0000-000000000000",
    )


def _post(client: Client, name: str, body: Any = None, **extra: Any) -> Any:
    return client.post(URLS[name], json.dumps(body or {}), content_type="application/json", **extra)


def _verified(client: Client) -> bool:
    return client.get(reverse("benchmarks:review_queue")).status_code == 200


def test_the_relying_party_is_the_host_asked_for() -> None:
    request = RequestFactory().get("/", HTTP_HOST="localhost:8000")
    assert relying_party_id(request) == "localhost"


def test_there_is_no_sign_in_with_a_passkey_alone(rachel: Any) -> None:
    _passkey(rachel)
    anonymous = Client()
    begin = _post(anonymous, "authentication-begin")
    assert begin.status_code == 403
    assert begin.json()["code"] == "passwordless_login_disabled"
    assert _post(anonymous, "registration-begin").status_code == 403


def test_a_first_passkey_may_be_registered_before_any_other_factor(rachel: Any) -> None:
    client = _pending("rachel")
    response = _post(client, "registration-begin")
    assert response.status_code == 200
    options = response.json()
    assert options["rp"] == {"name": "SSR Monitor", "id": "testserver"}
    assert options["user"]["name"] == "rachel"
    assert options["challenge"]
    assert "otp_webauthn_register_state" in client.session


def test_another_passkey_needs_a_verified_session(rachel: Any) -> None:
    device = enrolled(rachel)
    client = _pending("rachel")
    refused = _post(client, "registration-begin")
    assert refused.status_code == 403
    assert refused.json()["code"] == "user_not_verified"
    client.post(reverse("mfa:verify"), {"code": code_of(device)})
    assert _post(client, "registration-begin").status_code == 200


def test_a_pending_session_may_begin_a_passkey_check(rachel: Any) -> None:
    _passkey(rachel)
    client = _pending("rachel")
    page = client.get(reverse("mfa:verify"))
    assert 'id="passkey-verification-placeholder"' in page.content.decode()
    response = _post(client, "authentication-begin")
    assert response.status_code == 200
    allowed = response.json()["allowCredentials"]
    assert [item["type"] for item in allowed] == ["public-key"]


def test_a_forged_assertion_is_refused(rachel: Any) -> None:
    _passkey(rachel)
    client = _pending("rachel")
    _post(client, "authentication-begin")
    forged = {"id": "Y3JlZGVudGlhbC0x", "rawId": "Y3JlZGVudGlhbC0x", "type": "public-key",
              "response": {"clientDataJSON": "e30", "authenticatorData": "AAAA",
                           "signature": "AAAA"}}  # fmt: skip
    response = _post(client, "authentication-complete", forged)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    assert not _verified(client)
    assert not AuditEvent.objects.filter(action="verify").exists()


def test_a_completed_passkey_check_verifies_the_session(
    rachel: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    credential = _passkey(rachel)
    monkeypatch.setattr(WebAuthnHelper, "authenticate_complete", lambda *a, **k: credential)
    client = _pending("rachel")
    _post(client, "authentication-begin")
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post(
        f"{URLS['authentication-complete']}?next=/review/", "{}", content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {"id": credential.pk, "redirect_url": "/review/"}
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert _verified(client)
    event = AuditEvent.objects.get(action="verify")
    assert event.after == {"user": rachel.pk, "kind": "passkey", "name": "laptop"}


def test_someone_elses_passkey_does_not_verify_the_session(
    rachel: Any, reuben: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _passkey(rachel)
    theirs = _passkey(reuben, b"credential-2")
    monkeypatch.setattr(WebAuthnHelper, "authenticate_complete", lambda *a, **k: theirs)
    client = _pending("rachel")
    _post(client, "authentication-begin")
    response = _post(client, "authentication-complete")
    assert response.status_code == 403
    assert not _verified(client)


def test_a_completed_registration_goes_through_the_service(
    rachel: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def register(helper: Any, *, user: Any, state: Any, data: Any) -> WebAuthnCredential:
        credential = _passkey(user)
        credential.name = ""
        credential.save()
        return credential

    monkeypatch.setattr(WebAuthnHelper, "register_complete", register)
    client = _pending("rachel")
    assert _post(client, "registration-begin").status_code == 200
    response = _post(client, "registration-complete")
    assert response.status_code == 200
    credential = WebAuthnCredential.objects.get(user=rachel)
    assert response.json() == {"id": credential.pk}
    assert credential.name == "Passkey"
    assert _verified(client)  # the first factor verified this session
    event = AuditEvent.objects.get(action="create", object_type=credential._meta.label_lower)
    assert event.after == {"user": rachel.pk, "kind": "passkey", "name": "Passkey"}
    assert _post(client, "registration-complete").status_code == 400  # the state is used up


def test_the_passkey_script_comes_from_this_site(rachel: Any) -> None:
    client = _pending("rachel")
    page = client.get(reverse("mfa:setup"))
    html = page.content.decode()
    assert 'src="/static/django_otp_webauthn/otp_webauthn_register.js"' in html
    assert f'src="{reverse("otp_webauthn:js-i18n-catalog")}"' in html
    assert 'src="/static/core/mfa.js"' in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert client.get("/static/django_otp_webauthn/otp_webauthn_register.js").status_code == 200
    assert client.get(reverse("otp_webauthn:js-i18n-catalog")).status_code == 200
