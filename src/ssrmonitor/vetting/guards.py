"""Country-level guards shared by the registry and case pages and API routes.

Built on :mod:`ssrmonitor.vetting.permissions`. A country where the user holds no vetting
right at all answers :class:`NotFound` (as a missing country would); a country where the user
sees only the statistics (administrators, viewers, child protection officers, superusers)
answers :class:`Denied` with the reason on pages that show personal data.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import (
    Action,
    Denied,
    NotFound,
    access_country_by_iso2,
    has_action,
)
from ssrmonitor.vetting.permissions import audit_read, may_see_statistics

REASONS = {
    Action.VIEW_VETTING_PERSONAL: lambda: _(
        "Only vetting officers and reviewers of the country see the registries and cases."
    ),
    Action.EDIT_VETTING: lambda: _("Only vetting officers of the country do this."),
    Action.DECIDE_VETTING: lambda: _("Only vetting reviewers of the country decide."),
}


def access_vetting_country(user: Any, iso2: str, action: Action | None = None) -> Country:
    """The country ``iso2`` if ``user`` sees its vetting pages (and may do ``action``)."""
    country = access_country_by_iso2(iso2)
    if not may_see_statistics(user, country.pk):
        raise NotFound
    if action is not None and not has_action(user, country.pk, action):
        reason = REASONS.get(action)
        raise Denied(reason() if reason else _("You may not do this."))
    return country


def check_country(obj: Any, country: Country) -> None:
    """:class:`NotFound` when ``obj`` (looked up by id) is not of the country in the URL."""
    if obj.country_id != country.pk:
        raise NotFound


def audit_list_read(user: Any, country: Country, what: str, rows: int, offset: int = 0) -> None:
    """A ``read`` event for a list page that shows names (the list, the row count; no names)."""
    audit_read(user, country, country, list=what, rows=rows, offset=offset)
