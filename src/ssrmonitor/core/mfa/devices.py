"""A person's second factors (read side) and the shapes of their codes.

Three kinds: an authenticator app (``totp``, django-otp's ``TOTPDevice``), a passkey
(``passkey``, django-otp-webauthn's ``WebAuthnCredential``) and recovery codes (``recovery``,
one django-otp ``StaticDevice`` per person). Recovery codes are 80 random bits, shown once and
stored only as a SHA-256 digest (the device's token column holds 16 characters: 96 bits of it).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from base64 import b32encode, urlsafe_b64encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import segno
from django.contrib.auth.models import User
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.oath import TOTP as TotpClock
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from django_otp_webauthn.models import WebAuthnCredential

from ssrmonitor.core.permissions import NotFound

TOTP = "totp"
PASSKEY = "passkey"
RECOVERY = "recovery"
KIND_LABELS = {
    TOTP: gettext_lazy("Authenticator app"),
    PASSKEY: gettext_lazy("Passkey"),
    RECOVERY: gettext_lazy("Recovery codes"),
}
MODELS: dict[str, Any] = {TOTP: TOTPDevice, PASSKEY: WebAuthnCredential, RECOVERY: StaticDevice}
PRIMARY_KINDS = (TOTP, PASSKEY)
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # base32, 5 bits a character


@dataclass(frozen=True)
class DeviceRow:
    """One second factor as a page lists it."""

    kind: str
    pk: int
    name: str
    created_at: datetime | None
    last_used_at: datetime | None

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


def kind_of(device: Any) -> str:
    """``totp``, ``passkey`` or ``recovery``."""
    for kind, model in MODELS.items():
        if isinstance(device, model):
            return kind
    raise ValueError(f"not a second factor: {device!r}")


def devices_of(user: User) -> list[DeviceRow]:
    """The authenticator apps and passkeys of ``user``, oldest first."""
    rows = [
        DeviceRow(kind, device.pk, device.name, device.created_at, device.last_used_at)
        for kind in PRIMARY_KINDS
        for device in MODELS[kind].objects.filter(user=user, confirmed=True).order_by("pk")
    ]
    return sorted(rows, key=lambda row: (row.created_at is None, row.created_at, row.pk))


def all_devices(user: User) -> list[Any]:
    """Every second factor of ``user``, of every kind, confirmed or not."""
    return [device for model in MODELS.values() for device in model.objects.filter(user=user)]


def has_any_device(user: User) -> bool:
    """Whether ``user`` has any confirmed second factor (recovery codes included)."""
    return any(
        model.objects.filter(user=user, confirmed=True).exists() for model in MODELS.values()
    )


def has_primary_device(user: User) -> bool:
    """Whether ``user`` has an authenticator app or a passkey."""
    return any(
        MODELS[kind].objects.filter(user=user, confirmed=True).exists() for kind in PRIMARY_KINDS
    )


def primary_device_count(user: User) -> int:
    """How many authenticator apps and passkeys ``user`` has."""
    return sum(
        MODELS[kind].objects.filter(user=user, confirmed=True).count() for kind in PRIMARY_KINDS
    )


def recovery_codes_left(user: User) -> int:
    """How many unused recovery codes ``user`` has."""
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def own_device(user: User, kind: str, pk: int) -> Any:
    """A second factor of ``user`` by kind and id; :class:`NotFound` for anyone else's."""
    model = MODELS.get(kind)
    device = model.objects.filter(user=user, pk=pk).first() if model is not None else None
    if device is None:
        raise NotFound
    return device


# --- authenticator apps (TOTP) ---------------------------------------------------------------


def new_totp_key() -> str:
    """A fresh TOTP secret: 20 random bytes, hex-encoded as django-otp stores them."""
    return str(random_hex(20))


def base32_key(hex_key: str) -> str:
    """The set-up key an authenticator app asks for, in groups of four characters."""
    text = b32encode(unhexlify(hex_key.encode())).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def otpauth_uri(user: User, hex_key: str) -> str:
    """The ``otpauth://totp/…`` URI of a key (issuer ``SSR Monitor``, the username)."""
    return str(TOTPDevice(user=user, key=hex_key).config_url)


def qr_svg(uri: str) -> SafeString:
    """The URI as an inline SVG QR code (no script, no style attribute, no external file)."""
    code = segno.make(uri, error="m", micro=False)
    title = _("QR code of the set-up key")
    return mark_safe(  # noqa: S308 (segno writes the SVG and escapes the title)
        code.svg_inline(scale=4, border=4, dark="#000", light="#fff", title=title, svgclass="qr")
    )


def totp_step(hex_key: str, code: str, *, tolerance: int = 1) -> int | None:
    """The time step at which ``code`` is right for ``hex_key`` now, or ``None``."""
    text = normalise_code(code)
    if not looks_like_totp(text):
        return None
    totp = TotpClock(unhexlify(hex_key.encode()), 30, 0, 6, 0)
    totp.time = time.time()
    if not totp.verify(int(text), tolerance):
        return None
    return int(totp.t())


def current_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code ``device`` shows now (for the demo's ``totp_code`` command and tests)."""
    totp = TotpClock(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return str(totp.token()).zfill(int(device.digits))


# --- recovery codes ------------------------------------------------------------------------


def new_recovery_code() -> str:
    """A recovery code of 80 random bits, as ``xxxx-xxxx-xxxx-xxxx``."""
    text = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def normalise_code(text: str) -> str:
    """A typed code without spaces and dashes, in lower case."""
    return "".join(char for char in text if char.isalnum()).lower()


def looks_like_totp(normalised: str) -> bool:
    return normalised.isdigit() and len(normalised) in (6, 8)


def recovery_digest(code: str) -> str:
    """What is stored of a recovery code: 96 bits of its SHA-256, in 16 characters."""
    digest = hashlib.sha256(normalise_code(code).encode()).digest()[:12]
    return urlsafe_b64encode(digest).decode()
