"""Who sees and changes surveys and consultations (data category ``perceptions``).

* The public sees published surveys — their questions and estimates, never respondents — and
  published consultations.
* Members holding ``perceptions.view_internal`` in the country also see them unpublished.
* Editors and administrators (``perceptions.edit``) record surveys, questions and
  consultations and publish them; ``perceptions.import`` imports survey files and tables.
* Respondent-level rows are read by the estimation only: no page, route or export shows them.
* Imported SDG values are public statistics: everyone sees them; ``perceptions.import``
  imports them.

A consultation's links to priorities, benchmarks and transition tasks are shown only where the
linked object is itself visible: :func:`visible_links` repeats those apps' rules of publication
(a published framework, a published plan; priorities are internal support data) on the linked
rows, since this app sits below them and imports none of them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action, NotFound, country_ids_with, has_action
from ssrmonitor.perceptions.models import (
    Consultation,
    Estimate,
    Question,
    Recommendation,
    SdgValue,
    Survey,
)


def _published_or_internal(user: Viewer, prefix: str = "") -> Q:
    ids = country_ids_with(user, Action.VIEW_PERCEPTIONS_INTERNAL)
    if ids is None:
        return Q()
    return Q(**{f"{prefix}is_published": True}) | Q(**{f"{prefix}country_id__in": ids})


def surveys_visible_to(user: Viewer) -> QuerySet[Survey]:
    """Surveys ``user`` may see."""
    return Survey.objects.filter(_published_or_internal(user)).select_related("country")


def questions_visible_to(user: Viewer) -> QuerySet[Question]:
    """Questions of the surveys ``user`` may see."""
    return Question.objects.filter(_published_or_internal(user, "survey__"))


def estimates_visible_to(user: Viewer) -> QuerySet[Estimate]:
    """Estimates of the surveys ``user`` may see."""
    return Estimate.objects.filter(_published_or_internal(user, "question__survey__"))


def consultations_visible_to(user: Viewer) -> QuerySet[Consultation]:
    """Consultations ``user`` may see."""
    return Consultation.objects.filter(_published_or_internal(user)).select_related("country")


def access_survey_by_id(user: Viewer, survey_id: int) -> Survey:
    """A survey ``user`` may see, or :class:`NotFound`."""
    found = surveys_visible_to(user).filter(pk=survey_id).first()
    if found is None:
        raise NotFound
    return found


def access_consultation_by_id(user: Viewer, consultation_id: int) -> Consultation:
    """A consultation ``user`` may see, or :class:`NotFound`."""
    found = consultations_visible_to(user).filter(pk=consultation_id).first()
    if found is None:
        raise NotFound
    return found


def access_recommendation_by_id(user: Viewer, recommendation_id: int) -> Recommendation:
    """A recommendation of a consultation ``user`` may see, or :class:`NotFound`."""
    rows = Recommendation.objects.filter(
        _published_or_internal(user, "consultation__"), pk=recommendation_id
    ).select_related("consultation__country")
    found = rows.first()
    if found is None:
        raise NotFound
    return found


def access_country_by_iso2(user: Viewer, iso2: str) -> Country:
    """The country (public reference data), or :class:`NotFound`."""
    found = Country.objects.filter(iso2=iso2.upper()).first()
    if found is None:
        raise NotFound
    return found


def sdg_values_visible_to(user: Viewer, country: Country) -> QuerySet[SdgValue]:
    """The country's imported SDG values: public statistics (a national statistics office's
    or the UN SDG database's), so everyone sees them, the anonymous public included."""
    return SdgValue.objects.filter(country=country)


def sees_internal(user: Viewer, country_id: int) -> bool:
    return has_action(user, country_id, Action.VIEW_PERCEPTIONS_INTERNAL)


def can_edit(user: Viewer, country_id: int) -> tuple[bool, str]:
    """May ``user`` record surveys and consultations of the country?"""
    if has_action(user, country_id, Action.EDIT_PERCEPTIONS):
        return True, ""
    return False, _(
        "Only editors and administrators of the country record surveys and consultations."
    )


def can_edit_items(user: Viewer) -> tuple[bool, str]:
    """May ``user`` add items to the crosswalk (shared by every country)?"""
    ids = country_ids_with(user, Action.EDIT_PERCEPTIONS)
    if ids is None or ids:
        return True, ""
    return False, _("Only editors and administrators add items to the crosswalk.")


def can_import(user: Viewer, country_id: int) -> tuple[bool, str]:
    """May ``user`` import survey files and published tables of the country?"""
    if has_action(user, country_id, Action.IMPORT_PERCEPTIONS):
        return True, ""
    return False, _("Only editors and administrators of the country import survey data.")


def countries_editable_by(user: Viewer) -> QuerySet[Country]:
    ids = country_ids_with(user, Action.EDIT_PERCEPTIONS)
    return Country.objects.all() if ids is None else Country.objects.filter(pk__in=ids)


# The other apps' rules of publication, on their rows (see the module docstring).
def _public_benchmarks(user: Viewer) -> Q:
    ids = country_ids_with(user, Action.VIEW_INTERNAL)
    if ids is None:
        return Q()
    public = Q(framework__is_published=True) & ~Q(framework__status="draft")
    return public | Q(framework__country_id__in=ids)


def _public_tasks(user: Viewer) -> Q:
    ids = country_ids_with(user, Action.VIEW_TRANSITIONS_INTERNAL)
    return Q() if ids is None else Q(plan__is_published=True) | Q(plan__country_id__in=ids)


def _public_priorities(user: Viewer) -> Q:
    ids = country_ids_with(user, Action.VIEW_SUPPORT_INTERNAL)
    return Q() if ids is None else Q(country_id__in=ids)


LINK_RULES = {
    "priorities": _public_priorities,
    "benchmarks": _public_benchmarks,
    "transition_tasks": _public_tasks,
}


def linkable(user: Viewer, field: str, country_id: int) -> QuerySet[Any]:
    """The objects of the country ``user`` may see and so link through ``field``."""
    model = Consultation._meta.get_field(field).related_model
    rows = model.objects.filter(LINK_RULES[field](user))  # type: ignore[union-attr]
    prefix = {"benchmarks": "framework__", "transition_tasks": "plan__"}.get(field, "")
    return rows.filter(**{f"{prefix}country_id": country_id})  # type: ignore[no-any-return]


def visible_links(user: Viewer, consultation: Consultation) -> dict[str, list[Any]]:
    """The consultation's linked objects ``user`` may see, by field."""
    return {
        field: list(getattr(consultation, field).filter(rule(user)))
        for field, rule in LINK_RULES.items()
    }
