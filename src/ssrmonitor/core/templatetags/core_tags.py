"""What the navigation offers the signed-in user, and how audit changes are shown."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django import template

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import AuditEvent, Country
from ssrmonitor.core.permissions import Action, country_ids_with, is_superuser

register = template.Library()

_LONGEST_VALUE = 200


@dataclass(frozen=True)
class NavFlags:
    """Which links of the navigation the user gets."""

    can_review: bool
    can_audit: bool
    is_superuser: bool
    can_import_support: bool = False
    vetting_home: str = ""  # ISO code of the first country where the user holds vetting data
    can_see_vetting_statistics: bool = False
    can_assess_age: bool = False


def _anywhere(user: Viewer, action: Action) -> bool:
    ids = country_ids_with(user, action)
    return ids is None or bool(ids)


@register.simple_tag
def nav_flags(user: Viewer) -> NavFlags:
    """Review queue for reviewers, audit log for administrators, admin for superusers."""
    if not getattr(user, "is_authenticated", False):
        return NavFlags(can_review=False, can_audit=False, is_superuser=False)
    return NavFlags(
        can_review=_anywhere(user, Action.REVIEW_DATA),
        can_audit=_anywhere(user, Action.VIEW_AUDIT),
        is_superuser=is_superuser(user),
        can_import_support=_anywhere(user, Action.IMPORT_SUPPORT),
        vetting_home=""
        if is_superuser(user)  # superusers reach vetting through the statistics index
        else _first_country(user, Action.VIEW_VETTING_PERSONAL),
        can_see_vetting_statistics=_anywhere(user, Action.VIEW_VETTING_STATISTICS),
        can_assess_age=not is_superuser(user) and _anywhere(user, Action.ASSESS_AGE),
    )


def _first_country(user: Viewer, action: Action) -> str:
    """The ISO code of the first country (alphabetically) where ``user`` may do ``action``."""
    ids = country_ids_with(user, action)
    if not ids:
        return ""
    codes = Country.objects.filter(pk__in=ids).order_by("iso2").values_list("iso2", flat=True)
    return codes.first() or ""


@dataclass(frozen=True)
class Change:
    """One field of an audit event: its value before and after."""

    field: str
    before: str
    after: str


def _shown(value: Any) -> str:
    if value is None:
        return "∅"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > _LONGEST_VALUE:
        return text[: _LONGEST_VALUE - 1] + "…"
    return text


@register.filter
def audit_changes(event: AuditEvent) -> list[Change]:
    """The fields an event touched, with before → after (``∅`` where there was none)."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    changes = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if event.before is not None and event.after is not None and old == new:
            continue
        changes.append(Change(name, _shown(old), _shown(new)))
    return changes
