"""Models of the sector app, one module per aggregate."""

from ssrmonitor.sector.models.choices import (
    OVERSIGHT_KINDS,
    Cofog,
    Coverage,
    EconomicClass,
    FunctionRole,
    FundingSource,
    InstitutionKind,
    InstitutionStatus,
    OversightInstrument,
    RankCategory,
    Sex,
)
from ssrmonitor.sector.models.expenditure import BudgetLine, FiscalContext
from ssrmonitor.sector.models.institution import Institution, InstitutionVersion, pick_name
from ssrmonitor.sector.models.personnel import (
    GradeMapping,
    PersonnelCount,
    PersonnelReturn,
    PersonnelTarget,
)
from ssrmonitor.sector.models.reference import ReferenceSeries, ReferenceValue
from ssrmonitor.sector.models.roles import OversightRelation, RoleAssignment, SecurityFunction

__all__ = [
    "OVERSIGHT_KINDS",
    "BudgetLine",
    "Cofog",
    "Coverage",
    "EconomicClass",
    "FiscalContext",
    "FunctionRole",
    "FundingSource",
    "GradeMapping",
    "Institution",
    "InstitutionKind",
    "InstitutionStatus",
    "InstitutionVersion",
    "OversightInstrument",
    "OversightRelation",
    "PersonnelCount",
    "PersonnelReturn",
    "PersonnelTarget",
    "RankCategory",
    "ReferenceSeries",
    "ReferenceValue",
    "RoleAssignment",
    "SecurityFunction",
    "Sex",
    "pick_name",
]
