"""Input and output schemas of the measurements API (the conventions: :mod:`.schemas`).

A value says what it covers: ``coverage_start`` and ``coverage_end`` (the dates; empty, the
reporting period's) and ``nature`` (a level at a date by default). See ``core/progress.py`` for
how each nature is compared with the indicator's target.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from ssrmonitor.benchmarks.models import MeasurementStatus
from ssrmonitor.benchmarks.models.choices import Dimension
from ssrmonitor.core.api_support import Page, PageParams
from ssrmonitor.core.progress import ValueNature
from ssrmonitor.core.schemas import InputSchema, PatchSchema

NATURE_DOC = (
    "stock: a level at coverage_end; flow: a total over the dates covered; cumulative: a "
    "running total since coverage_start; year_to_date: a total since 1 January; rate: a rate "
    "or average over the dates covered"
)
START_DOC = "First day covered (not for a stock); empty: the start of the reporting period"
END_DOC = "Last day covered, or the day of a stock; empty: the end of the reporting period"


class DisaggregationIn(InputSchema):
    dimension: Dimension = Field(..., examples=["sex"])
    category: str = Field(
        ...,
        min_length=1,
        max_length=60,
        description="sex: female, male; age_band: under_18, 18_24, 25_34, 35_49, 50_plus; "
        "region: any name",
        examples=["female"],
    )
    value: Decimal = Field(..., examples=["1450"])


class DisaggregationOut(Schema):
    dimension: str = Field(..., examples=["sex"])
    category: str = Field(..., examples=["female"])
    value: float = Field(..., examples=[1450])


class MeasurementIn(InputSchema):
    period: str = Field(..., description="2026, 2026-H1, 2026-Q3 or 2026-07", examples=["2026-Q3"])
    value: Decimal = Field(..., examples=["14600"])
    unit: str | None = Field(
        None, description="If sent, must be the indicator's unit", examples=["officers"]
    )
    narrative: str = Field("", examples=["Two cohorts graduated from the police academy."])
    obstacles: str = Field("", examples=["Attrition in the southern departments."])
    disaggregations: list[DisaggregationIn] = Field(default_factory=list)
    coverage_start: date | None = Field(None, description=START_DOC, examples=["2017-10-01"])
    coverage_end: date | None = Field(None, description=END_DOC, examples=["2019-08-31"])
    nature: ValueNature = Field(ValueNature.STOCK, description=NATURE_DOC, examples=["flow"])


class MeasurementPatch(PatchSchema):
    """``coverage_start``, ``coverage_end`` and ``nature`` change together: a field of the
    three left out keeps its value, ``null`` for a date means the reporting period's."""

    required = frozenset({"value", "narrative", "obstacles", "disaggregations", "nature"})
    value: Decimal | None = Field(None, examples=["14650"])
    unit: str | None = Field(None, examples=["officers"])
    narrative: str | None = Field(None, examples=[""])
    obstacles: str | None = Field(None, examples=[""])
    disaggregations: list[DisaggregationIn] | None = Field(
        None, description="Replaces every disaggregated value when sent"
    )
    coverage_start: date | None = Field(None, description=START_DOC, examples=["2019-01-01"])
    coverage_end: date | None = Field(None, description=END_DOC, examples=["2019-09-16"])
    nature: ValueNature | None = Field(None, description=NATURE_DOC, examples=["year_to_date"])


class ReviewIn(InputSchema):
    comment: str = Field("", description="Required to return a value", examples=["Source?"])


class MeasurementOut(Schema):
    id: int = Field(..., examples=[31])
    indicator_id: int = Field(..., examples=[7])
    indicator_code: str = Field(..., examples=["2.1"])
    framework_id: int = Field(..., examples=[1])
    country: str = Field(..., examples=["HT"])
    period: str = Field(..., examples=["2019-Q2"])
    period_start: date = Field(..., examples=["2019-04-01"])
    period_end: date = Field(..., examples=["2019-06-30"])
    value: float = Field(..., examples=[14600])
    coverage_start: date | None = Field(
        ..., description="First day covered; null for a stock", examples=["2017-10-01"]
    )
    coverage_end: date | None = Field(
        ..., description="Last day covered, or the day of a stock", examples=["2019-08-31"]
    )
    nature: ValueNature = Field(..., description=NATURE_DOC, examples=["flow"])
    unit: str = Field(..., description="The indicator's unit", examples=["officers"])
    value_text: str = Field(..., examples=[""])
    narrative: str = Field(..., examples=[""])
    obstacles: str = Field(..., examples=[""])
    status: MeasurementStatus = Field(..., examples=["approved"])
    is_illustrative: bool = Field(..., examples=[False])
    source_document: str = Field(..., examples=["S/2019/563"])
    disaggregations: list[DisaggregationOut]
    submitted_at: datetime | None = Field(..., examples=["2019-07-05T10:00:00Z"])
    reviewed_at: datetime | None = Field(..., examples=["2019-07-08T09:30:00Z"])
    author: str | None = Field(
        ..., description="Members of the country only; null for others", examples=["alice"]
    )
    reviewed_by: str | None = Field(..., description="Members only", examples=["rachel"])
    review_comment: str | None = Field(..., description="Members only", examples=[""])
    url: str = Field(..., examples=["/measurements/31/"])


class MeasurementPage(Page[MeasurementOut]):
    pass


class MeasurementFilters(PageParams):
    country: str | None = Field(None, examples=["HT"])
    framework: int | None = Field(None, examples=[1])
    indicator: int | None = Field(None, examples=[7])
    status: MeasurementStatus | None = Field(None, examples=["submitted"])
    period_from: str | None = Field(
        None, description="Periods starting on or after this one", examples=["2019-Q1"]
    )
    period_to: str | None = Field(
        None, description="Periods ending on or before this one", examples=["2019"]
    )
