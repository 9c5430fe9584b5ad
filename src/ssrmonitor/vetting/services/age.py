"""Age assessment at recruitment: start, add evidence, record the decision, resolve referrals.

The rules (:mod:`ssrmonitor.vetting.age`) *compute* the assessment from the evidence; a vetting
or child protection officer *records* it (:func:`decide`): nothing is decided automatically,
and the recorded outcome is always the computed one. A referred candidate (conflicting or
insufficient evidence) is resolved by a **child protection officer** of the country
(:func:`resolve_referral`), who may add evidence first:

* **eligible** only if the evidence, recomputed, now says eligible — or, when the items
  conflict, if some documentary item *on its own* gives a lowest plausible age of 18 or more
  and the officer writes why the other items are set aside;
* otherwise **not eligible (treated as a child)**, and the child is referred to services.

Audit events carry the outcome, the rule, the evidence kinds and counts — never a name, a date
of birth or a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import actors, audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import require
from ssrmonitor.sector.models import Institution
from ssrmonitor.vetting.age import (
    MINIMUM_AGE,
    WEAK_KINDS,
    Assessment,
    BirthInterval,
    Item,
    assess,
)
from ssrmonitor.vetting.models import (
    AgeAssessment,
    AgeEvidence,
    AgeOutcome,
    EvidenceKind,
    Person,
)
from ssrmonitor.vetting.permissions import can_assess_age, can_resolve_referral

RESOLVED_ELIGIBLE = "child_protection_documents_18_or_more"
RESOLVED_CHILD = "child_protection_treated_as_child"
OPEN_FOR_EVIDENCE = (AgeOutcome.PENDING, AgeOutcome.REFERRED)
MAX_NAMES = 10
MAX_NOTE = 4000


def _names(values: Any) -> list[str]:
    if isinstance(values, str):
        values = [values]
    names = [str(value).strip() for value in values or [] if str(value).strip()]
    if not names:
        raise ValidationFailed.one("candidate_names", _("Give the candidate's name."))
    if len(names) > MAX_NAMES:
        raise ValidationFailed.one("candidate_names", _("At most 10 names."))
    return names


def _note(value: str, field: str = "note") -> str:
    note = (value or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationFailed.one(field, _("At most 4000 characters."))
    return note


def _event(
    user: Actor,
    action: str,
    obj: models.Model,
    country: Country,
    after: dict[str, Any],
    before: Any = None,
) -> None:
    audit.record(
        actor=user, action=action, obj=obj, country_iso2=country.iso2, before=before, after=after
    )


@transaction.atomic(durable=True)
def start_assessment(
    *,
    acting_user: Actor,
    country: Country,
    enlistment_date: date,
    candidate_names: Any = (),
    candidate_reference: str = "",
    person: Person | None = None,
    institution: Institution | None = None,
) -> AgeAssessment:
    """Open the age assessment of a recruitment candidate (vetting or child protection officer).

    Args:
        acting_user: who records it (a vetting or child protection officer, or the system).
        country: the recruiting country.
        enlistment_date: the day the candidate would enlist; the age that counts is on this day.
        candidate_names: the candidate's names (the first is the full name); taken from
            ``person`` when empty.
        candidate_reference: the candidate's id in the recruitment file, if any.
        person: the personnel record, when the candidate is already registered.
        institution: the recruiting institution (statistics are broken down by it).
    """
    require(can_assess_age(acting_user, country.pk))
    errors: list[FieldError] = []
    if person is not None and person.country_id != country.pk:
        errors.append(FieldError("person", _("The person is registered in another country.")))
    if institution is not None and institution.country_id != country.pk:
        errors.append(FieldError("institution", _("The institution is of another country.")))
    if not isinstance(enlistment_date, date):
        errors.append(FieldError("enlistment_date", _("Give the enlistment date.")))
    if errors:
        raise ValidationFailed(errors)
    names = _names(candidate_names or (person.names if person is not None else ()))
    assessment = AgeAssessment.objects.create(
        country=country,
        person=person,
        candidate_names=cast(Any, names),
        candidate_reference=(candidate_reference or "").strip(),
        institution=institution,
        enlistment_date=enlistment_date,
        created_by=actors.person(acting_user),
    )
    after = {
        "outcome": assessment.outcome,
        "person": person.pk if person else None,
        "institution": institution.pk if institution else None,
        "changed": ["candidate_names", "candidate_reference", "enlistment_date"],
    }
    _event(acting_user, "create", assessment, country, after)
    return assessment


def _interval(value: Any) -> BirthInterval:
    """An evidence item's interval from a :class:`BirthInterval`, the stored dict or text."""
    try:
        if isinstance(value, BirthInterval):
            return value
        if isinstance(value, Mapping):
            return BirthInterval.from_json(value)
        parsed = BirthInterval.parse(str(value or ""))
    except (KeyError, TypeError, ValueError):
        parsed = None
    if parsed is None:
        raise ValidationFailed.one(
            "birth_date",
            _("Give the date of birth as YYYY-MM-DD, YYYY-MM, YYYY or a range YYYY/YYYY."),
        )
    return parsed


