"""The :class:`DeniedCase` of every second-factor service (listed in ``test_services_denied``).

Each refuses an actor holding no action (the system without ``access.manage_accounts`` nor
``access.manage_members``, and not a person acting on their own factors).
"""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from ssrmonitor.core.mfa import services
from ssrmonitor.testing.actors import Call, DeniedCase, call
from ssrmonitor.testing.factories import UserFactory


def _never() -> Any:
    raise AssertionError("the ceremony ran for an actor that was refused")


def _device() -> Call:
    device = TOTPDevice.objects.create(user=UserFactory(), name="phone", confirmed=True)
    return call(device=device, verified_with=device)


MFA_CASES: list[DeniedCase] = [
    DeniedCase(
        services.enrol_totp,
        lambda: call(key="ab" * 20, code="123456", name="phone", verified_with=None),
    ),
    DeniedCase(services.provision_totp, lambda: call(user=UserFactory(), name="phone")),
    DeniedCase(services.create_recovery_codes, lambda: call(verified_with=None)),
    DeniedCase(services.remove_device, _device),
    DeniedCase(services.reset_devices, lambda: call(user=UserFactory())),
    DeniedCase(services.verify_code, lambda: call(code="123456")),
    DeniedCase(services.register_passkey, lambda: call(complete=_never, verified_with=None)),
    DeniedCase(services.verify_passkey, lambda: call(complete=_never)),
]
