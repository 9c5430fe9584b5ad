"""Writing and verifying the audit log, and anchoring its head.

Service functions call :func:`record` inside their own atomic block, so the audit row and the
change commit or roll back together. :func:`verify_chain` finds every edited, removed, inserted
or reordered event; :func:`head_anchor` and :func:`check_anchors` add what the chain alone cannot
show, the removal of the newest events (``ssrmonitor audit_anchor``, ``verify_audit_chain
--anchor``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, models
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext

from ssrmonitor.core import datacache
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


def lock_chain() -> None:
    """Take the chain's lock until the transaction ends (PostgreSQL; SQLite writes one at a
    time anyway). A writer that locks other rows the chain's writers lock takes this first."""
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
    lock_chain()
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
    datacache.changed(event.object_type)  # cached results of the object's domain are stale
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


# --- anchors: the chain's head, kept off the server ------------------------------------------
#
# The chain shows an edited, removed, inserted or reordered event, but not the removal of the
# newest events: what remains is still a valid chain. An anchor is a signed line naming the head
# (its sequence number and hash) at a time; kept somewhere the server cannot write, it proves
# that the log reached at least that event, so a truncated tail no longer verifies.

ANCHOR_FORMAT = "ssrm-audit-anchor/1"
_ANCHOR_LINE = re.compile(
    rf"^(?P<body>{re.escape(ANCHOR_FORMAT)} seq=(?P<seq>\d+) hash=(?P<hash>[0-9a-f]{{64}}) "
    r"at=(?P<at>\S+)) sig=(?P<sig>[0-9a-f]{64})$"
)


def _sign(body: str) -> str:
    key = str(settings.AUDIT_HMAC_KEY).encode()
    return hmac.new(key, f"anchor\n{body}".encode(), hashlib.sha256).hexdigest()


def head_anchor(now: datetime | None = None) -> str:
    """The signed anchor line of the chain's newest event (sequence 0 for an empty log)."""
    head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    event_id, digest = head if head is not None else (0, GENESIS)
    at = (now or timezone.now()).astimezone(UTC).replace(microsecond=0)
    body = f"{ANCHOR_FORMAT} seq={event_id} hash={digest} at={at.isoformat()}"
    return f"{body} sig={_sign(body)}"


@dataclass(frozen=True)
class AnchorProblem:
    """An anchor line (numbered from 1) that does not hold, and why."""

    line: int
    reason: str


def check_anchors(lines: Iterable[str]) -> tuple[int, list[AnchorProblem]]:
    """Check each anchor line: its signature, and that its event is still there, unchanged.

    Blank lines and lines starting with ``#`` are skipped. Returns how many anchor lines were
    read and the problems found; an event that is gone means the newest events were removed.
    """
    count, problems = 0, []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        count += 1
        problem = _check_anchor(text)
        if problem is not None:
            problems.append(AnchorProblem(number, problem))
    return count, problems


def _check_anchor(text: str) -> str | None:
    found = _ANCHOR_LINE.match(text)
    if found is None:
        return gettext("not an anchor line of ssrmonitor audit_anchor")
    if not hmac.compare_digest(found["sig"], _sign(found["body"])):
        return gettext("the signature does not match: the line was forged or edited")
    event_id = int(found["seq"])
    if event_id == 0:  # anchored while the log was empty
        return None
    stored = AuditEvent.objects.filter(pk=event_id).values_list("hash", flat=True).first()
    if stored is None:
        return gettext(
            "anchored event #%(id)d is missing: events were removed from the end of the log"
        ) % {"id": event_id}
    if not hmac.compare_digest(stored, found["hash"]):
        return gettext("event #%(id)d no longer has the anchored hash") % {"id": event_id}
    return None
