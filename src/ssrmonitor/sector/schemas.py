"""Input and output schemas of the sector API (inputs refuse unknown fields)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from ssrmonitor.core.schemas import InputSchema
from ssrmonitor.sector.models import (
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

FunctionRoleChoice = FunctionRole


class InstitutionOut(Schema):
    """An institution as at the requested date."""

    id: int = Field(..., examples=[12])
    country: str = Field(..., examples=["LR"])
    key: str = Field(..., examples=["LNP"])
    names: dict[str, str] = Field(..., examples=[{"en": "Liberia National Police"}])
    acronym: str = Field(..., examples=["LNP"])
    kind: InstitutionKind
    parent_id: int | None = Field(None, examples=[None])
    legal_basis_text: str
    legal_basis_reference: str
    mandate: str
    head: str
    coverage: Coverage
    status: InstitutionStatus
    valid_from: date
    valid_to: date | None
    is_public: bool
    is_illustrative: bool


class VersionOut(Schema):
    valid_from: date
    valid_to: date | None
    names: dict[str, str]
    kind: InstitutionKind
    status: InstitutionStatus
    mandate: str
    change_note: str


class InstitutionDetailOut(InstitutionOut):
    history: list[VersionOut]


class InstitutionIn(InputSchema):
    """A new institution and the details valid from ``valid_from``."""

    key: str = Field(..., max_length=40, pattern=r"^[-a-zA-Z0-9_]+$", examples=["LNP"])
    names: dict[str, str] = Field(..., examples=[{"en": "Liberia National Police"}])
    kind: InstitutionKind
    valid_from: date = Field(..., examples=["2008-01-01"])
    acronym: str = Field("", max_length=30)
    parent_id: int | None = None
    legal_basis_text: str = ""
    legal_basis_reference: str = Field("", max_length=250)
    mandate: str = ""
    head: str = Field("", max_length=200)
    coverage: Coverage = Coverage.NATIONAL
    status: InstitutionStatus = InstitutionStatus.ACTIVE
    is_public: bool = True
    is_illustrative: bool = False
    source: str = Field("", max_length=300)


class ChangeIn(InputSchema):
    """A change that applies from ``valid_from``: only the fields sent change."""

    valid_from: date = Field(..., examples=["2023-01-01"])
    change_note: str = Field(..., max_length=300, examples=["New mandate"])
    names: dict[str, str] | None = None
    acronym: str | None = None
    kind: InstitutionKind | None = None
    mandate: str | None = None
    head: str | None = None
    legal_basis_text: str | None = None
    legal_basis_reference: str | None = None
    coverage: Coverage | None = None
    status: InstitutionStatus | None = None


class CountSchema(InputSchema):
    unit: str = Field("", max_length=100)
    rank: RankCategory
    sex: Sex
    count: int = Field(..., ge=0, examples=[12])
    age_band: str = Field("", max_length=20)
    region: str = Field("", max_length=100)


class ReturnIn(InputSchema):
    """A whole return: it replaces the period's counts."""

    counts: list[CountSchema]
    source: str = Field("", max_length=300)
    is_illustrative: bool = False


class CellOut(Schema):
    """A cell or total; ``*`` means all. ``persons`` is null when suppressed."""

    unit: str
    rank: str
    sex: str
    persons: int | None
    suppressed: bool


class ReturnOut(Schema):
    institution_id: int
    period: str
    source: str
    is_illustrative: bool
    suppressed: bool = Field(..., description="True when small cells are hidden for you.")
    cells: list[CellOut]


class FunctionOut(Schema):
    code: str
    name: str
    check: str = Field(..., examples=["overlap"], description="ok, overlap or gap")
    leads: list[int]
    supports: list[int]


class MatrixOut(Schema):
    day: date
    functions: list[FunctionOut]
    overlaps: list[str]
    gaps: list[str]


class BudgetLineIn(InputSchema):
    fiscal_year: int = Field(..., ge=1900, le=2200, examples=[2015])
    economic: EconomicClass
    cofog: Cofog
    funding_source: FundingSource
    allocated: Decimal = Field(..., examples=["9800000"])
    revised: Decimal | None = None
    executed: Decimal | None = None
    currency: str = Field(..., min_length=3, max_length=3, examples=["LRD"])
    support_reference: str = Field("", max_length=150)
    source: str = Field("", max_length=300)
    is_illustrative: bool = False


class BudgetLineOut(Schema):
    id: int
    institution_id: int
    fiscal_year: int
    economic: str
    cofog: str
    funding_source: str
    allocated: float
    revised: float | None
    executed: float | None
    currency: str
    is_illustrative: bool


class IndicatorsOut(Schema):
    basis: str
    total: float
    lines_without_amount: int
    execution_rate: float | None
    personnel_share: float | None
    external_share: float | None
    security_share: float | None
    share_of_gdp: float | None
    per_capita: float | None
    per_personnel: float | None


class YearOut(Schema):
    fiscal_year: int
    currency: str
    is_illustrative: bool
    allocated: IndicatorsOut
    executed: IndicatorsOut


class ReferenceOut(Schema):
    series: str
    name: str
    unit: str
    source: str
    licence: str
    year: int
    value: float


class FunctionIn(InputSchema):
    """A security function of the country (same code again: updated)."""

    code: str = Field(..., max_length=40, pattern=r"^[-a-zA-Z0-9_]+$", examples=["border_control"])
    names: dict[str, str] = Field(..., examples=[{"en": "Border control", "fr": "Contrôle"}])
    position: int = Field(0, ge=0)
    is_illustrative: bool = False


class RoleIn(InputSchema):
    """The institution's role in the function; ``null`` removes it."""

    role: FunctionRoleChoice | None = Field(..., examples=["lead"])
    is_illustrative: bool = False


class OversightIn(InputSchema):
    overseer_id: int = Field(..., examples=[3])
    overseen_id: int = Field(..., examples=[1])
    instrument: OversightInstrument
    note: str = Field("", max_length=300)
    is_illustrative: bool = False


class OversightOut(Schema):
    id: int
    overseer_id: int
    overseen_id: int
    instrument: str
    note: str
    is_illustrative: bool


class TargetIn(InputSchema):
    """A national target for women's share (%) in the institution or one rank category."""

    rank: RankCategory | None = None
    target_share: Decimal = Field(..., ge=0, le=100, examples=["11"])
    baseline_share: Decimal | None = Field(None, ge=0, le=100, examples=["9"])
    baseline_date: date | None = None
    target_date: date | None = None
    source: str = Field(..., max_length=300, examples=["MINUJUSTH indicator 4.3 (S/2018/527)"])


class TargetOut(Schema):
    institution_id: int
    rank: str
    target_share: float
    baseline_share: float | None
    rating: str
    percent: float | None


class FiscalIn(InputSchema):
    currency: str = Field(..., min_length=3, max_length=3, examples=["LRD"])
    gdp: Decimal | None = None
    total_public_expenditure: Decimal | None = None
    population: int | None = Field(None, ge=0)
    source: str = Field("", max_length=300)
    is_illustrative: bool = False
