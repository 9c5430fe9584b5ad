"""Rotation of the data key: re-seal every encrypted value and recompute the look-up hashes.

``SSRMONITOR_DATA_KEY`` lists the keys newest first; the first seals, the others only open.
To rotate: put a new key (``ssrmonitor generate_data_key``) in front of the old one, restart,
run ``ssrmonitor rotate_data_key``, then remove the old key. :func:`rotate_data_key`

1. **checks** every sealed value not yet under the current key opens (unknown key id, wrong
   context or tampered bytes → :class:`RotationRefused`, and nothing is changed);
2. re-seals those values under the current key and recomputes every ``reference_hash``
   (the look-up key is derived from the current data key), in batches of rows; each batch is
   one transaction with one ``rekey`` audit event (counts and ids only, never a value).

A batch that is done stays done: values already sealed with the current key and hashes
already right are skipped, so an interrupted run is resumed by running it again, and a second
run changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.permissions import Action, Denied, has_action
from ssrmonitor.vetting.crypto import (
    DecryptionFailed,
    EncryptedJSONField,
    EncryptedTextField,
    current_key_id,
    keyed_hash,
    sealed_with,
)

DEFAULT_BATCH = 500
# Models whose ``reference`` is found again through ``reference_hash``, with the hash purpose.
HASH_PURPOSES: dict[str, str] = {
    "vetting.person": "vetting.person",
    "vetting.violationrecord": "vetting.record",
}
Sealed = EncryptedTextField | EncryptedJSONField
# Re-sealing rewrites personal data: the age screening's under ``vetting.assess_age``, the rest
# (registries, cases, exports) under ``vetting.edit``. Only the system holds them in every
# country, so only the system (``ssrmonitor rotate_data_key``) rotates the key.
AGE_MODELS = frozenset({"vetting.ageassessment", "vetting.ageevidence"})
ROTATION_ACTIONS = (Action.EDIT_VETTING, Action.ASSESS_AGE)


class RotationRefused(Exception):
    """Some stored values do not open with the configured keys: nothing was changed."""

    def __init__(self, failures: list[str]) -> None:
        self.failures = failures
        super().__init__(f"{len(failures)} value(s) cannot be opened: " + ", ".join(failures[:20]))


@dataclass
class ModelCount:
    rows: int = 0
    resealed: int = 0
    rehashed: int = 0


@dataclass
class RotationSummary:
    key_id: str
    models: dict[str, ModelCount] = field(default_factory=dict)

    @property
    def resealed(self) -> int:
        return sum(count.resealed for count in self.models.values())

    @property
    def rehashed(self) -> int:
        return sum(count.rehashed for count in self.models.values())


def rekey_action(model: type[models.Model]) -> Action:
    """The action that writes the personal data of ``model``."""
    if model._meta.label_lower in AGE_MODELS:
        return Action.ASSESS_AGE
    return Action.EDIT_VETTING


def _require_everywhere(user: Actor, actions: tuple[Action, ...]) -> None:
    """:class:`Denied` unless ``user`` holds ``actions`` in every country (only the system)."""
    if not all(has_action(user, None, action) for action in actions):
        raise Denied(_("Only the system rotates the data key (ssrmonitor rotate_data_key)."))


def sealed_models() -> list[tuple[type[models.Model], list[Sealed]]]:
    """Every vetting model with encrypted fields, and those fields."""
    found = []
    for model in apps.get_app_config("vetting").get_models():
        sealed = [f for f in model._meta.concrete_fields if isinstance(f, Sealed)]
        if sealed:
            found.append((model, sealed))
    return found


def _raw_batches(
    model: type[models.Model], columns: list[str], size: int
) -> Iterator[list[tuple[Any, ...]]]:
    """The stored (sealed) values of ``columns``, by batches of rows in primary-key order."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    selected = ", ".join(quote(column) for column in columns)
    # identifiers come from the model's metadata, values are parameters
    sql = f"SELECT {pk}, {selected} FROM {table} WHERE {pk} > %s ORDER BY {pk} LIMIT %s"  # noqa: S608
    after: Any = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [after, size])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _open(field_: Sealed, token: str) -> Any:
    return field_.from_db_value(token, None, connection)


