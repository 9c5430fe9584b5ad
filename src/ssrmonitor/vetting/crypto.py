"""Encryption at rest of vetting personal data, and keyed hashes for look-ups.

Values are sealed with AES-256-GCM (``cryptography``). A stored value reads
``v1$<key id>$<base64(nonce ‖ ciphertext ‖ tag)>``: the key id names which of
``settings.SSRMONITOR_DATA_KEYS`` sealed it, so that old values stay readable during a key
rotation. The *context* (``<app label>.<model>.<field>``) is bound as associated data: a
ciphertext copied into another column or table does not open.

Look-up indexes never hold clear text: :func:`keyed_hash` is an HMAC-SHA256 under a key derived
from the current data key, so that the database alone does not let anybody test a guessed name.
The keys live only in the environment or a key file, never in the database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import unicodedata
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models

from ssrmonitor.core.unreadable import StoredDataUnreadable

PREFIX = "v1"
NONCE_BYTES = 12


class DecryptionFailed(StoredDataUnreadable):
    """A stored value cannot be opened: unknown key id, wrong context or tampered bytes.

    Pages and API routes answer it with 409 and the reason, never a server error.
    """


def new_key() -> str:
    """A fresh random key in the form ``SSRMONITOR_DATA_KEY`` takes."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def key_id(raw: bytes) -> str:
    """The public name of a key: the first 8 hex digits of its SHA-256."""
    return hashlib.sha256(raw).hexdigest()[:8]


@cache
def _keyring(keys: tuple[str, ...]) -> tuple[str, dict[str, AESGCM], bytes]:
    raws = [base64.urlsafe_b64decode(key.encode("ascii")) for key in keys]
    ring = {key_id(raw): AESGCM(raw) for raw in raws}
    index_key = hmac.new(raws[0], b"ssrmonitor lookup index v1", hashlib.sha256).digest()
    return key_id(raws[0]), ring, index_key


def keyring() -> tuple[str, dict[str, AESGCM], bytes]:
    """(current key id, key id → cipher, index key) from the settings."""
    return _keyring(tuple(settings.SSRMONITOR_DATA_KEYS))


def current_key_id() -> str:
    return keyring()[0]


def encrypt(text: str, *, context: str) -> str:
    """Seal ``text`` with the current key, bound to ``context``."""
    kid, ring, _index = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring[kid].encrypt(nonce, text.encode("utf-8"), context.encode("utf-8"))
    return f"{PREFIX}${kid}${base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def sealed_with(token: str) -> str:
    """The key id that sealed ``token`` ("" for a value that is not sealed)."""
    parts = token.split("$", 2)
    return parts[1] if len(parts) == 3 and parts[0] == PREFIX else ""


def decrypt(token: str, *, context: str) -> str:
    """Open a value sealed by :func:`encrypt` under the same ``context``."""
    parts = token.split("$", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionFailed("not a sealed value")
    _kid, ring, _index = keyring()
    cipher = ring.get(parts[1])
    if cipher is None:
        raise DecryptionFailed(f"sealed with key {parts[1]}, which is not configured")
    blob = base64.urlsafe_b64decode(parts[2].encode("ascii"))
    try:
        plain = cipher.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode("utf-8"))
    except InvalidTag:
        raise DecryptionFailed(f"the value does not open under {context}") from None
    return plain.decode("utf-8")


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 (hex) of the NFC, case-folded ``value``, for an index on ``purpose``."""
    _kid, _ring, index_key = keyring()
    normal = unicodedata.normalize("NFC", value.strip()).casefold()
    message = f"{purpose}\x1f{normal}".encode()
    return hmac.new(index_key, message, hashlib.sha256).hexdigest()


class _Sealed(models.TextField):  # type: ignore[type-arg]
    """A text column that holds only sealed values; Python sees the clear value."""

    description = "Encrypted at rest (AES-256-GCM)"

    def contribute_to_class(self, cls: Any, name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only)
        self.context = f"{cls._meta.app_label}.{cls._meta.model_name}.{name}"

    def _dump(self, value: Any) -> str:
        raise NotImplementedError

    def _load(self, text: str) -> Any:
        raise NotImplementedError

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return self.get_default() if value == "" else None
        return self._load(decrypt(value, context=self.context))

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        from ssrmonitor.vetting.keycheck import require_data_key

        require_data_key()  # never seal under a key that opens none of the stored data
        return encrypt(self._dump(value), context=self.context)

    def value_to_string(self, obj: Any) -> str:
        return "[encrypted]"


class EncryptedTextField(_Sealed):
    """Encrypted text; the empty string is stored as is (it tells nothing about a person)."""

    def _dump(self, value: Any) -> str:
        return str(value)

    def _load(self, text: str) -> Any:
        return text

    def get_prep_value(self, value: Any) -> str | None:
        if value == "":
            return ""
        return super().get_prep_value(value)


class EncryptedJSONField(_Sealed):
    """Encrypted JSON (lists and dicts of names, date intervals, narratives)."""

    def _dump(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def _load(self, text: str) -> Any:
        return json.loads(text)
