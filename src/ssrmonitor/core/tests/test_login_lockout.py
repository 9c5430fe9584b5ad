"""Password spraying from one address is limited too (finding 16 of issue 13).

Lock-outs were per (username, address) only: one address could try a common password against
every username. Now the address alone is also locked after
``SSRMONITOR_LOGIN_ADDRESS_FAILURE_LIMIT`` failures (50 by default), whatever the usernames.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from ssrmonitor.testing.factories import member

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _fail(client: Client, username: str) -> int:
    response = client.post(reverse("login"), {"username": username, "password": "Spring2026!"})
    return int(response.status_code)


def _sign_in(username: str) -> int:
    response = Client().post(reverse("login"), {"username": username, "password": PASSWORD})
    return int(response.status_code)


def test_the_defaults_lock_the_pair_softly_and_the_address_much_later() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.SSRMONITOR_LOGIN_ADDRESS_FAILURE_LIMIT == 50
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], ["ip_address"]]


@override_settings(SSRMONITOR_LOGIN_ADDRESS_FAILURE_LIMIT=8)
def test_spraying_many_usernames_from_one_address_locks_the_address() -> None:
    member("rachel", "HT", "viewer")
    sprayer = Client()
    for number in range(7):  # each username fails once only: no pair is ever locked
        assert _fail(sprayer, f"someone-{number}") == 200
    assert _sign_in("rachel") == 302  # under the address limit: a real user still signs in
    assert _fail(sprayer, "someone-7") == 429  # the 8th failure from the address
    assert _fail(sprayer, "someone-8") == 429
    assert _sign_in("rachel") == 429  # the right password does not pass a locked address


@override_settings(SSRMONITOR_LOGIN_ADDRESS_FAILURE_LIMIT=8)
def test_a_success_does_not_wipe_the_address_count(alice: Any) -> None:
    sprayer = Client()
    for number in range(6):
        _fail(sprayer, f"someone-{number}")
    assert _sign_in("alice") == 302  # resets alice's own failures only
    _fail(sprayer, "someone-6")
    assert _fail(sprayer, "someone-7") == 429


@override_settings(SSRMONITOR_LOGIN_ADDRESS_FAILURE_LIMIT=0)
def test_the_address_limit_can_be_turned_off() -> None:
    sprayer = Client()
    assert all(_fail(sprayer, f"someone-{number}") == 200 for number in range(12))
