"""Bulk writes of the registries: rosters and watchlists from files, and the shared upserts.

Files are read by the screening engine's readers (:func:`read_roster`, :func:`read_records`,
:func:`read_un_list`), which reject a file with a :class:`FileError` naming the line and field;
a file is imported in one transaction, so a refused file writes nothing. Importing a watchlist
again *replaces* its records: rows still in the file are updated in place, rows gone from the
file are deleted — except those a case refers to, which are kept (a case's evidence is never
deleted) and counted in :attr:`ImportSummary.kept`.

The upserts create or update persons and records by their reference's keyed hash; the
screening services use them too, to save a screening of files (``ssrmonitor screen --save``).
As in :mod:`.registry`, audit events never hold personal data.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import actors
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.uploads import require_content
from ssrmonitor.vetting.entries import person_fields, record_fields
from ssrmonitor.vetting.matching import (
    Entry,
    FileError,
    read_record_rows,
    read_records,
    read_roster,
    read_un_list,
)
from ssrmonitor.vetting.models import (
    Person,
    RecordStatus,
    SourceReliability,
    ViolationCategory,
    ViolationRecord,
    Watchlist,
)
from ssrmonitor.vetting.services.registry import audit_write, person_hash, record_hash, require_edit

UN_SOURCE = "UN Security Council consolidated list"
# Rows of a roster or records file, counted while it is read: a longer file is refused at once.
MAX_ROWS = 200_000


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: rows created, updated, deleted, and kept because of a case."""

    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0


# --- bulk upserts (shared with the screening services) --------------------------------------


def upsert_persons(
    country: Country, entries: Sequence[Entry], acting_user: Actor
) -> tuple[dict[str, int], ImportSummary]:
    """Create or update persons by reference; return entry id → person pk and the counts."""
    existing = dict(
        Person.objects.filter(country=country).values_list("reference_hash", "pk").iterator()
    )
    now = timezone.now()
    new: list[Person] = []
    changed: list[Person] = []
    for entry in entries:
        fields = person_fields(entry)
        digest = person_hash(entry.id)
        person = Person(country=country, reference_hash=digest, pk=existing.get(digest))
        for name, value in fields.items():
            setattr(person, name, value)
        person.updated_at = now
        (changed if person.pk else new).append(person)
    if new:
        for person in new:
            person.created_by = actors.person(acting_user)
        Person.objects.bulk_create(new, batch_size=1000)
    if changed:
        names = [*person_fields(entries[0]).keys(), "updated_at"]
        Person.objects.bulk_update(changed, names, batch_size=1000)
    ids = dict(
        Person.objects.filter(country=country).values_list("reference_hash", "pk").iterator()
    )
    mapping = {entry.id: ids[person_hash(entry.id)] for entry in entries}
    return mapping, ImportSummary(created=len(new), updated=len(changed))


def upsert_records(
    country: Country,
    entries: Sequence[Entry],
    acting_user: Actor,
    *,
    extra: Callable[[Entry], dict[str, Any]],
    watchlist: Watchlist | None = None,
    defaults: dict[str, Any] | None = None,
) -> tuple[dict[str, int], ImportSummary]:
    """Create or update records by reference.

    ``extra(entry)`` gives the fields the file has beyond the engine's entry (category,
    source …), written on every row; ``defaults`` only on rows created.
    """
    existing = {
        digest: (pk, list_id)
        for digest, pk, list_id in ViolationRecord.objects.filter(country=country)
        .values_list("reference_hash", "pk", "watchlist_id")
        .iterator()
    }
    now = timezone.now()
    new: list[ViolationRecord] = []
    changed: list[ViolationRecord] = []
    names: set[str] = {"updated_at"}
    for entry in entries:
        fields = {**record_fields(entry), **extra(entry)}
        names |= set(fields)
        digest = record_hash(entry.id)
        pk, list_id = existing.get(digest, (None, None))
        if watchlist is not None and pk is not None and list_id != watchlist.pk:
            raise ValidationFailed.one(
                "record_id",
                _("Record id %(id)s already belongs to another list or was registered by hand.")
                % {"id": entry.id},
            )
        record = ViolationRecord(
            country=country, reference_hash=digest, pk=pk, watchlist=watchlist, updated_at=now
        )
        for name, value in fields.items():
            setattr(record, name, value)
        (changed if pk else new).append(record)
    for record in new:
        record.created_by = actors.person(acting_user)
        for name, value in (defaults or {}).items():
            setattr(record, name, value)
    ViolationRecord.objects.bulk_create(new, batch_size=1000)
    if changed:
        ViolationRecord.objects.bulk_update(changed, sorted(names), batch_size=1000)
    ids = dict(
        ViolationRecord.objects.filter(country=country)
        .values_list("reference_hash", "pk")
        .iterator()
    )
    mapping = {entry.id: ids[record_hash(entry.id)] for entry in entries}
    return mapping, ImportSummary(created=len(new), updated=len(changed))


