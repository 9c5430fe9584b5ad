"""Creating institutions and recording their changes as dated versions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import require, validated
from ssrmonitor.sector.models import Institution, InstitutionStatus, InstitutionVersion
from ssrmonitor.sector.permissions import can_edit_sector

VERSION_FIELDS = {
    "names",
    "acronym",
    "kind",
    "parent",
    "legal_basis_text",
    "legal_basis_reference",
    "mandate",
    "head",
    "coverage",
    "status",
    "merged_into",
    "source",
}


def guard(acting_user: Actor, country_id: int) -> None:
    """Refuse an actor who may not edit the country's sector data (:class:`Denied`)."""
    require(can_edit_sector(acting_user, country_id))


def current_version(institution: Institution) -> InstitutionVersion:
    """The open version (the one without an end date)."""
    return institution.versions.get(valid_to__isnull=True)


def _clean_names(names: Any) -> dict[str, str]:
    if not isinstance(names, dict):
        raise ValidationFailed.one("names", _("Names must be given per language code."))
    cleaned = {str(k).strip().lower(): str(v).strip() for k, v in names.items() if str(v).strip()}
    if not cleaned.get("en") and not cleaned.get("fr"):
        raise ValidationFailed.one("names", _("Give at least an English or a French name."))
    return cleaned


def _check_version(version: InstitutionVersion, country_id: int) -> InstitutionVersion:
    errors: list[FieldError] = []
    version.names = _clean_names(version.names)
    for field in ("parent", "merged_into"):
        other: Institution | None = getattr(version, field)
        if other is not None and other.country_id != country_id:
            errors.append(FieldError(field, _("The institution is in another country.")))
        if other is not None and other.pk == version.institution_id:
            errors.append(FieldError(field, _("An institution cannot point at itself.")))
    if version.merged_into is not None and version.status != InstitutionStatus.MERGED:
        errors.append(FieldError("status", _("Only a merged institution has a successor.")))
    if errors:
        raise ValidationFailed(errors)
    return validated(version, exclude=["institution"])


def _record(acting_user: Actor, obj: Any, iso2: str, action: str, before: Any = None) -> None:
    audit.record(
        actor=acting_user,
        action=action,
        obj=obj,
        country_iso2=iso2,
        before=before,
        after=audit.snapshot(obj),
    )


def write_institution(
    *,
    acting_user: Actor,
    country: Country,
    key: str,
    valid_from: date,
    is_public: bool = True,
    is_illustrative: bool = False,
    **fields: Any,
) -> Institution:
    """Create an institution and its first version inside the caller's transaction."""
    guard(acting_user, country.pk)
    unknown = set(fields) - VERSION_FIELDS
    if unknown:
        raise ValidationFailed.one(sorted(unknown)[0], _("This field cannot be set here."))
    if Institution.objects.filter(country=country, key=key).exists():
        raise ValidationFailed.one("key", _("Another institution of this country has this key."))
    institution = Institution(
        country=country, key=key, is_public=is_public, is_illustrative=is_illustrative
    )
    validated(institution, exclude=["country"])
    version = InstitutionVersion(institution=institution, valid_from=valid_from, **fields)
    _check_version(version, country.pk)
    institution.save()
    version.institution = institution
    version.save()
    _record(acting_user, institution, country.iso2, "create")
    _record(acting_user, version, country.iso2, "create")
    return institution


@transaction.atomic(durable=True)
def create_institution(*, acting_user: Actor, **kwargs: Any) -> Institution:
    """Register an institution with the details valid from ``valid_from``.

    Args:
        acting_user: an editor of the country (or the system holding ``sector.edit``).
        country: the country.
        key: a stable identifier within the country (e.g. ``LNP``).
        valid_from: the first day the details apply (e.g. the date of the founding law).
        **kwargs: ``names`` ({"en": …, "fr": …}), ``kind`` and any other version field.
    """
    return write_institution(acting_user=acting_user, **kwargs)


def write_change(
    institution: Institution,
    *,
    acting_user: Actor,
    valid_from: date,
    change_note: str,
    **changes: Any,
) -> InstitutionVersion:
    """End the current version at ``valid_from`` (exclusive) and open a changed one."""
    guard(acting_user, institution.country_id)
    unknown = set(changes) - VERSION_FIELDS
    if unknown:
        raise ValidationFailed.one(sorted(unknown)[0], _("This field cannot be changed here."))
    current = current_version(institution)
    if valid_from <= current.valid_from:
        raise ValidationFailed.one(
            "valid_from",
            _("A change must start after the current version (%(day)s).")
            % {"day": current.valid_from.isoformat()},
        )
    if all(getattr(current, name) == value for name, value in changes.items()):
        return current
    new = InstitutionVersion(
        institution=institution,
        valid_from=valid_from,
        change_note=change_note,
        **{name: getattr(current, name) for name in VERSION_FIELDS},
    )
    for name, value in changes.items():
        setattr(new, name, value)
    _check_version(new, institution.country_id)
    before = audit.snapshot(current)
    current.valid_to = valid_from
    current.save(update_fields=["valid_to"])
    iso2 = institution.country.iso2
    _record(acting_user, current, iso2, "close", before={"valid_to": before["valid_to"]})
    new.save()
    _record(acting_user, new, iso2, "create")
    return new


@transaction.atomic(durable=True)
def change_institution(
    institution: Institution,
    *,
    acting_user: Actor,
    valid_from: date,
    change_note: str,
    **changes: Any,
) -> InstitutionVersion:
    """Record a change (of mandate, name, head, status…) that applies from ``valid_from``.

    The current version is closed, not edited, so the institution's past stays as it was.
    Nothing is written when nothing changes.
    """
    return write_change(
        institution,
        acting_user=acting_user,
        valid_from=valid_from,
        change_note=change_note,
        **changes,
    )


@transaction.atomic(durable=True)
def correct_institution_version(
    version: InstitutionVersion, *, acting_user: Actor, **changes: Any
) -> InstitutionVersion:
    """Correct a mistake in a version in place (a typo, not a change over time); audited."""
    institution = version.institution
    guard(acting_user, institution.country_id)
    unknown = set(changes) - VERSION_FIELDS
    if unknown:
        raise ValidationFailed.one(sorted(unknown)[0], _("This field cannot be changed here."))
    before = audit.snapshot(version)
    changed = [name for name, value in changes.items() if getattr(version, name) != value]
    for name in changed:
        setattr(version, name, changes[name])
    if not changed:
        return version
    _check_version(version, institution.country_id)
    version.save(update_fields=changed)
    audit.record(
        actor=acting_user,
        action="correct",
        obj=version,
        country_iso2=institution.country.iso2,
        before={name: before[name] for name in changed},
        after=audit.snapshot(version, changed),
    )
    return version


@transaction.atomic(durable=True)
def merge_institutions(
    sources: Sequence[Institution], *, into: Institution, on: date, acting_user: Actor
) -> list[InstitutionVersion]:
    """Merge ``sources`` into ``into`` from ``on``: each gets a version with status *merged*."""
    guard(acting_user, into.country_id)
    if not sources:
        raise ValidationFailed.one("sources", _("Choose at least one institution to merge."))
    note = _("Merged into %(key)s") % {"key": into.key}
    return [
        write_change(
            source,
            acting_user=acting_user,
            valid_from=on,
            change_note=note,
            status=InstitutionStatus.MERGED,
            merged_into=into,
        )
        for source in sources
    ]
