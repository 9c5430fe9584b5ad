"""Importing a snapshot of the UN consolidated list: add, update, delist, relist.

The whole file is read and checked first (a :class:`RecordError` rejects it before anything is
written); then one durable transaction applies it and writes one audit event, the summary of
the import (counts, regimes delisted) on the :class:`ListImport` row. Per-record audit rows
would add some 3 000 rows per import for public data that the file itself documents, so the
summary is the audit trail, and the file's SHA-256 lets anyone check which file it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, person
from ssrmonitor.core.permissions import Action, Denied, has_action
from ssrmonitor.sanctions.models import (
    Alias,
    BirthDate,
    BirthPlace,
    ListedParty,
    ListImport,
    PartyKind,
    Regime,
)
from ssrmonitor.sanctions.regimes import regime_name
from ssrmonitor.sanctions.unlist import (
    AlreadyImported,
    ImportAbort,
    ListFile,
    ParsedParty,
    RecordError,
)

__all__ = ["AlreadyImported", "ImportAbort", "RecordError", "import_un_list"]

_PARTY_FIELDS = (
    "kind",
    "version",
    "reference_number",
    "name",
    "name_original_script",
    "gender",
    "titles",
    "designations",
    "nationalities",
    "listed_on",
    "last_updated_on",
    "comments",
)


@dataclass
class _Counts:
    added: int = 0
    updated: int = 0
    relisted: int = 0


def _read(path: Path) -> tuple[ListFile, list[ParsedParty]]:
    if not path.is_file():
        raise ImportAbort(_("No file at %s.") % path)
    source = ListFile(path)
    parties: dict[int, ParsedParty] = {}
    for party in source.parties():
        if party.data_id in parties:
            record = f"{party.kind.upper()} DATAID={party.data_id}"
            raise RecordError(record, "DATAID", _("The same DATAID appears twice in the file."))
        parties[party.data_id] = party
    return source, list(parties.values())


def _check_newer(source: ListFile) -> None:
    assert source.generated_at is not None  # noqa: S101 (set by ListFile.parties)
    latest = ListImport.objects.order_by("-generated_at").first()
    if latest is None:
        return
    if source.generated_at == latest.generated_at:
        raise AlreadyImported(_("This list (%s) has already been imported.") % latest.list_date)
    if source.generated_at < latest.generated_at:
        raise ImportAbort(
            _("This list is older than the last one imported (%s); import lists in date order.")
            % latest.list_date
        )


def _sync_regimes(codes: set[str], day: date) -> tuple[dict[str, Regime], list[str]]:
    """Create the new regimes, mark seen ones, delist the ones gone; return them by code."""
    regimes = {r.code: r for r in Regime.objects.select_for_update()}
    for code in sorted(codes - set(regimes)):
        regimes[code] = Regime.objects.create(
            code=code, name=regime_name(code), first_seen_on=day, last_seen_on=day
        )
    Regime.objects.filter(code__in=codes).update(last_seen_on=day, delisted_on=None)
    gone = Regime.objects.filter(delisted_on__isnull=True).exclude(code__in=codes)
    gone_codes = sorted(gone.values_list("code", flat=True))
    gone.update(delisted_on=day)
    return regimes, gone_codes


def _values_of(parsed: ParsedParty) -> dict[str, Any]:
    return {name: getattr(parsed, name) for name in _PARTY_FIELDS}


def _apply_parties(parsed: list[ParsedParty], regimes: dict[str, Regime], day: date) -> _Counts:
    counts = _Counts()
    existing = {p.data_id: p for p in ListedParty.objects.select_for_update()}
    new, changed = [], []
    for item in parsed:
        party = existing.get(item.data_id)
        values = _values_of(item) | {"regime_id": regimes[item.regime_code].pk}
        if party is None:
            new.append(ListedParty(data_id=item.data_id, first_seen_on=day, **values))
            continue
        if any(getattr(party, k) != v for k, v in values.items()):
            counts.updated += 1
        counts.relisted += party.delisted_on is not None
        for key, value in (values | {"last_seen_on": day, "delisted_on": None}).items():
            setattr(party, key, value)
        changed.append(party)
    counts.added = len(new)
    for party in new:
        party.last_seen_on = day
    ListedParty.objects.bulk_create(new, batch_size=500)
    fields = [*_PARTY_FIELDS, "regime", "last_seen_on", "delisted_on"]
    ListedParty.objects.bulk_update(changed, fields, batch_size=500)
    return counts


def _replace_details(parsed: list[ParsedParty]) -> None:
    """Replace the aliases, dates and places of birth of every record in the file."""
    ids = dict(
        ListedParty.objects.filter(data_id__in=[p.data_id for p in parsed]).values_list(
            "data_id", "pk"
        )
    )
    for model in (Alias, BirthDate, BirthPlace):
        model.objects.filter(party_id__in=ids.values()).delete()
    Alias.objects.bulk_create(_aliases(parsed, ids), batch_size=1000)
    BirthDate.objects.bulk_create(
        (BirthDate(party_id=ids[p.data_id], **vars(d)) for p in parsed for d in p.birth_dates),
        batch_size=1000,
    )
    BirthPlace.objects.bulk_create(
        (BirthPlace(party_id=ids[p.data_id], **vars(b)) for p in parsed for b in p.birth_places),
        batch_size=1000,
    )


def _aliases(parsed: Iterable[ParsedParty], ids: dict[int, int]) -> list[Alias]:
    return [
        Alias(party_id=ids[p.data_id], name=a.name[:400], quality=a.quality[:4], note=a.note[:400])
        for p in parsed
        for a in p.aliases
    ]


def _delist_missing(seen: set[int], day: date) -> int:
    gone = ListedParty.objects.filter(delisted_on__isnull=True).exclude(data_id__in=seen)
    return gone.update(delisted_on=day)


@transaction.atomic(durable=True)
def _apply(source: ListFile, parsed: list[ParsedParty], acting_user: Actor) -> ListImport:
    _check_newer(source)
    assert source.generated_at is not None  # noqa: S101 (set by ListFile.parties)
    day = source.generated_at.date()
    regimes, gone_regimes = _sync_regimes({p.regime_code for p in parsed}, day)
    counts = _apply_parties(parsed, regimes, day)
    _replace_details(parsed)
    delisted = _delist_missing({p.data_id for p in parsed}, day)
    run = ListImport.objects.create(
        generated_at=source.generated_at,
        list_date=day,
        file_name=source.path.name[:250],
        sha256=source.sha256(),
        imported_by=person(acting_user),
        individuals=sum(p.kind == PartyKind.INDIVIDUAL for p in parsed),
        entities=sum(p.kind == PartyKind.ENTITY for p in parsed),
        added=counts.added,
        updated=counts.updated,
        relisted=counts.relisted,
        delisted=delisted,
        regimes_delisted=gone_regimes,
    )
    audit.record(actor=acting_user, action="import", obj=run, after=audit.snapshot(run))
    return run


def import_un_list(path: Path, *, acting_user: Actor) -> ListImport:
    """Import one snapshot of the UN Security Council consolidated list.

    Records new in the file are added; records already known are updated (and their aliases,
    dates and places of birth replaced); records and regimes no longer in the file are marked
    delisted on the list's date; a delisted record that comes back is listed again. Lists must
    be imported in date order.

    Args:
        path: the XML file (``CONSOLIDATED_LIST`` schema).
        acting_user: a superuser, or the system holding ``sanctions.edit`` (the command
            line). The list is not one country's, so no country role may import it.

    Raises:
        Denied: the actor is neither a superuser nor the system holding ``sanctions.edit``.
        RecordError: a record is malformed; nothing was written.
        ImportAbort: the file is not the list, or is not newer than the last import.
    """
    if not has_action(acting_user, None, Action.EDIT_SANCTIONS):
        raise Denied(_("Only a superuser may import the UN consolidated list."))
    source, parsed = _read(Path(path))
    return _apply(source, parsed, acting_user)
