"""Is the configured data key the one the stored vetting data is sealed with?

A wrong but well-formed ``SSRMONITOR_DATA_KEY`` used to be accepted: imports under it
registered duplicates (the look-up hashes did not match) and, back on the right key, the
values it sealed did not open. Now:

* **at start-up**, the system check ``vetting.E001`` (every ``ssrmonitor`` command, the
  development server, ``ssrmonitor check --deploy``) refuses a key whose fingerprint opens
  none of the stored values, naming the fingerprints found;
* **before any write** of a sealed value (every field of :mod:`ssrmonitor.vetting.crypto`),
  :func:`require_data_key` refuses the same way with :class:`DataKeyRefused`, which pages and
  the API answer with 409 and the reason (never a 500), and commands with the message.

A fingerprint is a key's public id (:func:`~ssrmonitor.vetting.crypto.key_id`, 8 hex digits).
The check is cheap when the key is right: one ``EXISTS`` query that stops at the first value
sealed with a configured key, done once per process and key set. An empty registry accepts any
key (nothing is sealed yet). During a rotation both keys are configured, so it passes.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.checks import CheckMessage, Error, register
from django.core.signals import setting_changed
from django.db import DatabaseError, connection
from django.dispatch import receiver
from django.utils.translation import gettext as _

from ssrmonitor.core.unreadable import StoredDataUnreadable
from ssrmonitor.vetting.crypto import PREFIX, decrypt, keyring

_KID_START, _KID_LENGTH = len(PREFIX) + 2, 8  # "v1$" then 8 hex digits (SQL counts from 1)
_confirmed: set[tuple[str, ...]] = set()


class DataKeyRefused(StoredDataUnreadable):
    """The configured data key opens none of the stored vetting values."""

    def __init__(self, found: list[str], configured: list[str]) -> None:
        self.found = found
        self.configured = configured
        super().__init__(
            _(
                "SSRMONITOR_DATA_KEY opens none of the stored vetting data: it is sealed with "
                "key %(found)s, the server has key %(configured)s. Set the key the data was "
                "sealed with; to change keys, configure both and run ssrmonitor rotate_data_key."
            )
            % {"found": ", ".join(found), "configured": ", ".join(configured)}
        )


def _sealed_columns() -> list[tuple[str, list[str]]]:
    """(table, sealed columns) of every vetting model with encrypted fields."""
    from ssrmonitor.vetting.crypto import EncryptedJSONField, EncryptedTextField

    found = []
    for model in apps.get_app_config("vetting").get_models():
        columns = [
            field.column
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField | EncryptedJSONField)
        ]
        if columns:
            found.append((model._meta.db_table, columns))
    return found


def _exists(condition: str, params: list[Any]) -> bool:
    """Does any sealed column of any vetting table satisfy ``condition`` (``{c}`` = column)?"""
    quote = connection.ops.quote_name
    parts, values = [], []
    for table, columns in _sealed_columns():
        where = " OR ".join(condition.format(c=quote(column)) for column in columns)
        parts.append(f"EXISTS (SELECT 1 FROM {quote(table)} WHERE {where})")  # noqa: S608
        values += params * len(columns)
    if not parts:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT CASE WHEN {' OR '.join(parts)} THEN 1 ELSE 0 END", values)
        row = cursor.fetchone()
    return bool(row and row[0])


def stored_key_ids() -> list[str]:
    """The fingerprints of the keys the stored values are sealed with (reads every value)."""
    quote = connection.ops.quote_name
    found: set[str] = set()
    with connection.cursor() as cursor:
        for table, columns in _sealed_columns():
            for column in columns:
                name = quote(column)
                cursor.execute(
                    f"SELECT DISTINCT SUBSTR({name}, %s, %s) FROM {quote(table)} "  # noqa: S608
                    f"WHERE {name} LIKE %s",
                    [_KID_START, _KID_LENGTH, f"{PREFIX}$%"],
                )
                found.update(row[0] for row in cursor.fetchall())
    return sorted(found)


def _sealed_state(configured: list[str]) -> str:
    """``ours`` (a value is sealed with a configured key), ``foreign`` (values, none of them
    ours) or ``empty`` (nothing sealed yet)."""
    ours = " OR ".join(["{c} LIKE %s"] * len(configured))
    if _exists(f"({ours})", [f"{PREFIX}${kid}$%" for kid in configured]):
        return "ours"
    return "foreign" if _exists("{c} LIKE %s", [f"{PREFIX}$%"]) else "empty"


def check_data_key() -> str:
    """The state of the stored data (see :func:`_sealed_state`), refused when ``foreign``.

    Raises:
        DataKeyRefused: naming the fingerprints found and configured.
        DatabaseError: the tables do not exist yet (before ``migrate``).
    """
    configured = list(keyring()[1])
    state = _sealed_state(configured)
    if state == "foreign":
        raise DataKeyRefused(stored_key_ids(), configured)
    return state


def require_data_key() -> None:
    """Refuse to seal a value under a key that opens none of the stored ones (see module).

    Once a configured key is seen to open stored data, the answer is kept for the process (and
    forgotten when the setting changes); an empty registry is checked again at every write.
    """
    keys = tuple(keyring()[1])
    if keys not in _confirmed and check_data_key() == "ours":
        _confirmed.add(keys)


def forget() -> None:
    """Forget the keys confirmed so far (when the keys or the database change)."""
    _confirmed.clear()


@receiver(setting_changed, dispatch_uid="ssrmonitor_vetting_keycheck")
def _keys_changed(sender: object, setting: str, **kwargs: object) -> None:
    if setting == "SSRMONITOR_DATA_KEYS":
        forget()


@register()
def data_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``vetting.E001``: the configured data key opens none of the stored vetting data."""
    try:
        check_data_key()
    except DataKeyRefused as exc:
        return [
            Error(
                str(exc),
                hint=_(
                    "Set SSRMONITOR_DATA_KEY (or SSRMONITOR_DATA_KEY_FILE) to the key whose "
                    "fingerprint is %(found)s; ssrmonitor generate_data_key prints a new key's."
                )
                % {"found": ", ".join(exc.found)},
                id="vetting.E001",
            )
        ]
    except DatabaseError:  # no tables yet (before migrate): nothing is sealed
        return []
    return []


