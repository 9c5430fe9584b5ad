"""Shared steps of every app's service functions: permission, validation, audited saves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.permissions import Denied

M = TypeVar("M", bound=models.Model)


def require(check: tuple[bool, str]) -> None:
    """Raise :class:`Denied` with the predicate's reason when it refuses."""
    allowed, reason = check
    if not allowed:
        raise Denied(reason)


def validated(obj: M, exclude: list[str] | None = None) -> M:
    """Run the model's own validation and turn its errors into field errors."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationFailed.from_django(exc) from None
    return obj


def apply_changes(obj: models.Model, changes: dict[str, Any], allowed: set[str]) -> list[str]:
    """Set the allowed fields on ``obj``; return the names that really changed."""
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed.one(sorted(unknown)[0], _("This field cannot be changed here."))
    changed = []
    for name, value in changes.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def save_created(obj: M, *, acting_user: Actor, country_iso2: str) -> M:
    """Save a new object and record its creation."""
    obj.save()
    audit.record(
        actor=acting_user,
        action="create",
        obj=obj,
        country_iso2=country_iso2,
        after=audit.snapshot(obj),
    )
    return obj


def save_changed(
    obj: M, *, acting_user: Actor, country_iso2: str, changed: list[str], before: dict[str, Any]
) -> M:
    """Save the changed fields only and record before → after (nothing when nothing changed)."""
    if not changed:
        return obj
    obj.save(update_fields=changed)
    audit.record(
        actor=acting_user,
        action="update",
        obj=obj,
        country_iso2=country_iso2,
        before={k: before[k] for k in changed if k in before},
        after={k: v for k, v in audit.snapshot(obj, changed).items()},
    )
    return obj


def delete_recorded(obj: models.Model, *, acting_user: Actor, country_iso2: str) -> None:
    """Record the deletion with the object's last state, then delete it."""
    audit.record(
        actor=acting_user,
        action="delete",
        obj=obj,
        country_iso2=country_iso2,
        before=audit.snapshot(obj),
    )
    obj.delete()


def save_changes(
    obj: M,
    changes: dict[str, Any],
    *,
    allowed: set[str],
    check: Callable[[M], object],
    acting_user: Actor,
    country_iso2: str,
) -> M:
    """The body of every update service, after its permission check.

    Apply the allowed ``changes`` to ``obj``, run the service's ``check`` (which raises
    :class:`ValidationFailed`), then save only the changed fields and record before → after.
    """
    before = audit.snapshot(obj)
    changed = apply_changes(obj, changes, allowed)
    check(obj)
    return save_changed(
        obj, acting_user=acting_user, country_iso2=country_iso2, changed=changed, before=before
    )


def checked(obj: M, errors: list[FieldError]) -> M:
    """Raise the field errors a service collected, if any; then run the model's validation."""
    if errors:
        raise ValidationFailed(errors)
    return validated(obj)


def dates_in_order(
    start: date | None, end: date | None, field: str, reason: str, *, strictly: bool = False
) -> list[FieldError]:
    """An error on ``field`` when ``end`` comes before ``start`` (or on it, ``strictly``)."""
    if start and end and (end <= start if strictly else end < start):
        return [FieldError(field, reason)]
    return []


def in_country(
    linked_country_id: int | None,
    country_id: int | None,
    field: str,
    reason: str,
    *,
    countryless_allowed: bool = False,
) -> list[FieldError]:
    """An error on ``field`` when a linked object belongs to another country than ``country_id``.

    With ``countryless_allowed``, a linked object without a country (a regional mission) passes.
    """
    if linked_country_id is None and countryless_allowed:
        return []
    return [] if linked_country_id == country_id else [FieldError(field, reason)]
