"""Ninja schemas of the vetting API: registries, screening and cases.

Everything here is personal data, served only to vetting officers and reviewers of the
country. Dates of birth travel as the text they are typed as: ``YYYY-MM-DD``, ``YYYY-MM``,
``YYYY``, ``YYYY/YYYY`` (a range of years) or empty.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from ssrmonitor.core.api_support import ERRORS, ErrorOut
from ssrmonitor.core.schemas import InputSchema
from ssrmonitor.vetting.entries import birth_date_text
from ssrmonitor.vetting.matching import Hit
from ssrmonitor.vetting.models import (
    Band,
    Case,
    CaseStatus,
    CaseStep,
    Outcome,
    Person,
    RecordStatus,
    Sex,
    SourceReliability,
    ViolationCategory,
    ViolationRecord,
)
from ssrmonitor.vetting.services.case_queue import is_overdue
from ssrmonitor.vetting.services.screening import evidence_json

# Every vetting route may also answer 409: stored personal data that does not open with the
# server's data key (a wrong SSRMONITOR_DATA_KEY), instead of a server error.
VETTING_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 409: ErrorOut}

DOB = Field(
    "",
    description="YYYY-MM-DD, YYYY-MM, YYYY, YYYY/YYYY (a range) or empty.",
    examples=["1980-05", "1978/1982"],
)


class PersonIn(InputSchema):
    """A person to register (and screen at once)."""

    reference: str = Field(..., min_length=1, max_length=100, examples=["HNP-004512"])
    names: list[str] = Field(
        ...,
        min_length=1,
        description="The full name first, then other names or spellings (any script).",
        examples=[["Jean-Baptiste Pierre", "Ti Jean"]],
    )
    date_of_birth: str = DOB
    birth_date_evidence: str = Field("", examples=["national identity card"])
    place_of_birth: str = Field("", examples=["Jacmel"])
    sex: Sex = Field(Sex.UNKNOWN, examples=["M"])
    nationality: str = Field("", max_length=2, examples=["HT"])
    institution_id: int | None = Field(None, examples=[3])
    unit: str = Field("", max_length=200, examples=["CIMO"])
    rank: str = Field("", max_length=100, examples=["Agent 2"])
    service_number: str = Field("", examples=["SN004512"])
    enlistment_date: date | None = Field(None, examples=["2010-06-01"])


class PersonRowOut(Schema):
    id: int = Field(..., examples=[12])
    reference: str = Field(..., examples=["HNP-004512"])
    full_name: str = Field(..., examples=["Jean-Baptiste Pierre"])
    institution_id: int | None
    unit: str
    rank: str
    open_cases: int = Field(..., description="Cases not closed", examples=[1])


class PersonOut(Schema):
    id: int
    country: str = Field(..., examples=["HT"])
    reference: str
    names: list[str]
    date_of_birth: str = DOB
    birth_date_evidence: str
    place_of_birth: str
    sex: str
    nationality: str
    institution_id: int | None
    unit: str
    rank: str
    service_number: str
    enlistment_date: date | None
    case_ids: list[int]


class EvidenceOut(Schema):
    field: str = Field(..., examples=["birth_date"])
    weight: float = Field(..., description="log2 odds, for (+) or against (-)", examples=[6.0])
    detail: str = Field(..., examples=["same day 1980-05-02"])
    bayes_factor: float | None = Field(
        None,
        description="log2 m/u of this field under the run's calibrated model (None: not banded "
        "by one)",
        examples=[5.2],
    )
    posterior: float | None = Field(
        None, description="on the 'match probability' row: the posterior", examples=[0.97]
    )


class HitOut(Schema):
    """A candidate record for a person, with the evidence field by field."""

    record_id: int = Field(..., examples=[40])
    score: float = Field(..., examples=[0.93])
    band: Band = Field(..., examples=["probable"])
    explanation: str
    evidence: list[EvidenceOut]


class CaseOut(Schema):
    id: int
    country: str
    person_id: int
    record_id: int
    run_id: int | None
    score: float
    band: Band
    status: CaseStatus
    due_on: date | None = Field(None, description="The running deadline, if any")
    overdue: bool
    proposed_outcome: str
    outcome: str
    final_outcome: str
    opened_at: datetime


class PersonCreatedOut(Schema):
    person: PersonOut
    cases: list[CaseOut] = Field(..., description="The cases opened (or found) by screening")


class ScreenIn(InputSchema):
    """One person to screen now, without saving anything."""

    names: list[str] = Field(..., min_length=1, examples=[["Youssouf Ould Ahmed"]])
    date_of_birth: str = DOB
    place_of_birth: str = ""
    sex: Sex = Sex.UNKNOWN
    nationality: str = Field("", max_length=2)
    unit: str = ""


class RecordIn(InputSchema):
    reference: str = Field(..., min_length=1, examples=["HRS-2019-117"])
    names: list[str] = Field(..., min_length=1, examples=[["Jean-Baptiste Pierre"]])
    weak_aliases: list[str] = Field(default_factory=list)
    dates_of_birth: list[str] = Field(default_factory=list, examples=[["1980", "1981-03-02"]])
    place_of_birth: str = ""
    sex: Sex = Sex.UNKNOWN
    nationality: str = Field("", max_length=2)
    unit: str = ""
    category: ViolationCategory = Field(..., examples=["sexual_violence"])
    incident_date: date | None = None
    incident_place: str = ""
    source: str = Field("", examples=["Human rights section report 2019"])
    source_reliability: SourceReliability = SourceReliability.UNKNOWN
    status: RecordStatus = RecordStatus.ALLEGATION
    narrative: str = ""


class RecordRowOut(Schema):
    id: int
    reference: str
    full_name: str
    category: str
    status: str
    watchlist_id: int | None


class RecordOut(Schema):
    id: int
    country: str
    watchlist_id: int | None
    reference: str
    names: list[str]
    weak_aliases: list[str]
    dates_of_birth: list[str]
    place_of_birth: str
    sex: str
    nationality: str
    unit: str
    category: str
    incident_date: date | None
    incident_place: str
    source: str
    source_reliability: str
    status: str
    narrative: str


class RunOut(Schema):
    id: int
    kind: str = Field(..., examples=["batch"])
    source_name: str
    persons_screened: int
    records_compared: int
    probable_hits: int
    possible_hits: int
    probable_threshold: float
    possible_threshold: float
    seconds: float
    started_at: datetime


class StepOut(Schema):
    kind: str = Field(..., examples=["identity_confirmed"])
    at: datetime
    actor: str = Field(..., examples=["reuben"])
    reasons: str
    details: dict[str, Any]


class CaseDetailOut(CaseOut):
    explanation: list[EvidenceOut]
    notified_on: date | None
    notification_means: str
    steps: list[StepOut]
    next_steps: list[str] = Field(
        ..., description="The steps you may take now", examples=[["confirm_identity"]]
    )


class CaseFilters(Schema):
    status: CaseStatus | None = None
    band: Band | None = None
    overdue: bool | None = Field(None, description="Only cases whose deadline has passed")


class IdentityIn(InputSchema):
    confirmed: bool = Field(..., description="Is the person the one the record describes?")
    reasons: str = Field(..., min_length=1)


class NotificationIn(InputSchema):
    notified_on: date
    means: str = Field(..., min_length=1, max_length=100, examples=["registered letter"])


class ResponseIn(InputSchema):
    response: str = Field(..., min_length=1)
    received_on: date


class ReasonsIn(InputSchema):
    reasons: str = ""


class DecisionIn(InputSchema):
    outcome: Outcome = Field(..., examples=["excluded"])
    reasons: str = Field(..., min_length=1)


class AppealIn(InputSchema):
    lodged_on: date
    grounds: str = Field(..., min_length=1)


# --- rows to output ------------------------------------------------------------------------


def person_out(person: Person) -> dict[str, Any]:
    names = (
        "id", "reference", "names", "place_of_birth", "sex", "nationality", "institution_id",
        "unit", "rank", "service_number", "enlistment_date",
    )  # fmt: skip
    birth = person.birth_date or {}
    return {
        **{name: getattr(person, name) for name in names},
        "country": person.country.iso2,
        "date_of_birth": birth_date_text(person.birth_date),
        "birth_date_evidence": birth.get("evidence", "") if isinstance(birth, dict) else "",
        "case_ids": sorted(person.cases.values_list("pk", flat=True)),
    }


def record_out(record: ViolationRecord) -> dict[str, Any]:
    names = (
        "id", "watchlist_id", "reference", "names", "weak_aliases", "place_of_birth", "sex",
        "nationality", "unit", "category", "incident_date", "incident_place", "source",
        "source_reliability", "status", "narrative",
    )  # fmt: skip
    return {
        **{name: getattr(record, name) for name in names},
        "country": record.country.iso2,
        "dates_of_birth": [birth_date_text(value) for value in record.birth_dates or []],
    }


def case_out(case: Case) -> dict[str, Any]:
    names = (
        "id", "person_id", "record_id", "run_id", "score", "band", "status", "due_on",
        "proposed_outcome", "outcome", "final_outcome", "opened_at",
    )  # fmt: skip
    return {
        **{name: getattr(case, name) for name in names},
        "country": case.country.iso2,
        "overdue": is_overdue(case),
    }


def hit_out(hit: Hit) -> dict[str, Any]:
    return {
        "record_id": int(hit.record_id),
        "score": float(hit.score),
        "band": str(hit.band),
        "explanation": hit.explanation,
        "evidence": evidence_json(hit),
    }


def step_out(step: CaseStep) -> dict[str, Any]:
    actor = step.actor.get_username() if step.actor is not None else "system"
    return {
        "kind": step.kind,
        "at": step.at,
        "actor": actor,
        "reasons": step.reasons,
        "details": step.details or {},
    }
