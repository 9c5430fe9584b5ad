"""Every change of a second factor: enrolment, recovery codes, removal, reset and each check.

Atomic, audited, permission first. A person enrols, checks and removes only their own
factors; once they have one, changing them needs a session verified with one
(``verified_with``: the device that verified the session, ``None`` when it is not verified).
Each check of a code is a write too (django-otp's throttling counts failures, a recovery code
is used up): it is audited whether it succeeds or fails, and a failure is kept, never rolled
back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, SystemActor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.mfa import devices
from ssrmonitor.core.mfa.devices import PASSKEY, RECOVERY, TOTP
from ssrmonitor.core.mfa.permissions import (
    audit_country_of_reset,
    can_reset_devices,
    second_factor_required,
)
from ssrmonitor.core.permissions import Action, Denied, has_action
from ssrmonitor.core.writes import require


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a typed code: the device that took it, or why none did."""

    device: Any = None
    locked_until: datetime | None = None


def _own(acting_user: Actor) -> User:
    if not isinstance(acting_user, User) or not acting_user.is_authenticated:
        raise Denied(_("Only the person signed in can change their own second factor."))
    return acting_user


def _verified(user: User, verified_with: Any) -> None:
    # a session's device is read lazily: one removed since reads as missing (None)
    if verified_with is None or getattr(verified_with, "user_id", None) != user.pk:
        raise Denied(_("Confirm it is you with your second factor first."))


def _facts(device: Any, **extra: Any) -> dict[str, Any]:
    return {"user": device.user_id, "kind": devices.kind_of(device), "name": device.name, **extra}


@transaction.atomic(durable=True)
def enrol_totp(*, acting_user: Actor, key: str, code: str, name: str, verified_with: Any) -> Any:
    """Add an authenticator app for oneself, once it shows the right code for ``key``."""
    user = _own(acting_user)
    if devices.has_any_device(user):
        _verified(user, verified_with)
    if len(key) != 40 or any(char not in "0123456789abcdef" for char in key):
        raise ValidationFailed.one("__all__", _("The set-up key has expired: start again."))
    step = devices.totp_step(key, code)
    if step is None:
        raise ValidationFailed.one(
            "code",
            _(
                "This code does not match. Check the time on your phone and type the code "
                "shown now."
            ),
        )
    device = TOTPDevice.objects.create(
        user=user, name=name or str(devices.KIND_LABELS[TOTP]), key=key, confirmed=True, last_t=step
    )
    audit.record(actor=user, action="create", obj=device, after=_facts(device))
    return device


@transaction.atomic(durable=True)
def provision_totp(*, acting_user: Actor, user: User, name: str) -> tuple[Any, str]:
    """An authenticator app for ``user`` set up by an operator's command (the demo).

    Only the system holding ``access.manage_accounts`` may: a person never sets up a second
    factor for someone else. Returns the device and its set-up key (base32), shown once.
    """
    require(
        (
            isinstance(acting_user, SystemActor)
            and has_action(acting_user, None, Action.MANAGE_ACCOUNTS),
            _("Only an operator's command can set up a second factor for someone else."),
        )
    )
    key = devices.new_totp_key()
    device = TOTPDevice.objects.create(user=user, name=name, key=key, confirmed=True)
    audit.record(actor=acting_user, action="create", obj=device, after=_facts(device))
    return device, devices.base32_key(key)


@transaction.atomic(durable=True)
def create_recovery_codes(*, acting_user: Actor, verified_with: Any) -> list[str]:
    """New recovery codes for oneself, replacing any left; returned once, stored as digests."""
    user = _own(acting_user)
    _verified(user, verified_with)
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(
            user=user, name=str(devices.KIND_LABELS[RECOVERY]), confirmed=True
        )
    left = device.token_set.count()
    device.token_set.all().delete()
    codes = [devices.new_recovery_code() for _ in range(devices.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=devices.recovery_digest(code)) for code in codes
    )
    audit.record(
        actor=user,
        action="create",
        obj=device,
        before={"codes": left} if left else None,
        after=_facts(device, codes=len(codes)),
    )
    return codes