def data_key() -> tuple[bool, str]:
    """For ``/readyz``: does the configured key open a stored sealed value?

    Not only the fingerprint: one value sealed with a configured key is really opened (and
    thrown away). Nothing sealed yet is ready.
    """
    try:
        state = check_data_key()
    except DataKeyRefused:
        return False, "the data key opens none of the stored rows"
    sample = _sealed_sample(list(keyring()[1])) if state == "ours" else None
    if sample is None:
        return True, "nothing sealed yet"
    try:
        decrypt(sample[0], context=sample[1])
    except StoredDataUnreadable:
        return False, "a stored row does not open with the data key"
    return True, "opens the stored rows"


def _sealed_sample(configured: list[str]) -> tuple[str, str] | None:
    """One stored value sealed with a configured key, and the context it was sealed under."""
    from ssrmonitor.vetting.crypto import EncryptedJSONField, EncryptedTextField

    quote = connection.ops.quote_name
    ours = [f"{PREFIX}${kid}$%" for kid in configured]
    with connection.cursor() as cursor:
        for model in apps.get_app_config("vetting").get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, EncryptedTextField | EncryptedJSONField):
                    continue
                name = quote(field.column)
                where = " OR ".join([f"{name} LIKE %s"] * len(ours))
                cursor.execute(
                    f"SELECT {name} FROM {quote(model._meta.db_table)} "  # noqa: S608
                    f"WHERE {where} LIMIT 1",
                    ours,
                )
                row = cursor.fetchone()
                if row:
                    return str(row[0]), field.context
    return None
