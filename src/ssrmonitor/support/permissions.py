"""Who sees and does what with support data. Built on :mod:`ssrmonitor.core.permissions`.

* Activities imported from IATI are published by their reporting organisations: everybody,
  including the public, sees them.
* Activities recorded in SSR Monitor (national entries), the national strategy, alignment links
  and the coordination analytics are internal: members of the country with
  ``support.view_internal`` see them; for anybody else they do not exist (404).
* ``support.edit`` records activities, the strategy and the links; ``support.import`` imports
  IATI files and exchange rates.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action, NotFound, country_ids_with, has_action
from ssrmonitor.support.models import Activity, Source, StrategyNode


def activities_visible_to(user: Viewer) -> QuerySet[Activity]:
    """IATI activities for everybody; national entries for the country's members."""
    scope = support_scope(user)
    if scope == "all":
        return Activity.objects.all()
    return Activity.objects.filter(Q(source=Source.IATI) | Q(country_id__in=scope))


def support_scope(user: Viewer) -> str | tuple[int, ...]:
    """What decides the activities ``user`` sees (:func:`activities_visible_to` is built from
    it, and cached results are keyed on it): ``"all"``, or the countries whose national entries
    they see."""
    ids = country_ids_with(user, Action.VIEW_SUPPORT_INTERNAL)
    return "all" if ids is None else tuple(sorted(ids))


def access_activity_by_id(user: Viewer, activity_id: int) -> Activity:
    """The activity, or :class:`NotFound` if it does not exist or ``user`` may not see it."""
    queryset = activities_visible_to(user).select_related("reporting_org", "country")
    try:
        return queryset.get(pk=activity_id)
    except (Activity.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def access_country_by_iso2(user: Viewer, iso2: str, *, internal: bool) -> Country:
    """The country; with ``internal``, :class:`NotFound` unless ``user`` sees its internal data."""
    country = Country.objects.filter(iso2=str(iso2).upper()).first()
    if country is None:
        raise NotFound
    if internal and not has_action(user, country.pk, Action.VIEW_SUPPORT_INTERNAL):
        raise NotFound
    return country


def strategy_visible_to(user: Viewer) -> QuerySet[StrategyNode]:
    """Strategy elements of the countries whose internal support data ``user`` sees."""
    ids = country_ids_with(user, Action.VIEW_SUPPORT_INTERNAL)
    if ids is None:
        return StrategyNode.objects.all()
    return StrategyNode.objects.filter(country_id__in=ids)


def access_strategy_node_by_id(user: Viewer, node_id: int) -> StrategyNode:
    """The strategy element, or :class:`NotFound`."""
    try:
        return strategy_visible_to(user).select_related("country").get(pk=node_id)
    except (StrategyNode.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def can_edit_support(user: Viewer, country: Country) -> tuple[bool, str]:
    """Editors and administrators of the country record activities, strategy and links."""
    if not has_action(user, country.pk, Action.EDIT_SUPPORT):
        return False, _("You may not edit support data of this country.")
    return True, ""


def can_import(user: Viewer, country: Country | None) -> tuple[bool, str]:
    """``support.import`` in the country; imports for every country are for superusers (and
    the system acting with ``support.import``)."""
    if country is None:
        if country_ids_with(user, Action.IMPORT_SUPPORT) is None:
            return True, ""
        return False, _("Only a superuser may import IATI data for every country.")
    if not has_action(user, country.pk, Action.IMPORT_SUPPORT):
        return False, _("You may not import support data for this country.")
    return True, ""


def import_countries(user: Viewer) -> QuerySet[Country]:
    """The countries ``user`` may import for (the upload form's choices)."""
    ids = country_ids_with(user, Action.IMPORT_SUPPORT)
    if ids is None:
        return Country.objects.all()
    return Country.objects.filter(pk__in=ids)
