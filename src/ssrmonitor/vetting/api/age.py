"""Vetting API: age assessments, statistics (suppressed), exports of personal data.

Reading an assessment is audited like its page. Statistics answer every role of the country
(404 otherwise); exports are requested here and approved by a second person, and downloaded
from the web page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from ssrmonitor.core.api_support import WRITE_AUTH, actor_of, viewer_of
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.permissions import NotFound, access_country_by_iso2
from ssrmonitor.sector.models import Institution
from ssrmonitor.vetting.age import BirthInterval
from ssrmonitor.vetting.models import AgeAssessment, PersonalDataExport
from ssrmonitor.vetting.permissions import (
    access_assessment_by_id,
    access_export_by_id,
    access_person_by_id,
    may_see_statistics,
)
from ssrmonitor.vetting.schemas import VETTING_ERRORS
from ssrmonitor.vetting.schemas_age import (
    AssessmentIn,
    AssessmentOut,
    DecideIn,
    EvidenceIn,
    ExportIn,
    ExportOut,
    ResolveIn,
    StatisticsOut,
)
from ssrmonitor.vetting.services import age as services
from ssrmonitor.vetting.services import exports as export_services
from ssrmonitor.vetting.statistics import country_statistics
from ssrmonitor.vetting.views.age import rule_text

router = Router(tags=["vetting"])


def _interval(data: Any) -> dict[str, Any] | None:
    if not data:
        return None
    return {k: data[k] for k in ("earliest", "latest", "precision")}


def assessment_out(assessment: AgeAssessment) -> dict[str, Any]:
    computed = services.compute(assessment)
    return {
        "id": assessment.pk,
        "country": assessment.country.iso2,
        "candidate_names": assessment.candidate_names,
        "candidate_reference": assessment.candidate_reference,
        "person_id": assessment.person_id,
        "institution_id": assessment.institution_id,
        "enlistment_date": assessment.enlistment_date,
        "outcome": assessment.outcome,
        "outcome_reason": assessment.outcome_reason,
        "assessed_birth_date": _interval(assessment.assessed_birth_date),
        "decided_at": assessment.decided_at,
        "evidence": [
            {"id": e.pk, "kind": e.kind, "birth_date": _interval(e.birth_date), "note": e.note}
            for e in assessment.evidence.order_by("recorded_at", "pk")
        ],
        "computed": {
            "verdict": str(computed.verdict),
            "rule": str(computed.rule),
            "explanation": rule_text(str(computed.rule)),
            "interval": computed.interval.to_json() if computed.interval else None,
            "lowest_age": computed.lowest_age,
            "highest_age": computed.highest_age,
            "referral": computed.referral,
        },
    }


@router.post(
    "/age-assessments",
    response={201: AssessmentOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Open an age assessment",
)
def create_assessment(request: HttpRequest, payload: AssessmentIn) -> Status[dict[str, Any]]:
    """Open the age assessment of a recruitment candidate (vetting or child protection officers)."""
    user = actor_of(request)
    country = access_country_by_iso2(payload.country)
    person = access_person_by_id(user, payload.person_id) if payload.person_id else None
    institution = None
    if payload.institution_id is not None:
        institution = Institution.objects.filter(pk=payload.institution_id).first()
        if institution is None:
            raise ValidationFailed.one("institution_id", _("Unknown institution."))
    assessment = services.start_assessment(
        acting_user=user,
        country=country,
        enlistment_date=payload.enlistment_date,
        candidate_names=payload.candidate_names,
        candidate_reference=payload.candidate_reference,
        person=person,
        institution=institution,
    )
    return Status(201, assessment_out(assessment))


@router.get(
    "/age-assessments/{int:assessment_id}",
    response={200: AssessmentOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Read an age assessment",
)
def get_assessment(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    """One assessment with its evidence and what the rules compute (the reading is audited)."""
    return assessment_out(access_assessment_by_id(viewer_of(request), assessment_id))


@router.post(
    "/age-assessments/{int:assessment_id}/evidence",
    response={201: AssessmentOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Add an evidence item",
)
def add_evidence(
    request: HttpRequest, assessment_id: int, payload: EvidenceIn
) -> Status[dict[str, Any]]:
    """Add a date of birth (``birth_date``) or an age ± margin on a day (``age``), not both."""
    user = actor_of(request)
    assessment = access_assessment_by_id(user, assessment_id)
    if bool(payload.birth_date.strip()) == (payload.age is not None):
        raise ValidationFailed.one("birth_date", _("Give either birth_date or age, not both."))
    birth_date: Any = payload.birth_date
    if payload.age is not None:
        try:
            on = payload.age_on or assessment.enlistment_date
            birth_date = BirthInterval.from_age(payload.age, payload.margin, on)
        except ValueError:
            raise ValidationFailed.one("margin", _("The margin cannot exceed the age.")) from None
    services.add_evidence(
        assessment, acting_user=user, kind=payload.kind, birth_date=birth_date, note=payload.note
    )
    return Status(201, assessment_out(assessment))


@router.post(
    "/age-assessments/{int:assessment_id}/decide",
    response={200: AssessmentOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Record the decision",
)
def decide(request: HttpRequest, assessment_id: int, payload: DecideIn) -> dict[str, Any]:
    """Record the outcome the rules compute (there is no other choice)."""
    user = actor_of(request)
    assessment = access_assessment_by_id(user, assessment_id)
    return assessment_out(services.decide(assessment, acting_user=user, note=payload.note))


@router.post(
    "/age-assessments/{int:assessment_id}/resolve",
    response={200: AssessmentOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Resolve a referral",
)
def resolve(request: HttpRequest, assessment_id: int, payload: ResolveIn) -> dict[str, Any]:
    """A child protection officer resolves a referred assessment."""
    user = actor_of(request)
    assessment = access_assessment_by_id(user, assessment_id)
    resolved = services.resolve_referral(
        assessment, acting_user=user, eligible=payload.eligible, note=payload.note
    )
    return assessment_out(resolved)


@router.get(
    "/statistics/{iso2}",
    response={200: StatisticsOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Vetting statistics of a country",
)
def statistics(request: HttpRequest, iso2: str) -> dict[str, Any]:
    """Cases and age assessments in figures; counts 1 to 4 and their complements are "<5"."""
    country = access_country_by_iso2(iso2)
    if not may_see_statistics(viewer_of(request), country.pk):
        raise NotFound
    stats = country_statistics(country)
    return {
        "country": country.iso2,
        "by_category": stats.by_category.as_data(),
        "by_institution": stats.by_institution.as_data(),
        "age": stats.age.as_data(),
    }


def export_out(export: PersonalDataExport) -> dict[str, Any]:
    return {
        "id": export.pk,
        "country": export.country.iso2,
        "scope": export.scope,
        "status": export.status,
        "requested_at": export.requested_at,
        "requested_by": export.requested_by.get_username(),
        "decided_at": export.decided_at,
        "decided_by": export.decided_by.get_username() if export.decided_by else None,
    }


@router.post(
    "/exports",
    response={201: ExportOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Request an export of personal data",
)
def request_export(request: HttpRequest, payload: ExportIn) -> Status[dict[str, Any]]:
    """Ask for an export; a vetting reviewer other than you must approve it."""
    user = actor_of(request)
    export = export_services.request_export(
        acting_user=user,
        country=access_country_by_iso2(payload.country),
        scope=payload.scope,
        reason=payload.reason,
    )
    return Status(201, export_out(export))


@router.post(
    "/exports/{int:export_id}/approve",
    response={200: ExportOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Approve an export",
)
def approve_export(request: HttpRequest, export_id: int) -> dict[str, Any]:
    """Approve another person's export request (vetting reviewers; never your own: 403)."""
    user = actor_of(request)
    export = access_export_by_id(user, export_id)
    return export_out(export_services.approve_export(export, acting_user=user))


@router.post(
    "/exports/{int:export_id}/refuse",
    response={200: ExportOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Refuse an export",
)
def refuse_export(request: HttpRequest, export_id: int) -> dict[str, Any]:
    """Refuse another person's export request."""
    user = actor_of(request)
    export = access_export_by_id(user, export_id)
    return export_out(export_services.refuse_export(export, acting_user=user))
