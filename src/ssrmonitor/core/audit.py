"""Writing and verifying the audit log.

Service functions call :func:`record` inside their own atomic block, so the audit row and the
change commit or roll back together.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, models
from django.forms.models import model_to_dict

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.periods import ReportingPeriod

GENESIS = "0" * 64
_PG_LOCK_ID = 2553_2020  # advisory lock that serialises audit inserts on PostgreSQL


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | ReportingPeriod):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Return a JSON-ready copy of ``obj``'s concrete fields, for ``before``/``after``."""
    data = model_to_dict(obj, fields=list(fields) if fields is not None else None)
    for field in obj._meta.concrete_fields:
        if field.name not in data and (fields is None or field.name in fields):
            data[field.name] = field.value_from_object(obj)
    return {key: _jsonable(value) for key, value in sorted(data.items())}


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "at": event.at.isoformat(),
        "actor": event.actor_name,
        "action": event.action,
        "type": event.object_type,
        "id": event.object_id,
        "country": event.country_iso2,
        "before": event.before,
        "after": event.after,
        "prev": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def _digest(event: AuditEvent) -> str:
    key = str(settings.AUDIT_HMAC_KEY).encode()
    return hmac.new(key, _canonical(event), hashlib.sha256).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_ID])


def record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    country_iso2: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's atomic block.

    Args:
        actor: the user who acted, or a :class:`SystemActor` (recorded as ``system``).
        action: a verb such as ``create``, ``update``, ``delete``, ``submit``, ``approve``.
        obj: the domain object concerned.
        country_iso2: the country the object belongs to, so the log can be scoped.
        before: the object's fields before the change (``None`` for a creation).
        after: the fields after the change (``None`` for a deletion).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("core.audit.record() must run inside the service's transaction.")
    _lock_chain()
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    person = actor if isinstance(actor, User) else None
    event = AuditEvent(
        actor=person,
        actor_name=person.get_username() if person is not None else "system",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:250],
        country_iso2=country_iso2,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        prev_hash=last or GENESIS,
    )
    event.hash = _digest(event)
    event.save()
    return event


@dataclass(frozen=True)
class ChainBreak:
    """Where verification failed and why."""

    event_id: int
    reason: str


def verify_chain(events: Iterable[AuditEvent] | None = None) -> Iterator[ChainBreak]:
    """Yield every place where the chain does not verify (nothing when it is intact)."""
    rows = events if events is not None else AuditEvent.objects.order_by("id").iterator()
    previous = GENESIS
    for event in rows:
        # JSON round-trips through the database, so re-read values are what we hash.
        if event.prev_hash != previous:
            yield ChainBreak(event.pk, "previous hash does not match (row removed or reordered)")
        if not hmac.compare_digest(event.hash, _digest(event)):
            yield ChainBreak(event.pk, "content does not match its hash (row edited)")
        previous = event.hash
