"""Age-assessment services: permissions, recording the computed decision, referrals, audit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.testing.factories import country
from ssrmonitor.vetting.age import BirthInterval, Rule
from ssrmonitor.vetting.models import AgeAssessment, AgeOutcome
from ssrmonitor.vetting.services import age as services

ENLIST = date(2026, 6, 15)
NAME = "Wisly Jean-Baptiste"


def start(user: Any, **fields: Any) -> AgeAssessment:
    return services.start_assessment(
        acting_user=user,
        country=country("HT"),
        enlistment_date=ENLIST,
        candidate_names=fields.pop("names", [NAME]),
        **fields,
    )


def test_officer_and_child_protection_may_start(vera: Any, chloe: Any) -> None:
    assert start(vera).outcome == AgeOutcome.PENDING
    assert start(chloe).candidate_names == [NAME]


@pytest.mark.parametrize("persona", ["reuben", "ada", "victor", "fabrice", "root"])
def test_others_may_not_start(persona: str, vetting_personas: dict[str, Any]) -> None:
    with pytest.raises(Denied):
        start(vetting_personas[persona])


def test_names_are_required(vera: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        start(vera, names=["  "])
    assert caught.value.errors[0].field == "candidate_names"


def test_decision_is_the_computed_one(vera: Any) -> None:
    assessment = start(vera)
    services.add_evidence(
        assessment, acting_user=vera, kind="birth_certificate", birth_date="2008-06-16"
    )
    decided = services.decide(assessment, acting_user=vera)
    assert decided.outcome == AgeOutcome.UNDER_AGE
    assert decided.outcome_reason == Rule.UNDER_AGE
    assert decided.assessed_birth_date["latest"] == "2008-06-16"
    assert decided.decided_by == vera


def test_exactly_18_is_recorded_eligible(vera: Any) -> None:
    assessment = start(vera)
    services.add_evidence(assessment, acting_user=vera, kind="national_id", birth_date="2008-06-15")
    assert services.decide(assessment, acting_user=vera).outcome == AgeOutcome.ELIGIBLE


def test_decide_needs_evidence_and_only_once(vera: Any) -> None:
    assessment = start(vera)
    with pytest.raises(ValidationFailed, match="evidence"):
        services.decide(assessment, acting_user=vera)
    services.add_evidence(assessment, acting_user=vera, kind="national_id", birth_date="1990")
    services.decide(assessment, acting_user=vera)
    with pytest.raises(ValidationFailed, match="already decided"):
        services.decide(assessment, acting_user=vera)
    with pytest.raises(ValidationFailed, match="no more evidence"):
        services.add_evidence(assessment, acting_user=vera, kind="interview", birth_date="1991")


@pytest.mark.parametrize("text", ["", "2008-02-30", "born in spring"])
def test_evidence_date_must_be_readable(vera: Any, text: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.add_evidence(start(vera), acting_user=vera, kind="school_record", birth_date=text)
    assert caught.value.errors[0].field == "birth_date"


def test_evidence_after_enlistment_is_refused(vera: Any) -> None:
    with pytest.raises(ValidationFailed, match="after the enlistment"):
        services.add_evidence(
            start(vera), acting_user=vera, kind="school_record", birth_date="2027"
        )


def test_unknown_kind_is_refused(vera: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.add_evidence(start(vera), acting_user=vera, kind="horoscope", birth_date="2000")


def test_medical_estimate_interval(vera: Any) -> None:
    assessment = start(vera)
    services.add_evidence(
        assessment,
        acting_user=vera,
        kind="medical_estimate",
        birth_date=BirthInterval.from_age(19, 2, ENLIST),
    )
    result = services.compute(assessment)
    assert (result.lowest_age, result.highest_age) == (17, 21)
    assert result.rule == Rule.UNCERTAIN


def referred(vera: Any) -> AgeAssessment:
    assessment = start(vera)
    services.add_evidence(
        assessment, acting_user=vera, kind="birth_certificate", birth_date="2001-04-02"
    )
    services.add_evidence(assessment, acting_user=vera, kind="school_record", birth_date="2009")
    decided = services.decide(assessment, acting_user=vera, note="Two documents disagree.")
    assert decided.outcome == AgeOutcome.REFERRED
    assert decided.outcome_reason == Rule.CONFLICTING
    return decided


def test_only_child_protection_resolves(vera: Any, chloe: Any) -> None:
    assessment = referred(vera)
    with pytest.raises(Denied):
        services.resolve_referral(assessment, acting_user=vera, eligible=False, note="x")
    resolved = services.resolve_referral(
        assessment, acting_user=chloe, eligible=False, note="Family says 16."
    )
    assert resolved.outcome == AgeOutcome.UNDER_AGE
    assert resolved.outcome_reason == services.RESOLVED_CHILD
    assert "Two documents disagree." in resolved.referral_note
    assert "Family says 16." in resolved.referral_note


def test_resolve_eligible_needs_documents_alone_18(vera: Any, chloe: Any) -> None:
    assessment = referred(vera)  # the birth certificate alone says 25
    resolved = services.resolve_referral(
        assessment, acting_user=chloe, eligible=True, note="The school record is a sibling's."
    )
    assert resolved.outcome == AgeOutcome.ELIGIBLE
    assert resolved.outcome_reason == services.RESOLVED_ELIGIBLE


def test_resolve_eligible_refused_without_documents(vera: Any, chloe: Any) -> None:
    assessment = start(vera)
    said = BirthInterval.from_age(20, 0, ENLIST)
    services.add_evidence(assessment, acting_user=vera, kind="interview", birth_date=said)
    assert services.decide(assessment, acting_user=vera).outcome_reason == Rule.INTERVIEW_ONLY
    with pytest.raises(ValidationFailed) as caught:
        services.resolve_referral(assessment, acting_user=chloe, eligible=True, note="Looks 20.")
    assert caught.value.errors[0].field == "eligible"
    # the child protection officer adds a document; then eligibility is possible
    services.add_evidence(
        assessment, acting_user=chloe, kind="national_id", birth_date="2006-01-02"
    )
    resolved = services.resolve_referral(
        assessment, acting_user=chloe, eligible=True, note="ID card seen."
    )
    assert resolved.outcome == AgeOutcome.ELIGIBLE


def test_resolution_needs_reasons_and_a_referral(vera: Any, chloe: Any) -> None:
    assessment = referred(vera)
    with pytest.raises(ValidationFailed, match="reasons"):
        services.resolve_referral(assessment, acting_user=chloe, eligible=False, note=" ")
    services.resolve_referral(assessment, acting_user=chloe, eligible=False, note="Child.")
    with pytest.raises(ValidationFailed, match="Only a referred"):
        services.resolve_referral(assessment, acting_user=chloe, eligible=False, note="Again.")


def test_audit_events_have_no_personal_data(vera: Any, chloe: Any) -> None:
    assessment = referred(vera)
    services.resolve_referral(assessment, acting_user=chloe, eligible=False, note="Secret note 16.")
    events = AuditEvent.objects.filter(country_iso2="HT")
    assert {e.action for e in events} >= {"create", "decide", "resolve"}
    text = " ".join(f"{e.object_repr} {e.before} {e.after}" for e in events)
    for secret in (NAME, "Wisly", "2001-04-02", "2009", "Secret note", "disagree"):
        assert secret not in text
    decide = events.get(action="decide")
    assert decide.after["outcome"] == "referred"
    assert decide.after["kinds"] == ["birth_certificate", "school_record"]


def test_person_of_another_country_is_refused(vera: Any) -> None:
    from ssrmonitor.testing.factories_vetting import PersonFactory

    person = PersonFactory(country=country("CF"))
    with pytest.raises(ValidationFailed) as caught:
        start(vera, person=person)
    assert caught.value.errors[0].field == "person"


def test_names_taken_from_the_person(vera: Any) -> None:
    from ssrmonitor.testing.factories_vetting import PersonFactory

    person = PersonFactory(names=["Roodly Saint-Fort"])
    assessment = start(vera, names=[], person=person)
    assert assessment.candidate_names == ["Roodly Saint-Fort"]