# --- files --------------------------------------------------------------------------------


def file_error(exc: FileError, file_name: str) -> ValidationFailed:
    """A reader's error as a form error on ``file`` naming the file, line and field."""
    line = getattr(exc, "line", None)
    field = getattr(exc, "field", "") or "-"
    reason = getattr(exc, "reason", "") or str(exc)
    where = _("%(file)s, line %(line)s, field %(field)s") % {
        "file": file_name,
        "line": line if line else "-",
        "field": field,
    }
    return ValidationFailed.one("file", f"{where}: {reason}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _read(
    reader: Callable[..., list[Entry]], path: Path, file_name: str, kind: str = "text"
) -> list[Entry]:
    """The entries of a file whose bytes are ``kind``, refused past :data:`MAX_ROWS` rows."""
    if path.is_file():  # else the reader names the file it cannot read
        require_content(path, {kind})
    try:
        entries = reader(path, MAX_ROWS) if kind == "text" else reader(path)
    except FileError as exc:
        raise file_error(exc, file_name) from None
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise ValidationFailed.one(
                "file",
                _("%(file)s: the id %(id)s appears twice.") % {"file": file_name, "id": entry.id},
            )
        seen.add(entry.id)
    return entries


@transaction.atomic(durable=True)
def import_roster(
    path: Path, *, acting_user: Actor, country: Country, file_name: str = ""
) -> ImportSummary:
    """Import a roster CSV (``person_id,full_name,…``) into the personnel registry.

    Persons are matched by ``person_id``: known ones are updated, others created. The file is
    imported whole or not at all.
    """
    require_edit(acting_user, country)
    entries = _read(read_roster, Path(path), file_name or Path(path).name)
    _ids, summary = upsert_persons(country, entries, acting_user)
    after = {"import": "roster", "file_sha256": _sha256(Path(path)), **asdict(summary)}
    audit_write(acting_user, "import", country, country, after)
    return summary


