"""Multi-factor sign-in driven for real: enrolment, sign-in with each code, lock-out."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssrmonitor.core.mfa import services
from ssrmonitor.core.mfa.views import PENDING_KEY
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.mfa import code_of, enrolled, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.real_mfa]

REVIEW_QUEUE = "benchmarks:review_queue"


def _code_for_key(hex_key: str, *, at: float) -> str:
    totp = TOTP(bytes.fromhex(hex_key))
    totp.time = at
    return str(totp.token()).zfill(6)


def _verify(client: Client, code: str, next_url: str = "") -> Any:
    return client.post(reverse("mfa:verify"), {"code": code, "next": next_url})


def _wrong(device: Any) -> str:
    """A code that the device does not accept now (nor one step before or after)."""
    near = {code_of(device, steps=steps) for steps in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in near)


def _verified(client: Client) -> bool:
    return client.get(reverse(REVIEW_QUEUE)).status_code == 200


# --- enrolment ---------------------------------------------------------------------------


def test_a_reviewer_without_a_second_factor_must_set_one_up_first(rachel: Any) -> None:
    client = Client()
    assert sign_in(client, "rachel")["Location"] == reverse("home")
    held = client.get(reverse(REVIEW_QUEUE))
    assert held.status_code == 302
    assert held["Location"].startswith(reverse("mfa:setup") + "?next=")
    page = client.get(held["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Your role gives access to sensitive data" in html
    assert reverse("mfa:totp") in html
    assert 'id="passkey-registration-placeholder"' in html


def test_enrolling_an_authenticator_app(rachel: Any) -> None:
    client = Client()
    sign_in(client, "rachel")
    page = client.get(reverse("mfa:totp"), {"next": reverse(REVIEW_QUEUE)})
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    key = client.session[PENDING_KEY]
    html = page.content.decode()
    assert "otpauth://totp/SSR%20Monitor%3Arachel?secret=" in html
    assert "<svg" in html and 'class="qr"' in html
    setup_key = page.context["setup_key"]
    assert setup_key.replace(" ", "") in html.replace(" ", "")

    wrong = client.post(reverse("mfa:totp"), {"code": "000000", "name": "work phone"})
    assert wrong.status_code == 422
    assert "This code does not match" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=rachel).exists()

    right = client.post(
        reverse("mfa:totp"),
        {
            "code": _code_for_key(key, at=datetime.now(UTC).timestamp()),
            "name": "work phone",
            "next": reverse(REVIEW_QUEUE),
        },
    )
    assert right.status_code == 302
    assert right["Location"].startswith(reverse("mfa:recovery_codes"))
    device = TOTPDevice.objects.get(user=rachel)
    assert (device.name, device.confirmed, device.key) == ("work phone", True, key)
    assert PENDING_KEY not in client.session
    assert _verified(client)  # the new device verified this session
    event = AuditEvent.objects.get(action="create", object_type="otp_totp.totpdevice")
    assert event.after == {"user": rachel.pk, "kind": "totp", "name": "work phone"}
    assert key not in json.dumps(event.after)


def test_recovery_codes_are_shown_once_and_stored_as_digests(rachel: Any) -> None:
    client = Client()
    device = enrolled(rachel)
    sign_in(client, "rachel")
    _verify(client, code_of(device))
    page = client.post(reverse("mfa:recovery_codes"), {"next": "/"})
    codes = page.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in page.content.decode() for code in codes)
    assert "no-store" in page["Cache-Control"]
    stored = set(StaticToken.objects.filter(device__user=rachel).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {code.replace("-", "") for code in codes} and not stored & set(codes)
    again = client.get(reverse("mfa:recovery_codes"))
    assert not any(code in again.content.decode() for code in codes)
    assert "You have 10 unused recovery codes." in again.content.decode()


def test_an_unverified_session_cannot_add_a_factor_nor_make_codes(rachel: Any) -> None:
    enrolled(rachel)
    client = Client()
    sign_in(client, "rachel")
    for name in ("mfa:totp", "mfa:setup", "mfa:recovery_codes", "mfa:devices"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa:verify")), name
    assert client.post(reverse("mfa:recovery_codes")).status_code == 302
    assert not StaticToken.objects.exists()


# --- sign-in with each code ----------------------------------------------------------------


def test_sign_in_with_an_authenticator_app(rachel: Any) -> None:
    device = enrolled(rachel)
    client = Client()
    sign_in(client, "rachel")
    held = client.get(reverse(REVIEW_QUEUE))
    assert (
        held["Location"] == f"{reverse('mfa:verify')}?{urlencode({'next': reverse(REVIEW_QUEUE)})}"
    )
    page = client.get(held["Location"])
    assert page.status_code == 200
    assert "Second step of sign-in" in page.content.decode()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = _verify(client, code_of(device), next_url=reverse(REVIEW_QUEUE))
    assert response.status_code == 302
    assert response["Location"] == reverse(REVIEW_QUEUE)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before  # new session key
    assert _verified(client)
    assert AuditEvent.objects.filter(action="verify", actor_name="rachel").count() == 1


def test_a_code_works_once(rachel: Any) -> None:
    device = enrolled(rachel)
    first, second = Client(), Client()
    code = code_of(device)
    for client in (first, second):
        sign_in(client, "rachel")
    assert _verify(first, code).status_code == 302
    refused = _verify(second, code)
    assert refused.status_code == 422
    assert "This code is not right, or it was used already." in refused.content.decode()
    assert not _verified(second)


def test_sign_in_with_a_recovery_code(rachel: Any) -> None:
    device = enrolled(rachel)
    codes = services.create_recovery_codes(acting_user=rachel, verified_with=device)
    client = Client()
    sign_in(client, "rachel")
    typed = f"  {codes[3].upper().replace('-', ' ')} "
    response = client.post(reverse("mfa:verify"), {"code": typed, "next": "/"}, follow=True)
    assert response.status_code == 200
    assert "You used a recovery code: 9 are left." in response.content.decode()
    assert _verified(client)
    other = Client()
    sign_in(other, "rachel")
    assert _verify(other, codes[3]).status_code == 422  # used up
    assert StaticToken.objects.filter(device__user=rachel).count() == 9


def test_the_next_page_must_be_of_this_site(rachel: Any) -> None:
    device = enrolled(rachel)
    client = Client()
    sign_in(client, "rachel")
    response = _verify(client, code_of(device), next_url="https://evil.example/")
    assert response["Location"] == reverse("home")


# --- lock-out ------------------------------------------------------------------------------


def test_a_wrong_code_locks_the_next_try_even_with_the_right_code(rachel: Any) -> None:
    device = enrolled(rachel)
    client = Client()
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, "rachel")
        assert _verify(client, _wrong(device)).status_code == 422
        locked = _verify(client, code_of(device))
        assert locked.status_code == 422
        assert "Too many wrong codes: wait 1 second before the next try." in locked.content.decode()
        assert not _verified(client)
        clock.shift(timedelta(seconds=2))
        assert _verify(client, code_of(device)).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_each_failure_doubles_the_wait(rachel: Any) -> None:
    device = enrolled(rachel)
    client = Client()
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, "rachel")
        for attempt in range(5):
            assert _verify(client, _wrong(device)).status_code == 422
            clock.shift(timedelta(seconds=2**attempt))
        # five failures: 16 seconds after the last one; 15 have passed since it
        clock.shift(timedelta(seconds=-1))
        locked = _verify(client, code_of(device))
        assert "Too many wrong codes: wait 1 second" in locked.content.decode()
        clock.shift(timedelta(seconds=1))
        assert _verify(client, code_of(device)).status_code == 302
    failures = AuditEvent.objects.filter(action="verify_failed", actor_name="rachel")
    assert [event.after["failures"] for event in failures.order_by("id")] == [1, 2, 3, 4, 5]


def test_recovery_codes_are_locked_out_too(rachel: Any) -> None:
    device = enrolled(rachel)
    codes = services.create_recovery_codes(acting_user=rachel, verified_with=device)
    client = Client()
    sign_in(client, "rachel")
    assert _verify(client, "aaaa-bbbb-cccc-dddd").status_code == 422
    locked = _verify(client, codes[0])
    assert "Too many wrong codes" in locked.content.decode()
    assert StaticToken.objects.filter(device__user=rachel).count() == 10


# --- who is asked ----------------------------------------------------------------------------


def test_an_editor_without_a_second_factor_signs_in_with_the_password(alice: Any) -> None:
    client = Client()
    sign_in(client, "alice")
    assert client.get(reverse("benchmarks:country", args=["HT"])).status_code == 200


def test_an_editor_who_enrolled_is_asked_for_it(alice: Any) -> None:
    device = enrolled(alice)
    client = Client()
    sign_in(client, "alice")
    held = client.get(reverse("home"))
    assert held["Location"].startswith(reverse("mfa:verify"))
    assert _verify(client, code_of(device)).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_the_second_step_sends_elsewhere_when_there_is_nothing_to_do(
    alice: Any, rachel: Any
) -> None:
    editor = Client()
    sign_in(editor, "alice")
    assert editor.get(reverse("mfa:verify"))["Location"] == reverse("home")
    reviewer = Client()
    sign_in(reviewer, "rachel")
    assert reviewer.get(reverse("mfa:verify"))["Location"].startswith(reverse("mfa:setup"))
    anonymous = Client().get(reverse("mfa:verify"))
    assert anonymous["Location"].startswith(reverse("login"))
