"""Registering personnel and records, one at a time (the bulk paths: :mod:`.registry_files`).

Every write is one atomic, audited service. The audit log never receives personal data: an
event names the object by its id (``person #12``) and lists only the *names* of the personal
fields that changed, with non-personal values (category, status, counts, the file's SHA-256).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import actors, audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import require
from ssrmonitor.vetting.crypto import keyed_hash
from ssrmonitor.vetting.entries import birth_date_from_json
from ssrmonitor.vetting.keycheck import require_data_key
from ssrmonitor.vetting.models import (
    Person,
    RecordStatus,
    Sex,
    SourceReliability,
    ViolationCategory,
    ViolationRecord,
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


def person_hash(reference: str) -> str:
    return keyed_hash(reference, purpose=PERSON_PURPOSE)


def record_hash(reference: str) -> str:
    return keyed_hash(reference, purpose=RECORD_PURPOSE)


def require_edit(user: Actor, country: Country) -> None:
    """:class:`Denied` unless ``user`` is a vetting officer of ``country`` (or the system
    holding ``vetting.edit``); then :class:`DataKeyRefused` if the data key opens none of the
    stored data (before anything is looked up by a hash under the wrong key)."""
    require(can_edit(user, country.pk))
    require_data_key()


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


def audit_write(
    user: Actor, action: str, obj: models.Model, country: Country, after: dict[str, Any]
) -> None:
    """One audit event of a registry write (``after`` holds no personal data)."""
    audit.record(actor=user, action=action, obj=obj, country_iso2=country.iso2, after=after)


def create_person(*, acting_user: Actor, country: Country, **fields: Any) -> Person:
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
    person = Person(country=country, reference_hash=digest, created_by=actors.person(acting_user))
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    audit_write(acting_user, "create", person, country, {"changed": sorted(fields)})
    return person


@transaction.atomic(durable=True)
def register_person(*, acting_user: Actor, country: Country, **fields: Any) -> Person:
    """Register a person in the country's personnel registry.

    Args:
        acting_user: a vetting officer of the country.
        country: the country whose institutions the person serves in.
        **fields: any of :data:`PERSON_FIELDS`; ``reference`` and ``names`` are required,
            ``birth_date`` is a stored interval (``{"earliest", "latest", "precision", …}``).
    """
    return create_person(acting_user=acting_user, country=country, **fields)


@transaction.atomic(durable=True)
def update_person(person: Person, *, acting_user: Actor, **changes: Any) -> Person:
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
    audit_write(acting_user, "update", person, country, {"changed": sorted(changed)})
    return person


def create_record(*, acting_user: Actor, country: Country, **fields: Any) -> ViolationRecord:
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
    record = ViolationRecord(
        country=country, reference_hash=digest, created_by=actors.person(acting_user)
    )
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    after = {"changed": sorted(fields), "category": record.category, "status": record.status}
    audit_write(acting_user, "create", record, country, after)
    return record


@transaction.atomic(durable=True)
def register_record(*, acting_user: Actor, country: Country, **fields: Any) -> ViolationRecord:
    """Register a record of alleged violations (the person as the source describes them).

    Args:
        acting_user: a vetting officer of the country.
        country: the country.
        **fields: any of :data:`RECORD_FIELDS`; ``reference``, ``names`` and ``category``
            are required.
    """
    return create_record(acting_user=acting_user, country=country, **fields)


@transaction.atomic(durable=True)
def update_record(
    record: ViolationRecord, *, acting_user: Actor, **changes: Any
) -> ViolationRecord:
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
