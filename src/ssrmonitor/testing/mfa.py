"""The second factor in tests: ``force_login`` passes it, unless a test drives it for real.

Every test that signs a persona in with ``client.force_login(rachel)`` gets a session that has
also passed the second factor when rachel needs one (a reviewer, an administrator, a vetting
role, a superuser; everyone with ``SSRMONITOR_MFA_REQUIRED_FOR=all``), verified with a real
django-otp device named :data:`TEST_DEVICE`, so django-otp's middleware accepts it as any
other. Tests of the second factor itself mark themselves ``@pytest.mark.real_mfa``: their
``force_login`` is Django's own, and the session owes its second factor.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test.client import ClientMixin
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssrmonitor.core.mfa.devices import current_code
from ssrmonitor.core.mfa.middleware import note_checked
from ssrmonitor.core.mfa.permissions import required_for
from ssrmonitor.core.models import Membership

TEST_DEVICE = "test kit"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_mfa: force_login does not pass the second factor; the test drives it for real",
    )


def needs_second_factor(user: User) -> bool:
    """Whether ``user`` must pass the second factor now (read afresh, nothing cached)."""
    roles = Membership.objects.filter(user=user).values_list("role", flat=True)
    return required_for(superuser=bool(user.is_active and user.is_superuser), roles=roles)


def pass_second_factor(client: Any, user: User) -> Any:
    """Mark ``client``'s session as verified by a test device of ``user``; return the device."""
    device = TOTPDevice.objects.filter(user=user, name=TEST_DEVICE).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TEST_DEVICE, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    note_checked(session, device)
    session.save()
    return device


_real = {"mfa": False}  # set while a test marked ``real_mfa`` runs


@pytest.fixture(autouse=True, scope="session")
def _force_login_passes_the_second_factor() -> Iterator[None]:
    """For the whole run, so that module-scoped worlds (the route matrix) get it too."""
    original = ClientMixin.force_login

    def force_login(self: Any, user: User, backend: str | None = None) -> None:
        original(self, user, backend)
        if not _real["mfa"] and needs_second_factor(user):
            pass_second_factor(self, user)

    ClientMixin.force_login = force_login  # type: ignore[method-assign]
    yield
    ClientMixin.force_login = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _real_mfa_when_marked(request: pytest.FixtureRequest) -> Iterator[None]:
    _real["mfa"] = request.node.get_closest_marker("real_mfa") is not None
    yield
    _real["mfa"] = False


# --- helpers of the tests that drive the second factor for real -----------------------------

PASSWORD = "correct horse battery staple"  # noqa: S105 (the factories' password)


def enrolled(user: User, name: str = "phone") -> Any:
    """A confirmed authenticator app of ``user`` (made directly, as an operator's data)."""
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def code_of(device: Any, *, steps: int = 0) -> str:
    """The code ``device`` shows now, or ``steps`` time steps later (a code is used once)."""
    return current_code(device, at=time.time() + steps * int(device.step))


def sign_in(client: Any, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    """The first step: the sign-in form with the password."""
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)
