"""Registering personnel and records, and importing rosters and watchlists from files.

Every write is one atomic, audited service. The audit log never receives personal data: an
event names the object by its id (``person #12``) and lists only the *names* of the personal
fields that changed, with non-personal values (category, status, counts, the file's SHA-256).

Files are read by the screening engine's readers (:func:`read_roster`, :func:`read_records`,
:func:`read_un_list`), which reject a file with a :class:`FileError` naming the line and field;
a file is imported in one transaction, so a refused file writes nothing. Importing a watchlist
again *replaces* its records: rows still in the file are updated in place, rows gone from the
file are deleted — except those a case refers to, which are kept (a case's evidence is never
deleted) and counted in :attr:`ImportSummary.kept`.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Denied
from ssrmonitor.vetting.crypto import keyed_hash
from ssrmonitor.vetting.entries import birth_date_from_json, person_fields, record_fields
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
    Sex,
    SourceReliability,
    ViolationCategory,
    ViolationRecord,
    Watchlist,
)
from ssrmonitor.vetting.permissions import can_edit

PERSON_PURPOSE = "vetting.person"
RECORD_PURPOSE = "vetting.record"
PERSON_FIELDS = (
    "reference", "names", "birth_date", "place_of_birth", "sex", "nationality", "institution",
    "unit", "rank", "service_number", "enlistment_date",
)  # fmt: skip
RECORD_FIELDS = (
    "reference", "names", "weak_aliases", "birth_dates", "place_of_birth", "sex", "nationality",
    "unit", "category", "incident_date", "incident_place", "source", "source_reliability",
    "status", "narrative",
)  # fmt: skip
UN_SOURCE = "UN Security Council consolidated list"


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: rows created, updated, deleted, and kept because of a case."""

    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0


def person_hash(reference: str) -> str:
    return keyed_hash(reference, purpose=PERSON_PURPOSE)


def record_hash(reference: str) -> str:
    return keyed_hash(reference, purpose=RECORD_PURPOSE)


def require_edit(user: Any, country: Country) -> None:
    """:class:`Denied` unless ``user`` is a vetting officer of ``country`` (``None``: system)."""
    if user is None:
        return
    allowed, reason = can_edit(user, country.pk)
    if not allowed:
        raise Denied(reason)


# --- validation ----------------------------------------------------------------------------


def _check_names(values: Any, field: str, *, required: bool) -> list[FieldError]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return [FieldError(field, _("Give a list of names."))]
    if required and not any(v.strip() for v in values):
        return [FieldError(field, _("Give at least the full name."))]
    return []


def _check_birth_date(value: Any, field: str) -> list[FieldError]:
    if value is None or birth_date_from_json(value) is not None:
        return []
    return [FieldError(field, _("Not a date of birth (YYYY-MM-DD, YYYY-MM, YYYY or YYYY/YYYY)."))]


def _check_choice(value: Any, field: str, choices: Iterable[str]) -> list[FieldError]:
    if value in set(choices):
        return []
    return [FieldError(field, _("“%(value)s” is not one of the choices.") % {"value": value})]