def _columns(model: type[models.Model], sealed: list[Sealed]) -> list[str]:
    columns = [f.column for f in sealed]
    if model._meta.label_lower in HASH_PURPOSES:
        hashed = model._meta.get_field("reference_hash")
        assert isinstance(hashed, models.Field)  # noqa: S101 - a concrete column
        columns.append(hashed.column)
    return columns


def check_all(size: int = DEFAULT_BATCH) -> list[str]:
    """``model #id field`` of every value not under the current key that does not open."""
    current = current_key_id()
    failures: list[str] = []
    for model, sealed in sealed_models():
        for rows in _raw_batches(model, [f.column for f in sealed], size):
            for row in rows:
                for field_, token in zip(sealed, row[1:], strict=True):
                    if not token or sealed_with(token) == current:
                        continue
                    try:
                        _open(field_, token)
                    except DecryptionFailed:
                        failures.append(f"{model._meta.label_lower} #{row[0]} {field_.name}")
    return failures


def _row_changes(
    model: type[models.Model], sealed: list[Sealed], row: tuple[Any, ...], current: str
) -> dict[str, Any]:
    """The fields of one row to write again: values to re-seal, and the hash if it is stale."""
    changes: dict[str, Any] = {}
    by_column = dict(zip([f.column for f in sealed], row[1:], strict=False))
    for field_ in sealed:
        token = by_column[field_.column]
        if token and sealed_with(token) != current:
            changes[field_.name] = _open(field_, token)
    purpose = HASH_PURPOSES.get(model._meta.label_lower)
    if purpose is not None:
        token = by_column["reference"]
        reference = _open(sealed[[f.name for f in sealed].index("reference")], token)
        digest = keyed_hash(reference, purpose=purpose)
        if digest != row[-1]:
            changes["reference_hash"] = digest
    return changes


@transaction.atomic
def rekey_batch(
    model: type[models.Model],
    sealed: list[Sealed],
    rows: list[tuple[Any, ...]],
    *,
    acting_user: Actor,
) -> ModelCount:
    """Re-seal and re-hash one batch of rows of ``model`` (one transaction, one audit event)."""
    _require_everywhere(acting_user, (rekey_action(model),))
    current = current_key_id()
    count = ModelCount(rows=len(rows))
    changed_ids = []
    for row in rows:
        changes = _row_changes(model, sealed, row, current)
        if not changes:
            continue
        count.rehashed += "reference_hash" in changes
        count.resealed += len(changes) - ("reference_hash" in changes)
        model._default_manager.filter(pk=row[0]).update(**changes)
        changed_ids.append(row[0])
    if changed_ids:
        last = model._default_manager.get(pk=changed_ids[-1])
        audit.record(
            actor=acting_user,
            action="rekey",
            obj=last,
            after={
                "model": model._meta.label_lower,
                "key": current,
                "rows": len(changed_ids),
                "first_id": changed_ids[0],
                "last_id": changed_ids[-1],
                "resealed": count.resealed,
                "rehashed": count.rehashed,
            },
        )
    return count


def rotate_data_key(
    *,
    acting_user: Actor,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> RotationSummary:
    """Check, then re-seal every vetting value under the current key (see the module).

    ``acting_user`` must hold :data:`ROTATION_ACTIONS` in every country: the system.
    ``progress`` is called after each batch with the rows done and the rows in all.
    """
    _require_everywhere(acting_user, ROTATION_ACTIONS)
    failures = check_all(batch_size)
    if failures:
        raise RotationRefused(failures)
    summary = RotationSummary(current_key_id())
    models_sealed = sealed_models()
    rows_in_all = sum(model._default_manager.count() for model, _sealed in models_sealed)
    rows_done = 0
    for model, sealed in models_sealed:
        total = summary.models.setdefault(model._meta.label_lower, ModelCount())
        for rows in _raw_batches(model, _columns(model, sealed), batch_size):
            done = rekey_batch(model, sealed, rows, acting_user=acting_user)
            total.rows += done.rows
            total.resealed += done.resealed
            total.rehashed += done.rehashed
            rows_done += done.rows
            if progress is not None:
                progress(rows_done, rows_in_all)
    return summary