@transaction.atomic(durable=True)
def remove_device(*, acting_user: Actor, device: Any, verified_with: Any) -> None:
    """Remove one of one's own second factors.

    Someone whose role requires a second factor keeps at least one authenticator app or
    passkey: they add another before removing the last.
    """
    user = _own(acting_user)
    require((device.user_id == user.pk, _("This is not one of your second factors.")))
    _verified(user, verified_with)
    kind = devices.kind_of(device)
    if (
        kind in devices.PRIMARY_KINDS
        and second_factor_required(user)
        and devices.primary_device_count(user) <= 1
    ):
        raise ValidationFailed.one(
            "__all__",
            _(
                "Your role requires a second factor: add another authenticator app or passkey "
                "before removing this one."
            ),
        )
    audit.record(actor=user, action="delete", obj=device, before=_facts(device))
    device.delete()


@transaction.atomic(durable=True)
def reset_devices(*, acting_user: Actor, user: User) -> int:
    """Remove every second factor of ``user`` (lost phone): they enrol again at next sign-in.

    Superusers, or administrators of a country where ``user`` holds a role; never one's own.
    Returns how many were removed.
    """
    require(can_reset_devices(acting_user, user))
    found = devices.all_devices(user)
    if not found:
        return 0
    audit.record(
        actor=acting_user,
        action="reset",
        obj=user,
        country_iso2=audit_country_of_reset(acting_user, user),
        before={"devices": [f"{devices.kind_of(d)}: {d.name}" for d in found]},
        after={"devices": []},
    )
    for device in found:
        device.delete()
    return len(found)


@transaction.atomic(durable=True)
def verify_code(*, acting_user: Actor, code: str) -> CodeCheck:
    """The second step of sign-in with a code from an authenticator app or a recovery code.

    Each wrong code locks the devices it was tried on for 1, 2, 4, 8… seconds (django-otp's
    throttling); a locked device is not tried, so a right code is refused until the lock ends.
    """
    user = _own(acting_user)
    text = devices.normalise_code(code)
    if devices.looks_like_totp(text):
        model, token = TOTPDevice, text
    else:
        model, token = StaticDevice, devices.recovery_digest(text)
    candidates = list(model.objects.filter(user=user, confirmed=True).select_for_update())
    locks: list[datetime] = []
    for device in candidates:
        allowed, info = device.verify_is_allowed()
        if not allowed:
            locks.append(info["locked_until"])
            continue
        if device.verify_token(token):
            extra = {"codes_left": device.token_set.count()} if model is StaticDevice else {}
            audit.record(actor=user, action="verify", obj=device, after=_facts(device, **extra))
            return CodeCheck(device=device)
        audit.record(
            actor=user,
            action="verify_failed",
            obj=device,
            after=_facts(device, failures=device.throttling_failure_count),
        )
    if locks and len(locks) == len(candidates):
        return CodeCheck(locked_until=min(locks))
    return CodeCheck()


@transaction.atomic(durable=True)
def register_passkey(*, acting_user: Actor, complete: Callable[[], Any], verified_with: Any) -> Any:
    """Add a passkey for oneself: ``complete`` runs django-otp-webauthn's verified registration."""
    user = _own(acting_user)
    if devices.has_any_device(user):
        _verified(user, verified_with)
    device = complete()
    require((device.user_id == user.pk, _("This is not one of your second factors.")))
    if not device.name:
        device.name = str(devices.KIND_LABELS[PASSKEY])
        device.save(update_fields=["name"])
    audit.record(actor=user, action="create", obj=device, after=_facts(device))
    return device


@transaction.atomic(durable=True)
def verify_passkey(*, acting_user: Actor, complete: Callable[[], Any]) -> Any:
    """The second step of sign-in with a passkey: ``complete`` checks its signed assertion."""
    user = _own(acting_user)
    device = complete()
    require((device.user_id == user.pk, _("This is not one of your second factors.")))
    audit.record(actor=user, action="verify", obj=device, after=_facts(device))
    return device
