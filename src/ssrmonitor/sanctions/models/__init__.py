"""Models of the sanctions app: the UN Security Council consolidated list, embargoes, exemptions."""

from __future__ import annotations

from ssrmonitor.sanctions.models.embargo import (
    EmbargoMeasure,
    EquipmentFlag,
    EquipmentKind,
    ExemptionDecision,
    ExemptionProcedure,
    ExemptionRequest,
    ExemptionStatus,
)
from ssrmonitor.sanctions.models.unlist import (
    Alias,
    AliasQuality,
    BirthDate,
    BirthDateType,
    BirthPlace,
    ListedParty,
    ListImport,
    PartyKind,
    Regime,
)

__all__ = [
    "Alias",
    "AliasQuality",
    "BirthDate",
    "BirthDateType",
    "BirthPlace",
    "EmbargoMeasure",
    "EquipmentFlag",
    "EquipmentKind",
    "ExemptionDecision",
    "ExemptionProcedure",
    "ExemptionRequest",
    "ExemptionStatus",
    "ListImport",
    "ListedParty",
    "PartyKind",
    "Regime",
]
