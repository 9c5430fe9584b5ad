"""The register of inclusive consultations and the follow-up of their recommendations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import checked, require, save_changes, save_created
from ssrmonitor.perceptions.models import Consultation, FollowUp, Recommendation
from ssrmonitor.perceptions.permissions import can_edit, linkable

CONSULTATION_FIELDS = {
    "title", "kind", "held_on", "place", "organiser", "women_youth", "women_older",
    "men_youth", "men_older", "unspecified", "civil_society", "womens_organisations",
    "youth_organisations", "customary_authorities", "security_personnel", "topics",
    "summary", "source", "is_published",
}  # fmt: skip
RECOMMENDATION_FIELDS = {"text", "addressee", "follow_up", "follow_up_note", "followed_up_on"}
LINK_FIELDS = ("priorities", "benchmarks", "transition_tasks")


def _check(consultation: Consultation) -> Consultation:
    errors = []
    topics = consultation.topics
    if not isinstance(topics, list) or not all(isinstance(t, str) and t.strip() for t in topics):
        errors.append(FieldError("topics", _("Topics are a list of words or phrases.")))
    else:
        consultation.topics = [t.strip()[:200] for t in topics]
    return checked(consultation, errors)


@transaction.atomic(durable=True)
def create_consultation(*, acting_user: Actor, country: Country, **fields: Any) -> Consultation:
    """Record a dialogue, consultation or hearing.

    Args:
        acting_user: an editor of the country.
        country: where it was held.
        **fields: title, kind, held_on, place, organiser, the participant counts, topics …
    """
    require(can_edit(acting_user, country.pk))
    unknown = set(fields) - CONSULTATION_FIELDS
    if unknown:
        raise ValidationFailed.one(sorted(unknown)[0], _("Unknown field."))
    consultation = _check(Consultation(country=country, **fields))
    return save_created(consultation, acting_user=acting_user, country_iso2=country.iso2)


@transaction.atomic(durable=True)
def update_consultation(
    consultation: Consultation, *, acting_user: Actor, **changes: Any
) -> Consultation:
    """Change a consultation's record (or publish it).

    Args:
        consultation: the consultation.
        acting_user: an editor of its country.
        **changes: the fields to change.
    """
    require(can_edit(acting_user, consultation.country_id))
    return save_changes(
        consultation,
        changes,
        allowed=CONSULTATION_FIELDS,
        check=_check,
        acting_user=acting_user,
        country_iso2=consultation.country.iso2,
    )


def _ids(objects: Iterable[Model]) -> list[int]:
    return sorted(int(o.pk) for o in objects)


@transaction.atomic(durable=True)
def set_links(
    consultation: Consultation, *, acting_user: Actor, **links: Iterable[Model]
) -> Consultation:
    """Set the priorities, benchmarks and transition tasks a consultation speaks to.

    Each linked object must be of the consultation's country and visible to ``acting_user``.

    Args:
        consultation: the consultation.
        acting_user: an editor of its country.
        **links: ``priorities``, ``benchmarks``, ``transition_tasks``: the objects to link
            (a field left out keeps its links).
    """
    country_id = consultation.country_id
    require(can_edit(acting_user, country_id))
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    errors = []
    for field, objects in links.items():
        if field not in LINK_FIELDS:
            errors.append(FieldError(field, _("Unknown field.")))
            continue
        wanted = _ids(objects)
        allowed = set(linkable(acting_user, field, country_id).values_list("pk", flat=True))
        if any(pk not in allowed for pk in wanted):
            errors.append(FieldError(field, _("Link only objects of the consultation's country.")))
            continue
        manager = getattr(consultation, field)
        before[field] = _ids(manager.all())
        after[field] = wanted
        manager.set(wanted)
    checked(consultation, errors)
    changed = {k for k in after if after[k] != before[k]}
    if changed:
        audit.record(
            actor=acting_user,
            action="update_links",
            obj=consultation,
            country_iso2=consultation.country.iso2,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return consultation


def _check_recommendation(recommendation: Recommendation) -> Recommendation:
    errors = []
    if recommendation.follow_up == FollowUp.OPEN and recommendation.follow_up_note.strip():
        errors.append(FieldError("follow_up", _("Say how far the follow-up went.")))
    return checked(recommendation, errors)


@transaction.atomic(durable=True)
def add_recommendation(
    consultation: Consultation, *, acting_user: Actor, text: str, addressee: str = ""
) -> Recommendation:
    """Record a recommendation of a consultation (its follow-up starts open).

    Args:
        consultation: the consultation.
        acting_user: an editor of its country.
        text: the recommendation.
        addressee: to whom it was addressed.
    """
    require(can_edit(acting_user, consultation.country_id))
    recommendation = _check_recommendation(
        Recommendation(consultation=consultation, text=text, addressee=addressee)
    )
    return save_created(
        recommendation, acting_user=acting_user, country_iso2=consultation.country.iso2
    )


@transaction.atomic(durable=True)
def update_recommendation(
    recommendation: Recommendation, *, acting_user: Actor, **changes: Any
) -> Recommendation:
    """Record the follow-up of a recommendation (or correct it).

    Args:
        recommendation: the recommendation.
        acting_user: an editor of its consultation's country.
        **changes: text, addressee, follow_up, follow_up_note, followed_up_on.
    """
    consultation = recommendation.consultation
    require(can_edit(acting_user, consultation.country_id))
    follow_up = changes.get("follow_up", recommendation.follow_up)
    if follow_up != FollowUp.OPEN and not (
        changes.get("followed_up_on") or recommendation.followed_up_on
    ):
        changes = {**changes, "followed_up_on": timezone.localdate()}  # dated when first acted on
    return save_changes(
        recommendation,
        changes,
        allowed=RECOMMENDATION_FIELDS,
        check=_check_recommendation,
        acting_user=acting_user,
        country_iso2=consultation.country.iso2,
    )
