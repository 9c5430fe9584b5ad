"""Security functions, lead/support roles and oversight relations."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import delete_recorded, save_changed, save_created, validated
from ssrmonitor.sector.models import (
    FunctionRole,
    Institution,
    OversightRelation,
    RoleAssignment,
    SecurityFunction,
)
from ssrmonitor.sector.services.institutions import guard


def write_function(
    *,
    acting_user: Actor,
    country: Country,
    code: str,
    names: dict[str, str],
    position: int = 0,
    is_illustrative: bool = False,
) -> SecurityFunction:
    """Create or update a function by its code (idempotent) inside the caller's transaction."""
    guard(acting_user, country.pk)
    if not names.get("en") and not names.get("fr"):
        raise ValidationFailed.one("names", _("Give at least an English or a French name."))
    found = SecurityFunction.objects.filter(country=country, code=code).first()
    if found is None:
        function = SecurityFunction(
            country=country,
            code=code,
            names=names,
            position=position,
            is_illustrative=is_illustrative,
        )
        validated(function, exclude=["country"])
        return save_created(function, acting_user=acting_user, country_iso2=country.iso2)
    before = audit.snapshot(found)
    values = {"names": names, "position": position, "is_illustrative": is_illustrative}
    changed = [name for name, value in values.items() if getattr(found, name) != value]
    for name in changed:
        setattr(found, name, values[name])
    return save_changed(
        found, acting_user=acting_user, country_iso2=country.iso2, changed=changed, before=before
    )


@transaction.atomic(durable=True)
def create_function(*, acting_user: Actor, **kwargs: Any) -> SecurityFunction:
    """Create (or update, by ``code``) a security function of a country."""
    return write_function(acting_user=acting_user, **kwargs)


def write_role(
    function: SecurityFunction,
    institution: Institution,
    *,
    acting_user: Actor,
    role: str | None,
    is_illustrative: bool = False,
) -> RoleAssignment | None:
    """Set the institution's role in the function; ``None`` removes it."""
    guard(acting_user, function.country_id)
    if institution.country_id != function.country_id:
        raise ValidationFailed.one("institution", _("The institution is in another country."))
    if role is not None and role not in FunctionRole.values:
        raise ValidationFailed.one("role", _("The role must be lead or support."))
    iso2 = institution.country.iso2
    found = RoleAssignment.objects.filter(function=function, institution=institution).first()
    if role is None:
        if found is not None:
            delete_recorded(found, acting_user=acting_user, country_iso2=iso2)
        return None
    if found is None:
        created = RoleAssignment(
            function=function, institution=institution, role=role, is_illustrative=is_illustrative
        )
        return save_created(created, acting_user=acting_user, country_iso2=iso2)
    before = audit.snapshot(found)
    values = {"role": role, "is_illustrative": is_illustrative}
    changed = [name for name, value in values.items() if getattr(found, name) != value]
    for name in changed:
        setattr(found, name, values[name])
    return save_changed(
        found, acting_user=acting_user, country_iso2=iso2, changed=changed, before=before
    )


@transaction.atomic(durable=True)
def set_role(
    function: SecurityFunction,
    institution: Institution,
    *,
    acting_user: Actor,
    role: str | None,
    is_illustrative: bool = False,
) -> RoleAssignment | None:
    """Make ``institution`` lead or support ``function`` (``role=None`` removes the role)."""
    return write_role(
        function, institution, acting_user=acting_user, role=role, is_illustrative=is_illustrative
    )


@transaction.atomic(durable=True)
def add_oversight(
    *,
    acting_user: Actor,
    overseer: Institution,
    overseen: Institution,
    instrument: str,
    note: str = "",
    is_illustrative: bool = False,
) -> OversightRelation:
    """Record that ``overseer`` oversees ``overseen`` by ``instrument`` (idempotent)."""
    guard(acting_user, overseen.country_id)
    if overseer.country_id != overseen.country_id:
        raise ValidationFailed.one("overseer", _("The overseer is in another country."))
    if overseer.pk == overseen.pk:
        raise ValidationFailed.one("overseer", _("An institution cannot oversee itself."))
    found = OversightRelation.objects.filter(
        overseer=overseer, overseen=overseen, instrument=instrument
    ).first()
    if found is not None:
        return found
    relation = OversightRelation(
        overseer=overseer,
        overseen=overseen,
        instrument=instrument,
        note=note,
        is_illustrative=is_illustrative,
    )
    validated(relation, exclude=["overseer", "overseen"])
    return save_created(relation, acting_user=acting_user, country_iso2=overseen.country.iso2)


@transaction.atomic(durable=True)
def remove_oversight(relation: OversightRelation, *, acting_user: Actor) -> None:
    """Delete an oversight relation (audited with its last state)."""
    guard(acting_user, relation.overseen.country_id)
    delete_recorded(relation, acting_user=acting_user, country_iso2=relation.overseen.country.iso2)
