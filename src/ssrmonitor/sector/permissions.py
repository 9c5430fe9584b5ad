"""Who sees and changes what in the sector app, on :mod:`ssrmonitor.core.permissions`.

* The public sees the institutions marked public, their roles, oversight links and budget
  lines, and personnel tables with small cells suppressed (:mod:`ssrmonitor.sector.disclosure`).
* Members of a country with ``sector.view_internal`` (viewers and up) also see the institutions
  not marked public and unsuppressed personnel figures, with age bands and regions.
* ``sector.edit`` (editors, administrators) changes the registry, roles, personnel and budgets;
  ``sector.import`` bulk-imports them from templates.

An institution the user may not see answers :class:`NotFound`, like one that does not exist.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.permissions import Action, NotFound, country_ids_with, has_action
from ssrmonitor.core.permissions import access_country_by_iso2 as core_access_country_by_iso2
from ssrmonitor.sector.models import Institution


def _institution_q(user: Viewer, prefix: str = "") -> Q:
    ids = country_ids_with(user, Action.VIEW_SECTOR_INTERNAL)
    if ids is None:
        return Q()
    return Q(**{f"{prefix}is_public": True}) | Q(**{f"{prefix}country_id__in": ids})


def institutions_visible_to(user: Viewer) -> QuerySet[Institution]:
    """Institutions ``user`` may see: public ones, and all of the countries they belong to."""
    return Institution.objects.filter(_institution_q(user))


def institution_filter(user: Viewer, field: str = "institution") -> Q:
    """A filter that keeps rows whose ``field`` is an institution ``user`` may see."""
    return _institution_q(user, f"{field}__")


def access_institution_by_id(user: Viewer, institution_id: int) -> Institution:
    """The institution, or :class:`NotFound` if it does not exist or ``user`` may not see it."""
    try:
        return institutions_visible_to(user).select_related("country").get(pk=institution_id)
    except (Institution.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


# Every country has a public sector page: the core look-up is the sector's too.
access_country_by_iso2 = core_access_country_by_iso2


def can_view_unsuppressed(user: Viewer, country_id: int) -> bool:
    """Members with ``sector.view_internal`` see personnel figures without suppression."""
    return has_action(user, country_id, Action.VIEW_SECTOR_INTERNAL)


def can_edit_sector(user: Viewer, country_id: int) -> tuple[bool, str]:
    """Editors and administrators of the country change its sector data."""
    if not has_action(user, country_id, Action.EDIT_SECTOR):
        return False, _("You are not an editor of this country's security sector data.")
    return True, ""


def can_import_sector(user: Viewer, country_id: int) -> tuple[bool, str]:
    """Bulk imports need ``sector.import`` in the country."""
    if not has_action(user, country_id, Action.IMPORT_SECTOR):
        return False, _("You may not import security sector data for this country.")
    return True, ""


def can_import_statistics(user: Viewer) -> tuple[bool, str]:
    """Reference statistics are shared by all countries: superusers load them.

    So does the system when it holds ``sector.import`` (the ``import_statistics`` command and
    the demo); no country role grants it, as the statistics are not one country's.
    """
    if not has_action(user, None, Action.IMPORT_SECTOR):
        return False, _("Only a superuser can import reference statistics.")
    return True, ""