def _check_common(fields: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    if "reference" in fields and not str(fields["reference"] or "").strip():
        errors.append(FieldError("reference", _("Give the identifier.")))
    if "sex" in fields:
        errors += _check_choice(fields["sex"], "sex", Sex.values)
    nationality = fields.get("nationality", "")
    if nationality and not (len(nationality) == 2 and nationality.isalpha()):
        errors.append(FieldError("nationality", _("Give a two-letter country code.")))
    return errors


def _check_person(fields: dict[str, Any], country: Country) -> None:
    errors = _check_common(fields)
    if "names" in fields:
        errors += _check_names(fields["names"], "names", required=True)
    if "birth_date" in fields:
        errors += _check_birth_date(fields["birth_date"], "birth_date")
    institution = fields.get("institution")
    if institution is not None and institution.country_id != country.pk:
        errors.append(FieldError("institution", _("The institution is of another country.")))
    if errors:
        raise ValidationFailed(errors)


def _check_record(fields: dict[str, Any]) -> None:
    errors = _check_common(fields)
    if "names" in fields:
        errors += _check_names(fields["names"], "names", required=True)
    if "weak_aliases" in fields:
        errors += _check_names(fields["weak_aliases"], "weak_aliases", required=False)
    for value in fields.get("birth_dates", []) or []:
        errors += _check_birth_date(value, "birth_dates")
    choices = {
        "category": ViolationCategory.values,
        "source_reliability": SourceReliability.values,
        "status": RecordStatus.values,
    }
    for name, values in choices.items():
        if name in fields:
            errors += _check_choice(fields[name], name, values)
    if "category" not in fields and "reference" in fields:
        errors.append(FieldError("category", _("Choose the category of the violation.")))
    if errors:
        raise ValidationFailed(errors)


def _unknown(fields: dict[str, Any], allowed: Sequence[str]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationFailed.one(unknown[0], _("This field cannot be set here."))


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if "reference" in out:
        out["reference"] = str(out["reference"]).strip()
    if "nationality" in out:
        out["nationality"] = (out["nationality"] or "").upper()
    for name in ("names", "weak_aliases"):
        if isinstance(out.get(name), list):
            out[name] = [str(v).strip() for v in out[name] if str(v).strip()]
    return out


# --- single rows ---------------------------------------------------------------------------


def _audit(user: Any, action: str, obj: Any, country: Country, after: dict[str, Any]) -> None:
    audit.record(actor=user, action=action, obj=obj, country_iso2=country.iso2, after=after)


def create_person(*, acting_user: Any, country: Country, **fields: Any) -> Person:
    """Register a person (inside the caller's transaction; see :func:`register_person`)."""
    require_edit(acting_user, country)
    _unknown(fields, PERSON_FIELDS)
    fields = _normalise(fields)
    if "reference" not in fields:
        raise ValidationFailed.one("reference", _("Give the identifier."))
    _check_person(fields, country)
    digest = person_hash(fields["reference"])
    if Person.objects.filter(country=country, reference_hash=digest).exists():
        raise ValidationFailed.one("reference", _("A person with this id is already registered."))
    person = Person(country=country, reference_hash=digest, created_by=_user(acting_user))
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    _audit(acting_user, "create", person, country, {"changed": sorted(fields)})
    return person


@transaction.atomic(durable=True)
def register_person(*, acting_user: Any, country: Country, **fields: Any) -> Person:
    """Register a person in the country's personnel registry.

    Args:
        acting_user: a vetting officer of the country.
        country: the country whose institutions the person serves in.
        **fields: any of :data:`PERSON_FIELDS`; ``reference`` and ``names`` are required,
            ``birth_date`` is a stored interval (``{"earliest", "latest", "precision", …}``).
    """
    return create_person(acting_user=acting_user, country=country, **fields)


@transaction.atomic(durable=True)
def update_person(person: Person, *, acting_user: Any, **changes: Any) -> Person:
    """Change a person's fields; the audit event lists the names of the fields changed."""
    country = person.country
    require_edit(acting_user, country)
    _unknown(changes, PERSON_FIELDS)
    changes = _normalise(changes)
    _check_person(changes, country)
    changed = [name for name, value in changes.items() if getattr(person, name) != value]
    if "reference" in changed:
        digest = person_hash(changes["reference"])
        others = Person.objects.filter(country=country, reference_hash=digest)
        if others.exclude(pk=person.pk).exists():
            raise ValidationFailed.one("reference", _("Another person has this id."))
        person.reference_hash = digest
    if not changed:
        return person
    for name in changed:
        setattr(person, name, changes[name])
    extra = ["reference_hash"] if "reference" in changed else []
    person.save(update_fields=[*changed, *extra, "updated_at"])
    _audit(acting_user, "update", person, country, {"changed": sorted(changed)})
    return person


def create_record(*, acting_user: Any, country: Country, **fields: Any) -> ViolationRecord:
    """Register a record (inside the caller's transaction; see :func:`register_record`)."""
    require_edit(acting_user, country)
    _unknown(fields, RECORD_FIELDS)
    fields = _normalise(fields)
    if "reference" not in fields:
        raise ValidationFailed.one("reference", _("Give the identifier."))
    _check_record(fields)
    digest = record_hash(fields["reference"])
    if ViolationRecord.objects.filter(country=country, reference_hash=digest).exists():
        raise ValidationFailed.one("reference", _("A record with this id already exists."))
    record = ViolationRecord(country=country, reference_hash=digest, created_by=_user(acting_user))
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    after = {"changed": sorted(fields), "category": record.category, "status": record.status}
    _audit(acting_user, "create", record, country, after)
    return record


@transaction.atomic(durable=True)
def register_record(*, acting_user: Any, country: Country, **fields: Any) -> ViolationRecord:
    """Register a record of alleged violations (the person as the source describes them).

    Args:
        acting_user: a vetting officer of the country.
        country: the country.
        **fields: any of :data:`RECORD_FIELDS`; ``reference``, ``names`` and ``category``
            are required.
    """
    return create_record(acting_user=acting_user, country=country, **fields)


@transaction.atomic(durable=True)
def update_record(record: ViolationRecord, *, acting_user: Any, **changes: Any) -> ViolationRecord:
    """Change a record (its status, e.g. substantiated or cleared, among others)."""
    country = record.country
    require_edit(acting_user, country)
    _unknown(changes, RECORD_FIELDS)
    changes = _normalise(changes)
    _check_record({k: v for k, v in changes.items() if k != "reference"})
    changed = [name for name, value in changes.items() if getattr(record, name) != value]
    if "reference" in changed:
        digest = record_hash(changes["reference"])
        others = ViolationRecord.objects.filter(country=country, reference_hash=digest)
        if others.exclude(pk=record.pk).exists():
            raise ValidationFailed.one("reference", _("Another record has this id."))
        record.reference_hash = digest
    if not changed:
        return record
    before = {"category": record.category, "status": record.status}
    for name in changed:
        setattr(record, name, changes[name])
    extra = ["reference_hash"] if "reference" in changed else []
    record.save(update_fields=[*changed, *extra, "updated_at"])
    after = {"changed": sorted(changed), "category": record.category, "status": record.status}
    audit.record(
        actor=acting_user,
        action="update",
        obj=record,
        country_iso2=country.iso2,
        before=before,
        after=after,
    )
    return record


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) is not None else None


# --- bulk upserts (shared with the screening services) --------------------------------------


def upsert_persons(
    country: Country, entries: Sequence[Entry], acting_user: Any
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
            person.created_by = _user(acting_user)
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
    acting_user: Any,
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
        record.created_by = _user(acting_user)
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


def _read(reader: Callable[[Path], list[Entry]], path: Path, file_name: str) -> list[Entry]:
    try:
        entries = reader(path)
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
    path: Path, *, acting_user: Any, country: Country, file_name: str = ""
) -> ImportSummary:
    """Import a roster CSV (``person_id,full_name,…``) into the personnel registry.

    Persons are matched by ``person_id``: known ones are updated, others created. The file is
    imported whole or not at all.
    """
    require_edit(acting_user, country)
    entries = _read(read_roster, Path(path), file_name or Path(path).name)
    _ids, summary = upsert_persons(country, entries, acting_user)
    after = {"import": "roster", "file_sha256": _sha256(Path(path)), **asdict(summary)}
    _audit(acting_user, "import", country, country, after)
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
    for row in read_record_rows(path):
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


def _watchlist(country: Country, name: str, kind: str, acting_user: Any) -> Watchlist:
    watchlist, _created = Watchlist.objects.get_or_create(
        country=country, name=name, defaults={"kind": kind}
    )
    if watchlist.kind != kind:
        raise ValidationFailed.one("name", _("A list of another kind has this name."))
    watchlist.imported_by = _user(acting_user)
    return watchlist


def _replace(
    watchlist: Watchlist,
    entries: Sequence[Entry],
    acting_user: Any,
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
    _audit(acting_user, "import", watchlist, country, after)
    return result


@transaction.atomic(durable=True)
def import_records(
    path: Path, *, acting_user: Any, country: Country, name: str, file_name: str = ""
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
    path: Path, *, acting_user: Any, country: Country, name: str, file_name: str = ""
) -> tuple[Watchlist, ImportSummary]:
    """Import the UN Security Council consolidated list (XML) as a watchlist of the country.

    Individuals become records of category "listed under UN sanctions"; low-quality aliases
    are kept apart (``weak_aliases``). Importing again replaces the list's records.
    """
    require_edit(acting_user, country)
    path = Path(path)
    file_name = file_name or path.name
    entries = _read(read_un_list, path, file_name)
    watchlist = _watchlist(country, name, Watchlist.Kind.UN_SC_LIST, acting_user)

    def extra(entry: Entry) -> dict[str, Any]:
        return {
            "category": ViolationCategory.SANCTIONS_LISTING,
            "source": UN_SOURCE,
            "source_reliability": SourceReliability.RELIABLE,
            "status": RecordStatus.SUBSTANTIATED,
        }

    return watchlist, _replace(watchlist, entries, acting_user, extra, path, file_name)
