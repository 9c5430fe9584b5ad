"""Who sees and does what with the sanctions list, embargo measures and exemption requests.

Built on :mod:`ssrmonitor.core.permissions`.

* The UN consolidated list (regimes, listed individuals and entities) is public, as published by
  the Security Council, and so are the arms embargo measures (Council decisions).
* Exemption requests are internal: members holding ``sanctions.view_internal`` in the country
  (viewers, editors, reviewers, administrators) see them; anybody else gets :class:`NotFound`.
* Editors and administrators (``sanctions.edit``) record measures and exemption requests.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.permissions import Action, NotFound, country_q, has_action
from ssrmonitor.sanctions.models import (
    EmbargoMeasure,
    ExemptionRequest,
    ListedParty,
    Regime,
)


def access_regime_by_code(user: Viewer, code: str) -> Regime:
    """A sanctions regime (public data), or :class:`NotFound`."""
    regime = Regime.objects.filter(code=code).first()
    if regime is None:
        raise NotFound
    return regime


def access_party_by_id(user: Viewer, party_id: int) -> ListedParty:
    """A listed individual or entity (public data), or :class:`NotFound`."""
    party = ListedParty.objects.select_related("regime").filter(pk=party_id).first()
    if party is None:
        raise NotFound
    return party


def measures_visible_to(user: Viewer) -> QuerySet[EmbargoMeasure]:
    """Arms embargo measures: public Council decisions, visible to everyone."""
    return EmbargoMeasure.objects.select_related("country", "regime", "benchmark_framework")


def access_measure_by_id(user: Viewer, measure_id: int) -> EmbargoMeasure:
    """An embargo measure, or :class:`NotFound`."""
    measure = measures_visible_to(user).filter(pk=measure_id).first()
    if measure is None:
        raise NotFound
    return measure


def exemptions_visible_to(user: Viewer) -> QuerySet[ExemptionRequest]:
    """Exemption requests of the countries where ``user`` holds ``sanctions.view_internal``."""
    visible = ExemptionRequest.objects.filter(country_q(user, Action.VIEW_SANCTIONS_INTERNAL))
    return visible.select_related("country", "measure")


def access_exemption_by_id(user: Viewer, exemption_id: int) -> ExemptionRequest:
    """An exemption request ``user`` may see, or :class:`NotFound` (never revealing it exists)."""
    found = exemptions_visible_to(user).filter(pk=exemption_id).first()
    if found is None:
        raise NotFound
    return found


def can_view_exemptions(user: Viewer, country_id: int) -> bool:
    """True when ``user`` may see the exemption requests of the country."""
    return has_action(user, country_id, Action.VIEW_SANCTIONS_INTERNAL)


def can_edit_embargo(user: Viewer, country_id: int) -> tuple[bool, str]:
    """May ``user`` record measures and exemption requests of the country?"""
    if has_action(user, country_id, Action.EDIT_SANCTIONS):
        return True, ""
    return False, _("Only editors and administrators of the country record embargo data.")
