"""Template filters that name reference data in the active language (see ``core.names``).

``{% load names %}`` then ``{{ country|territory }}`` (a Country or an ISO alpha-2 code),
``{{ "202"|region }}``, ``{{ "fr"|language }}``, ``{{ mission|mission }}``,
``{{ event.action|audit_action }}`` and ``{{ event.object_type|object_type }}``.
"""

from __future__ import annotations

from typing import Any

from django import template

from ssrmonitor.core import names

register = template.Library()


@register.filter
def territory(value: Any) -> str:
    """A country (model or ISO alpha-2 code) named in the active language."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return names.territory_name(value)
    return names.territory_name(getattr(value, "iso2", ""), getattr(value, "name", str(value)))


@register.filter
def region(value: Any) -> str:
    """A UN M49 region code named in the active language."""
    return names.region_name(str(value or ""))


@register.filter
def language(value: Any) -> str:
    """A language code named in the active language."""
    return names.language_name(str(value or ""))


@register.filter
def mission(value: Any) -> str:
    """A mission (model or name) named in the active language where the catalogue has it."""
    return names.mission_name(str(getattr(value, "name", value) or ""))


@register.filter(name="framework_kind")
def framework_kind_filter(value: Any) -> str:
    """A framework's kind in the active language where the catalogues have it."""
    return names.framework_kind(str(value or ""))


@register.filter
def audit_action(value: Any) -> str:
    """The human label of an audit action code."""
    return names.audit_action_label(str(value or ""))


@register.filter
def object_type(value: Any) -> str:
    """The human name of an audited object's type ("vetting.person" → "Person")."""
    return names.object_type_label(str(value or ""))
