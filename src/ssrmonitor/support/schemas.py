"""Pydantic schemas of the support API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core.api_support import PageParams
from ssrmonitor.core.schemas import InputSchema
from ssrmonitor.support.models import StrategyLevel


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


class MoneyIn(InputSchema):
    transaction_type: str = Field(
        ..., description="2 = commitment, 3 = disbursement.", examples=["2"]
    )
    date: dt.date
    value: str = Field(..., description="Decimal as text.", examples=["250000"])
    currency: str = Field(..., examples=["EUR"])


class NationalActivityIn(InputSchema):
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


# --- national strategy and alignment ------------------------------------------------------


class StrategyNodeOut(Schema):
    """An element of the national strategy, with the elements below it."""

    id: int
    level: str = Field(..., description="pillar, priority or objective.", examples=["priority"])
    code: str = Field(..., examples=["1.2"])
    title: str = Field(..., examples=["Professionalise the national police"])
    parent_id: int | None = Field(..., description="The element above (null for a pillar).")
    component: str = Field(..., description="SSR component, or empty.", examples=["police"])
    sector_codes: list[str] = Field(
        ..., description="DAC codes that suggest it.", examples=[["15210", "15130"]]
    )
    keywords: list[str] = Field(
        ..., description="Words that suggest it.", examples=[["police", "gendarmerie"]]
    )
    position: int = Field(..., description="Order among the country's elements.", examples=[3])
    linked_activities: int = Field(
        ..., description="Activities a person linked to this element (confirmed links)."
    )
    children: list[StrategyNodeOut] = Field(default_factory=list)


class StrategyOut(Schema):
    country: str = Field(..., examples=["HT"])
    nodes: list[StrategyNodeOut] = Field(..., description="The pillars, each with its tree.")


def _words_without_commas(value: list[str] | None) -> list[str] | None:
    if value is not None and any("," in word for word in value):
        raise ValueError(_("a keyword cannot contain a comma; send each one separately"))
    return value


class StrategyNodeIn(InputSchema):
    """A new pillar, priority or objective; ``parent_id`` is the element of the level above."""

    level: StrategyLevel = Field(..., examples=["priority"])
    code: str = Field(..., min_length=1, max_length=20, examples=["1.2"])
    title: str = Field(..., min_length=1, max_length=300, examples=["Professionalise the police"])
    parent_id: int | None = Field(None, description="Null for a pillar.", examples=[12])
    component: Component | None = Field(None, examples=["police"])
    sector_codes: list[str] = Field(
        default_factory=list,
        description="DAC purpose codes (5 or 7 digits) that suggest this element.",
        examples=[["15210"]],
    )
    keywords: list[str] = Field(
        default_factory=list,
        description="Words or phrases (without commas) that suggest this element.",
        examples=[["police", "community policing"]],
    )

    _keywords = field_validator("keywords")(_words_without_commas)


class StrategyNodePatch(InputSchema):
    """Only the fields sent change; ``parent_id`` null makes no sense below a pillar (422).

    The level cannot be changed: remove the element and add it again.
    """

    required: ClassVar[frozenset[str]] = frozenset(
        {"code", "title", "sector_codes", "keywords", "position"}
    )
    code: str | None = Field(None, min_length=1, max_length=20, examples=["1.2"])
    title: str | None = Field(None, min_length=1, max_length=300, examples=["Reform the police"])
    parent_id: int | None = Field(None, examples=[12])
    component: Component | None = Field(None, description="Null clears it.", examples=["police"])
    sector_codes: list[str] | None = Field(None, examples=[["15210"]])
    keywords: list[str] | None = Field(None, examples=[["police"]])
    position: int | None = Field(None, ge=0, examples=[3])

    @field_validator("*", mode="after")
    @classmethod
    def _not_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name in cls.required:
            raise ValueError(_("this field may be left out but not set to null"))
        return value

    _keywords = field_validator("keywords")(_words_without_commas)

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, by name."""
        return {name: getattr(self, name) for name in self.model_fields_set}


def _share() -> Any:
    return Field(
        ...,
        gt=0,
        le=100,
        max_digits=5,
        decimal_places=2,
        description="Percentage of the activity, more than 0 and at most 100 (two decimals).",
        examples=["60"],
    )


class PriorityShareIn(InputSchema):
    node_id: int = Field(..., description="A priority or objective of the country's strategy.")
    share: Decimal = _share()


class PrioritiesIn(InputSchema):
    """The whole alignment of an activity in the country: shares add up to 100; [] removes it."""

    priorities: list[PriorityShareIn] = Field(..., examples=[[{"node_id": 12, "share": "100"}]])


class ComponentShareIn(InputSchema):
    component: Component = Field(..., examples=["police"])
    share: Decimal = _share()


class ComponentsIn(InputSchema):
    """The whole SSR component classification: shares add up to 100; [] removes it."""

    components: list[ComponentShareIn] = Field(
        ...,
        examples=[
            [{"component": "police", "share": "70"}, {"component": "justice", "share": "30"}]
        ],
    )


class PriorityLinkOut(Schema):
    node_id: int
    code: str = Field(..., examples=["1.2"])
    title: str
    share: str = Field(..., description="Percentage as text.", examples=["60"])
    confirmed_by: str = Field(..., description="Who confirmed the link (empty: the system).")
    confirmed_at: dt.datetime


class ComponentLinkOut(Schema):
    component: str = Field(..., examples=["police"])
    label: str = Field(..., examples=["Police"])
    share: str = Field(..., examples=["100"])
    confirmed_by: str
    confirmed_at: dt.datetime


class AlignmentOut(Schema):
    """The confirmed links of an activity to the country's strategy and to SSR components."""

    activity_id: int
    country: str = Field(..., examples=["HT"])
    priorities: list[PriorityLinkOut]
    components: list[ComponentLinkOut]


class PrioritySuggestionOut(Schema):
    node_id: int
    code: str = Field(..., examples=["1.2"])
    title: str
    reason: str = Field(..., description="What matched.", examples=["DAC 15210"])


class ComponentSuggestionOut(Schema):
    component: str = Field(..., examples=["police"])
    label: str = Field(..., examples=["Police"])
    reason: str = Field(..., examples=["“police”"])


class SuggestionsOut(Schema):
    """Proposals from DAC codes and keywords; nothing is linked until a person confirms it."""

    activity_id: int
    country: str = Field(..., examples=["HT"])
    priorities: list[PrioritySuggestionOut]
    components: list[ComponentSuggestionOut]
