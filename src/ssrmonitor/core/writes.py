"""Shared steps of every app's service functions: permission, validation, audited saves."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
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
