"""Pydantic schemas of the support API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from ssrmonitor.core.api_support import PageParams


class ActivityFilters(PageParams):
    country: str | None = Field(
        None, description="ISO 3166-1 alpha-2 recipient country.", examples=["HT"]
    )
    source: str | None = Field(None, description="iati or national.", examples=["iati"])


class MoneyOut(Schema):
    """A transaction: never converted; its own currency and value date."""

    transaction_type: str = Field(..., description="IATI TransactionType code.", examples=["2"])
    date: dt.date
    value: str = Field(..., description="Decimal as text.", examples=["12783"])
    currency: str = Field(..., examples=["USD"])
    value_date: dt.date


class SectorOut(Schema):
    vocabulary: str = Field(..., examples=["1"])
    code: str = Field(..., examples=["15210"])
    percentage: str | None = Field(None, examples=["100"])
    on_transaction: bool = Field(..., description="Declared on a transaction, not the activity.")


class ActivityOut(Schema):
    id: int
    iati_identifier: str = Field(..., examples=["US-GOV-15-5010-FWR6002R"])
    source: str = Field(..., examples=["iati"])
    reporting_org: str = Field(..., examples=["Department of Justice"])
    reporting_org_ref: str = Field(..., examples=["US-GOV-15"])
    title: str
    status: str = Field(..., description="IATI ActivityStatus code.", examples=["2"])
    recipient_countries: list[str] = Field(..., examples=[["HT"]])
    sectors: list[SectorOut]


class ActivityDetailOut(ActivityOut):
    description: str
    transactions: list[MoneyOut]


class ActivityPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ActivityOut]


class BagOut(Schema):
    """A sum: ``usd`` is what a loaded rate converted; ``other`` the rest, per currency."""

    usd: str = Field(..., examples=["153000"])
    other: dict[str, str] = Field(..., examples=[{"EUR": "10000"}])


class CoverageOut(Schema):
    code: str = Field(..., examples=["1.1"])
    title: str
    status: str = Field(..., description="covered, gap, little or unknown.", examples=["gap"])
    activities: int
    partners: list[str]
    commitments: BagOut
    disbursements: BagOut


class OverlapOut(Schema):
    code: str
    component: str = Field(..., examples=["police"])
    partners: list[str]
    activities: list[str]


class FlowOut(Schema):
    partner: str
    component: str
    year: int
    commitments: BagOut
    disbursements: BagOut


class CoordinationOut(Schema):
    country: str = Field(..., examples=["HT"])
    period: str = Field(..., examples=["2024"])
    activities: int
    aligned_activities: int
    commitments: BagOut
    aligned_commitments: BagOut
    disbursements: BagOut
    coverage: list[CoverageOut]
    overlaps: list[OverlapOut]
    flows: list[FlowOut]
    gender: dict[str, int] = Field(..., examples=[{"2": 1, "none": 3}])
    who_does_what: dict[str, dict[str, int]]


class MoneyIn(Schema):
    transaction_type: str = Field(
        ..., description="2 = commitment, 3 = disbursement.", examples=["2"]
    )
    date: dt.date
    value: str = Field(..., description="Decimal as text.", examples=["250000"])
    currency: str = Field(..., examples=["EUR"])


class NationalActivityIn(Schema):
    """An activity of a partner who does not publish to IATI, recorded by the national office."""

    identifier: str = Field(
        ...,
        description="Starts with the reporting organisation's IATI identifier and a hyphen.",
        examples=["XM-DAC-7-PPR-2024-01"],
    )
    reporting_org: str = Field(
        ..., description="IATI identifier of the partner.", examples=["XM-DAC-7"]
    )
    implementing_org: str | None = Field(None, examples=["HT-GOV-PNH"])
    title: str = Field(..., examples=["Community policing in Port-au-Prince"])
    description: str = Field(..., examples=["Training of 300 officers in community policing."])
    language: str = Field("en", examples=["fr"])
    status: str = Field("2", description="IATI ActivityStatus code.", examples=["2"])
    start: dt.date
    end: dt.date | None = None
    sectors: dict[str, str] = Field(
        default_factory=dict, description="DAC 5-digit code → %.", examples=[{"15210": "100"}]
    )
    gender_significance: str = Field(
        "", description="PolicySignificance code of the gender marker.", examples=["1"]
    )
    money: list[MoneyIn] = Field(default_factory=list)
