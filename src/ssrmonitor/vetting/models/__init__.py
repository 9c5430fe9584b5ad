"""Vetting and age screening (OP 8 and 24 of resolution 2553)."""

from ssrmonitor.vetting.models.age import AgeAssessment, AgeEvidence, AgeOutcome, EvidenceKind
from ssrmonitor.vetting.models.cases import (
    Band,
    Case,
    CaseStatus,
    CaseStep,
    Outcome,
    ScreeningPolicy,
    ScreeningRun,
)
from ssrmonitor.vetting.models.chunks import ScreeningBatch, ScreeningChunk
from ssrmonitor.vetting.models.exports import PersonalDataExport
from ssrmonitor.vetting.models.registry import (
    Person,
    RecordStatus,
    Sex,
    SourceReliability,
    ViolationCategory,
    ViolationRecord,
    Watchlist,
)

__all__ = [
    "AgeAssessment",
    "AgeEvidence",
    "AgeOutcome",
    "Band",
    "Case",
    "CaseStatus",
    "CaseStep",
    "EvidenceKind",
    "Outcome",
    "Person",
    "PersonalDataExport",
    "RecordStatus",
    "ScreeningBatch",
    "ScreeningChunk",
    "ScreeningPolicy",
    "ScreeningRun",
    "Sex",
    "SourceReliability",
    "ViolationCategory",
    "ViolationRecord",
    "Watchlist",
]
