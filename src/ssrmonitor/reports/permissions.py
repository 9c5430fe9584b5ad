"""Who may generate which report, write narrative and freeze or read snapshots.

Built on :mod:`ssrmonitor.core.permissions`; pages, API routes and the command call only these.

* An **internal** country report (every adopted framework of the country, with the mission's
  narrative) needs ``reports.generate`` in the country. Anybody else asking for it gets
  :class:`NotFound`, exactly like for a country that does not exist.
* A **public** country report is open to everyone, the anonymous public included, for a
  country with at least one published, adopted framework; it is built with the public's
  permissions (published frameworks, approved values) and carries no narrative. For a country
  without such a framework it is :class:`NotFound`.
* Narrative blocks are written by holders of ``reports.edit``; snapshots are frozen and read
  by holders of ``reports.generate`` in their country.
* Whatever the audience, only approved values ever enter a report.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import (
    Action,
    NotFound,
    access_country_by_iso2,
    country_ids_with,
    country_q,
    has_action,
)
from ssrmonitor.core.sections import Audience, report_countries
from ssrmonitor.reports.models import Snapshot


def country_by_code(iso2: str) -> Country:
    """The country with this ISO alpha-2 code, or :class:`NotFound`."""
    return access_country_by_iso2(iso2)


def has_public_report(country: Country) -> bool:
    """True when some app has public data on the country (a published, adopted framework)."""
    return report_countries(Audience.PUBLIC).filter(pk=country.pk).exists()


def can_generate_internal(user: Viewer, country: Country) -> bool:
    return has_action(user, country.pk, Action.GENERATE_REPORTS)


def access_country_report(user: Viewer, iso2: str, audience: str) -> Country:
    """The country whose ``audience`` report ``user`` may generate, or :class:`NotFound`."""
    country = country_by_code(iso2)
    if audience == Audience.INTERNAL and can_generate_internal(user, country):
        return country
    if audience == Audience.PUBLIC and has_public_report(country):
        return country
    raise NotFound


def thematic_countries(user: Viewer, audience: str) -> list[Country]:
    """The countries of a thematic report: internal — those where ``user`` holds
    ``reports.generate`` (:class:`NotFound` when none); public — those with a public report."""
    countries = report_countries(audience)
    if audience == Audience.PUBLIC:
        return list(countries)
    ids = country_ids_with(user, Action.GENERATE_REPORTS)
    if ids is not None and not ids:
        raise NotFound
    return list(countries if ids is None else countries.filter(pk__in=ids))


def default_audience(user: Viewer) -> str:
    """``internal`` for who holds ``reports.generate`` somewhere, else ``public`` (the public,
    the vetting roles): the edition a report page shows when none is asked for."""
    ids = country_ids_with(user, Action.GENERATE_REPORTS)
    return Audience.INTERNAL if ids is None or ids else Audience.PUBLIC


def can_edit_narrative(user: Viewer, country: Country) -> tuple[bool, str]:
    """Holders of ``reports.edit`` in the country write its narrative blocks."""
    if not has_action(user, country.pk, Action.EDIT_REPORTS):
        return False, _("You may not write the narrative of this country's reports.")
    return True, ""


def can_freeze_snapshot(user: Viewer, country: Country) -> tuple[bool, str]:
    """Holders of ``reports.generate`` in the country freeze snapshots of its report."""
    if not has_action(user, country.pk, Action.GENERATE_REPORTS):
        return False, _("You may not freeze reports of this country.")
    return True, ""


def snapshots_visible_to(user: Viewer) -> QuerySet[Snapshot]:
    """Snapshots of the countries where ``user`` holds ``reports.generate``."""
    return Snapshot.objects.filter(country_q(user, Action.GENERATE_REPORTS))


def access_snapshot_by_id(user: Viewer, snapshot_id: int) -> Snapshot:
    """The snapshot, or :class:`NotFound`."""
    try:
        return snapshots_visible_to(user).select_related("country", "created_by").get(
            pk=snapshot_id)  # fmt: skip
    except (Snapshot.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