@transaction.atomic(durable=True)
def add_evidence(
    assessment: AgeAssessment, *, acting_user: Actor, kind: str, birth_date: Any, note: str = ""
) -> AgeEvidence:
    """Add one evidence item: the interval of dates of birth it supports.

    ``birth_date`` is a :class:`BirthInterval`, its stored dict, or text (``YYYY-MM-DD``,
    ``YYYY-MM``, ``YYYY``, ``YYYY/YYYY``); a medical estimate or a stated age is turned into an
    interval with :meth:`BirthInterval.from_age` by the form. Evidence can be added while the
    assessment is pending, and by the child protection officer while it is referred.
    """
    require(can_assess_age(acting_user, assessment.country_id))
    if assessment.outcome not in OPEN_FOR_EVIDENCE:
        raise ValidationFailed.one("__all__", _("The assessment is decided: no more evidence."))
    if kind not in EvidenceKind.values:
        raise ValidationFailed.one("kind", _("Choose the kind of evidence."))
    interval = _interval(birth_date)
    if interval.earliest > assessment.enlistment_date:
        raise ValidationFailed.one(
            "birth_date", _("This date of birth is after the enlistment date.")
        )
    item = AgeEvidence.objects.create(
        assessment=assessment,
        kind=kind,
        birth_date=cast(Any, interval.to_json(kind)),
        note=_note(note),
        recorded_by=actors.person(acting_user),
    )
    after = {"assessment": assessment.pk, "kind": kind, "changed": ["birth_date", "note"]}
    _event(acting_user, "create", item, assessment.country, after)
    return item


def items_of(assessment: AgeAssessment) -> list[Item]:
    """The evidence items of ``assessment`` for the rules, in the order they were recorded."""
    rows = assessment.evidence.order_by("recorded_at", "pk")
    return [Item(row.kind, BirthInterval.from_json(row.birth_date)) for row in rows]


def compute(assessment: AgeAssessment) -> Assessment:
    """What the rules say now (nothing is saved)."""
    return assess(items_of(assessment), assessment.enlistment_date)


def _kinds(items: list[Item]) -> list[str]:
    return sorted({item.kind for item in items})


@transaction.atomic(durable=True)
def decide(assessment: AgeAssessment, *, acting_user: Actor, note: str = "") -> AgeAssessment:
    """Record the decision the rules compute (pending assessments only).

    Args:
        assessment: a pending assessment.
        acting_user: the vetting or child protection officer who records it.
        note: for a referral, what the child protection officer should know.
    """
    require(can_assess_age(acting_user, assessment.country_id))
    if assessment.outcome != AgeOutcome.PENDING:
        raise ValidationFailed.one("__all__", _("This assessment is already decided."))
    items = items_of(assessment)
    if not items:
        raise ValidationFailed.one("__all__", _("Record at least one evidence item first."))
    result = assess(items, assessment.enlistment_date)
    assessment.outcome = AgeOutcome(str(result.verdict))
    assessment.outcome_reason = str(result.rule)
    assessment.assessed_birth_date = result.interval.to_json() if result.interval else None
    assessment.referral_note = _note(note)
    assessment.decided_at = timezone.now()
    assessment.decided_by = actors.person(acting_user)
    assessment.save(
        update_fields=[
            "outcome", "outcome_reason", "assessed_birth_date", "referral_note", "decided_at",
            "decided_by",
        ]
    )  # fmt: skip
    after = {
        "outcome": assessment.outcome,
        "rule": assessment.outcome_reason,
        "referral": result.referral,
        "evidence": len(items),
        "kinds": _kinds(items),
        "changed": ["assessed_birth_date", "referral_note"],
    }
    _event(acting_user, "decide", assessment, assessment.country, after, {"outcome": "pending"})
    return assessment


def documents_alone_eligible(assessment: AgeAssessment) -> bool:
    """True when some documentary item on its own gives a lowest plausible age of 18 or more."""
    on = assessment.enlistment_date
    return any(
        item.kind not in WEAK_KINDS and item.interval.lowest_age(on) >= MINIMUM_AGE
        for item in items_of(assessment)
    )


@transaction.atomic(durable=True)
def resolve_referral(
    assessment: AgeAssessment, *, acting_user: Actor, eligible: bool, note: str
) -> AgeAssessment:
    """A child protection officer resolves a referred assessment (see the module rules).

    Args:
        assessment: a referred assessment.
        acting_user: a child protection officer of the country.
        eligible: ``True`` to enlist (allowed only as the module says), ``False`` to treat the
            candidate as a child: not eligible, and referred to services.
        note: the officer's reasons (required).
    """
    require(can_resolve_referral(acting_user, assessment.country_id))
    if assessment.outcome != AgeOutcome.REFERRED:
        raise ValidationFailed.one("__all__", _("Only a referred assessment is resolved."))
    reasons = _note(note)
    if not reasons:
        raise ValidationFailed.one("note", _("Write the reasons for the resolution."))
    result = compute(assessment)
    if eligible and not (result.eligible or documents_alone_eligible(assessment)):
        raise ValidationFailed.one(
            "eligible",
            _(
                "No documentary evidence shows that the candidate is 18 or more on the "
                "enlistment date: with the benefit of the doubt, the candidate is treated as "
                "a child. Add evidence first."
            ),
        )
    assessment.outcome = AgeOutcome.ELIGIBLE if eligible else AgeOutcome.UNDER_AGE
    assessment.outcome_reason = RESOLVED_ELIGIBLE if eligible else RESOLVED_CHILD
    if result.interval is not None:
        assessment.assessed_birth_date = result.interval.to_json()
    previous = assessment.referral_note
    assessment.referral_note = f"{previous}\n\n{reasons}".strip() if previous else reasons
    assessment.decided_at = timezone.now()
    assessment.decided_by = actors.person(acting_user)
    assessment.save(
        update_fields=[
            "outcome", "outcome_reason", "assessed_birth_date", "referral_note", "decided_at",
            "decided_by",
        ]
    )  # fmt: skip
    after = {
        "outcome": assessment.outcome,
        "rule": assessment.outcome_reason,
        "computed": str(result.rule),
        "evidence": len(items_of(assessment)),
        "changed": ["referral_note", "assessed_birth_date"],
    }
    _event(acting_user, "resolve", assessment, assessment.country, after, {"outcome": "referred"})
    return assessment