def _line_of(path: Path, record_id: str) -> int | str:
    """The line of ``record_id`` in a records CSV (to name it in an error)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        for row in reader:
            if row and row[0].strip() == record_id:
                return reader.line_num
    return "-"


def record_columns(path: Path, file_name: str) -> dict[str, dict[str, Any]]:
    """``category`` and ``source`` of each row of a records CSV, checked; by ``record_id``.

    An empty category is "other violation"; any other value must be one of
    :class:`ViolationCategory`'s codes (``sexual_violence``, ``children_recruitment`` …).
    """
    found: dict[str, dict[str, Any]] = {}
    for row in read_record_rows(path, MAX_ROWS):
        category = row.category.strip().lower() or ViolationCategory.OTHER_HUMAN_RIGHTS
        if category not in ViolationCategory.values:
            reason = _("“%(value)s” is not a category (%(choices)s).") % {
                "value": row.category,
                "choices": ", ".join(ViolationCategory.values),
            }
            where = _("%(file)s, line %(line)s, field %(field)s") % {
                "file": file_name,
                "line": _line_of(path, row.entry.id),
                "field": "category",
            }
            raise ValidationFailed.one("file", f"{where}: {reason}")
        found[row.entry.id] = {"category": category, "source": row.source.strip()}
    return found


def _watchlist(country: Country, name: str, kind: str, acting_user: Actor) -> Watchlist:
    watchlist, _created = Watchlist.objects.get_or_create(
        country=country, name=name, defaults={"kind": kind}
    )
    if watchlist.kind != kind:
        raise ValidationFailed.one("name", _("A list of another kind has this name."))
    watchlist.imported_by = actors.person(acting_user)
    return watchlist


def _replace(
    watchlist: Watchlist,
    entries: Sequence[Entry],
    acting_user: Actor,
    extra: Callable[[Entry], dict[str, Any]],
    path: Path,
    file_name: str,
) -> ImportSummary:
    country = watchlist.country
    ids, summary = upsert_records(country, entries, acting_user, extra=extra, watchlist=watchlist)
    gone = watchlist.records.exclude(pk__in=set(ids.values()))
    kept = gone.filter(cases__isnull=False).distinct().count()
    removed, _detail = gone.filter(cases__isnull=True).delete()
    watchlist.file_name = file_name[:255]
    watchlist.file_sha256 = _sha256(path)
    watchlist.entry_count = len(entries)
    watchlist.save()
    result = ImportSummary(summary.created, summary.updated, removed, kept)
    after = {"kind": watchlist.kind, "file_sha256": watchlist.file_sha256, **asdict(result)}
    audit_write(acting_user, "import", watchlist, country, after)
    return result


@transaction.atomic(durable=True)
def import_records(
    path: Path, *, acting_user: Actor, country: Country, name: str, file_name: str = ""
) -> tuple[Watchlist, ImportSummary]:
    """Import a records CSV (``record_id,full_name,aliases,…,category,source``) as a watchlist.

    Args:
        path: the file.
        acting_user: a vetting officer of the country.
        country: the country.
        name: the watchlist's name; importing again under the same name replaces its records.
        file_name: the name to show in errors (the upload's name), default the path's.
    """
    require_edit(acting_user, country)
    path = Path(path)
    file_name = file_name or path.name
    entries = _read(read_records, path, file_name)
    columns = record_columns(path, file_name)
    watchlist = _watchlist(country, name, Watchlist.Kind.RECORDS_CSV, acting_user)

    def extra(entry: Entry) -> dict[str, Any]:
        return columns.get(entry.id, {"category": ViolationCategory.OTHER_HUMAN_RIGHTS})

    return watchlist, _replace(watchlist, entries, acting_user, extra, path, file_name)


@transaction.atomic(durable=True)
def import_un_list(
    path: Path, *, acting_user: Actor, country: Country, name: str, file_name: str = ""
) -> tuple[Watchlist, ImportSummary]:
    """Import the UN Security Council consolidated list (XML) as a watchlist of the country.

    Individuals become records of category "listed under UN sanctions"; low-quality aliases
    are kept apart (``weak_aliases``). Importing again replaces the list's records.
    """
    require_edit(acting_user, country)
    path = Path(path)
    file_name = file_name or path.name
    entries = _read(read_un_list, path, file_name, "xml")
    watchlist = _watchlist(country, name, Watchlist.Kind.UN_SC_LIST, acting_user)

    def extra(entry: Entry) -> dict[str, Any]:
        return {
            "category": ViolationCategory.SANCTIONS_LISTING,
            "source": UN_SOURCE,
            "source_reliability": SourceReliability.RELIABLE,
            "status": RecordStatus.SUBSTANTIATED,
        }

    return watchlist, _replace(watchlist, entries, acting_user, extra, path, file_name)
