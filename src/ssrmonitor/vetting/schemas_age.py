"""Ninja schemas of the age-assessment, statistics and export routes."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from ssrmonitor.core.schemas import InputSchema
from ssrmonitor.vetting.models import AgeOutcome, EvidenceKind, PersonalDataExport


class AssessmentIn(InputSchema):
    country: str = Field(..., min_length=2, max_length=2, examples=["HT"])
    enlistment_date: date = Field(..., examples=["2026-06-15"])
    candidate_names: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Full name first; taken from the person when empty",
        examples=[["Jean Baptiste Pierre"]],
    )
    candidate_reference: str = Field("", max_length=100, examples=["CAND-2026-0012"])
    person_id: int | None = Field(None, description="A registered person (vetting officers)")
    institution_id: int | None = Field(None, examples=[3])


class EvidenceIn(InputSchema):
    kind: EvidenceKind = Field(..., examples=["birth_certificate"])
    birth_date: str = Field(
        "",
        max_length=20,
        description="YYYY-MM-DD, YYYY-MM, YYYY or YYYY/YYYY; or give age (± margin) instead",
        examples=["2007-03-14"],
    )
    age: int | None = Field(None, ge=0, le=120, description="Estimated or stated age in years")
    margin: int = Field(0, ge=0, le=20, description="± years (medical estimate)")
    age_on: date | None = Field(None, description="Day of the estimate; default enlistment date")
    note: str = Field("", max_length=4000)


class DecideIn(InputSchema):
    note: str = Field("", max_length=4000, description="For the child protection officer")


class ResolveIn(InputSchema):
    eligible: bool = Field(..., description="True to enlist (only as the rules allow)")
    note: str = Field(..., min_length=1, max_length=4000)


class IntervalOut(Schema):
    earliest: date
    latest: date
    precision: str = Field(..., examples=["day"])


class AgeEvidenceOut(Schema):
    id: int
    kind: EvidenceKind
    birth_date: IntervalOut
    note: str


class ComputedOut(Schema):
    verdict: str = Field(..., examples=["eligible"])
    rule: str = Field(..., examples=["lowest_age_18_or_more"])
    explanation: str
    interval: IntervalOut | None
    lowest_age: int | None = Field(None, description="On the enlistment date")
    highest_age: int | None
    referral: bool


class AssessmentOut(Schema):
    id: int
    country: str = Field(..., examples=["HT"])
    candidate_names: list[str]
    candidate_reference: str
    person_id: int | None
    institution_id: int | None
    enlistment_date: date
    outcome: AgeOutcome
    outcome_reason: str = Field(..., description="The rule that decided, once recorded")
    assessed_birth_date: IntervalOut | None
    decided_at: datetime | None
    evidence: list[AgeEvidenceOut]
    computed: ComputedOut = Field(..., description="What the rules say with the evidence now")


class TableOut(Schema):
    rows: list[str]
    columns: list[str]
    values: list[list[str]] = Field(
        ..., description='One list per row then the total row; "<5" where suppressed'
    )


class StatisticsOut(Schema):
    country: str
    by_category: TableOut
    by_institution: TableOut
    age: TableOut


class ExportIn(InputSchema):
    country: str = Field(..., min_length=2, max_length=2, examples=["HT"])
    scope: PersonalDataExport.Scope = Field(..., examples=["personnel"])
    reason: str = Field(..., min_length=10, max_length=2000)


class ExportOut(Schema):
    id: int
    country: str
    scope: str
    status: str = Field(..., examples=["requested"])
    requested_at: datetime
    requested_by: str
    decided_at: datetime | None
    decided_by: str | None
