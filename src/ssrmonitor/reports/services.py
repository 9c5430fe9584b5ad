"""Every write of the reports app: saving narrative versions and freezing snapshots.

Each function runs in its own durable transaction, checks its ``can_*`` predicate, and writes
its audit row in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, person
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.permissions import Denied
from ssrmonitor.reports.builder import collect_country_report
from ssrmonitor.reports.models import Audience, NarrativeBlock, NarrativeKey, Snapshot
from ssrmonitor.reports.permissions import can_edit_narrative, can_freeze_snapshot

MAX_NARRATIVE = 20_000
MAX_TITLE = 200


def _require(check: tuple[bool, str]) -> None:
    allowed, reason = check
    if not allowed:
        raise Denied(reason)


def canonical(payload: dict[str, Any]) -> bytes:
    """The payload as canonical JSON (sorted keys, no spaces): what the digest is taken of."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest_of(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(payload)).hexdigest()


@transaction.atomic(durable=True)
def save_narrative(
    country: Country,
    period: ReportingPeriod,
    key: str,
    text: str,
    *,
    acting_user: Actor,
) -> NarrativeBlock:
    """Save a new version of a narrative block (the previous versions stay as they were).

    Args:
        country: the country of the report.
        period: the reporting period of the report.
        key: which block (a :class:`NarrativeKey` value).
        text: the new text; paragraphs are separated by an empty line.
        acting_user: who writes it (needs ``reports.edit`` in the country).

    Raises:
        Denied: the user may not write this country's narrative.
        ValidationFailed: unknown block, text too long, or the text did not change.
    """
    _require(can_edit_narrative(acting_user, country))
    if key not in NarrativeKey.values:
        raise ValidationFailed.one("key", _("Unknown narrative block."))
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_NARRATIVE:
        raise ValidationFailed.one("text", _("The text is longer than 20,000 characters."))
    rows = NarrativeBlock.objects.select_for_update().filter(
        country=country, period=period, key=key
    )
    latest = rows.order_by("-version").first()
    if latest is not None and latest.text == text:
        raise ValidationFailed.one("text", _("The text has not changed."))
    version = (rows.aggregate(top=Max("version"))["top"] or 0) + 1
    block = NarrativeBlock.objects.create(
        country=country,
        period=period,
        key=key,
        version=version,
        text=text,
        author=person(acting_user),
    )
    audit.record(
        actor=acting_user,
        action="create",
        obj=block,
        country_iso2=country.iso2,
        before={"version": latest.version, "text": latest.text} if latest else None,
        after=audit.snapshot(block, ["key", "period", "version", "text"]),
    )
    return block


@transaction.atomic(durable=True)
def freeze_snapshot(
    country: Country,
    period: ReportingPeriod,
    *,
    title: str,
    acting_user: Actor,
    audience: str = Audience.INTERNAL,
) -> Snapshot:
    """Freeze the report's data and narrative as they are now, for an official submission.

    Args:
        country: the country of the report.
        period: the reporting period.
        title: what the snapshot is for (e.g. "S/2026/123, June 2026").
        acting_user: who freezes it (needs ``reports.generate`` in the country).
        audience: ``internal`` (default) or ``public``.

    Raises:
        Denied: the user may not freeze this country's reports.
        ValidationFailed: empty or too long title, unknown audience.
    """
    _require(can_freeze_snapshot(acting_user, country))
    title = title.strip()
    if not title or len(title) > MAX_TITLE:
        raise ValidationFailed.one("title", _("Give the snapshot a title of 1 to 200 characters."))
    if audience not in Audience.values:
        raise ValidationFailed.one("audience", _("Unknown audience."))
    payload = collect_country_report(acting_user, country, period, audience)
    # Store what the database gives back, so the digest is of the stored JSON.
    payload = json.loads(canonical(payload))
    snapshot = Snapshot.objects.create(
        country=country,
        period=period,
        audience=audience,
        title=title,
        payload=payload,
        digest=digest_of(payload),
        created_by=person(acting_user),
    )
    audit.record(
        actor=acting_user,
        action="freeze",
        obj=snapshot,
        country_iso2=country.iso2,
        after={"title": title, "period": str(period), "audience": audience,
               "digest": snapshot.digest},
    )  # fmt: skip
    return snapshot


def is_intact(snapshot: Snapshot) -> bool:
    """True when the stored payload still has the digest it was frozen with."""
    return digest_of(snapshot.payload) == snapshot.digest
