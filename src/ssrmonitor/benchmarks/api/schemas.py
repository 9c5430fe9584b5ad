"""Input and output schemas of the benchmark API.

Inputs refuse unknown fields (a misspelt field is an error, not silently ignored). ``*Patch``
schemas change only the fields that are sent; sending ``null`` clears a field that may be
empty and is refused for one that may not. Numbers are read as decimals (send ``"1.35"`` or
``1.35``) and written as JSON numbers. The measurements' schemas are in
:mod:`.measurement_schemas`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from ssrmonitor.benchmarks.models import (
    Component,
    Direction,
    FrameworkStatus,
    Frequency,
    IndicatorKind,
    IndicatorSource,
    Owner,
)
from ssrmonitor.benchmarks.models.choices import Dimension
from ssrmonitor.core.api_support import Page, PageParams
from ssrmonitor.core.progress import Rating, TargetBasis, Trend
from ssrmonitor.core.schemas import InputSchema, PatchSchema

BASIS_DOC = (
    "What the target is: at_date, a level to reach by the target date; per_year, a total per "
    "year; cumulative, a total since the baseline"
)


class RatingCounts(Schema):
    on_track: int = Field(..., examples=[3])
    at_risk: int = Field(..., examples=[1])
    off_track: int = Field(..., examples=[0])
    no_data: int = Field(..., examples=[2])


# --- frameworks ---------------------------------------------------------------------------


class FrameworkFields(InputSchema):
    mission: str | None = Field(None, description="Acronym of the mission", examples=["BINUH"])
    title: str = Field(..., min_length=1, max_length=250, examples=["Benchmarks for MINUJUSTH"])
    kind: str = Field("", max_length=60, examples=["exit strategy benchmarks"])
    source_document: str = Field("", max_length=60, examples=["S/2018/527"])
    source_title: str = Field("", max_length=400, examples=["Report of the Secretary-General"])
    source_location: str = Field("", max_length=400, examples=["annex, paras 1-11"])
    adoption_date: date | None = Field(None, examples=["2018-05-02"])
    end_date: date | None = Field(None, examples=["2019-10-15"])
    status: FrameworkStatus = Field(FrameworkStatus.DRAFT, examples=["active"])
    is_published: bool = Field(False, examples=[False])
    notes: str = Field("", examples=[""])


class FrameworkIn(FrameworkFields):
    country: str = Field(..., min_length=2, max_length=2, examples=["HT"])


class FrameworkPatch(PatchSchema):
    required = frozenset(
        {
            "title",
            "kind",
            "source_document",
            "source_title",
            "source_location",
            "status",
            "is_published",
            "notes",
        }
    )
    mission: str | None = Field(None, examples=["BINUH"])
    title: str | None = Field(None, min_length=1, max_length=250, examples=["Benchmarks"])
    kind: str | None = Field(None, max_length=60, examples=["transition plan"])
    source_document: str | None = Field(None, max_length=60, examples=["S/2019/563"])
    source_title: str | None = Field(None, max_length=400, examples=[""])
    source_location: str | None = Field(None, max_length=400, examples=[""])
    adoption_date: date | None = Field(None, examples=["2018-05-02"])
    end_date: date | None = Field(None, examples=["2019-10-15"])
    status: FrameworkStatus | None = Field(None, examples=["closed"])
    is_published: bool | None = Field(None, examples=[True])
    notes: str | None = Field(None, examples=[""])


class FrameworkOut(Schema):
    id: int = Field(..., examples=[1])
    country: str = Field(..., examples=["HT"])
    country_name: str = Field(..., examples=["Haiti"])
    mission: str | None = Field(..., examples=["MINUJUSTH"])
    title: str = Field(..., examples=["Benchmarks for MINUJUSTH exit strategy"])
    kind: str = Field(..., examples=["exit strategy benchmarks"])
    source_document: str = Field(..., examples=["S/2018/527"])
    source_title: str = Field(..., examples=["Report of the Secretary-General"])
    source_location: str = Field(..., examples=["annex"])
    adoption_date: date | None = Field(..., examples=["2018-05-02"])
    end_date: date | None = Field(..., examples=["2019-10-15"])
    status: FrameworkStatus = Field(..., examples=["active"])
    is_published: bool = Field(..., examples=[True])
    notes: str = Field(..., examples=[""])
    rating: Rating = Field(..., description="Roll-up of all its indicators", examples=["at_risk"])
    counts: RatingCounts
    benchmark_count: int = Field(..., examples=[11])
    indicator_count: int = Field(..., examples=[46])
    url: str = Field(..., description="Page of the framework", examples=["/frameworks/1/"])


class FrameworkPage(Page[FrameworkOut]):
    pass


class FrameworkFilters(PageParams):
    country: str | None = Field(None, description="ISO alpha-2", examples=["HT"])
    status: FrameworkStatus | None = Field(None, examples=["active"])
    is_published: bool | None = Field(None, examples=[True])


# --- benchmarks ---------------------------------------------------------------------------


class BenchmarkIn(InputSchema):
    code: str = Field("", max_length=20, examples=["2"])
    text: str = Field(..., min_length=1, examples=["The HNP has 15,000 officers."])
    area: str = Field("", max_length=200, examples=["Police development"])
    component: Component = Field(Component.CROSS_CUTTING, examples=["police"])
    owner: Owner = Field(Owner.UN, examples=["host"])
    position: int = Field(0, ge=0, examples=[2])
    notes: str = Field("", examples=[""])


class BenchmarkPatch(PatchSchema):
    required = frozenset({"code", "text", "area", "component", "owner", "position", "notes"})
    code: str | None = Field(None, max_length=20, examples=["2"])
    text: str | None = Field(None, min_length=1, examples=["The HNP has 15,000 officers."])
    area: str | None = Field(None, max_length=200, examples=["Police development"])
    component: Component | None = Field(None, examples=["police"])
    owner: Owner | None = Field(None, examples=["joint"])
    position: int | None = Field(None, ge=0, examples=[3])
    notes: str | None = Field(None, examples=[""])


class BenchmarkOut(Schema):
    id: int = Field(..., examples=[4])
    framework_id: int = Field(..., examples=[1])
    country: str = Field(..., examples=["HT"])
    code: str = Field(..., examples=["2"])
    text: str = Field(..., examples=["The HNP has the capacity to maintain public order."])
    area: str = Field(..., examples=["Police development"])
    component: Component = Field(..., examples=["police"])
    owner: Owner = Field(..., examples=["host"])
    position: int = Field(..., examples=[2])
    notes: str = Field(..., examples=[""])
    rating: Rating = Field(..., examples=["on_track"])
    counts: RatingCounts
    indicator_count: int = Field(..., examples=[4])


class BenchmarkPage(Page[BenchmarkOut]):
    pass


class BenchmarkFilters(PageParams):
    country: str | None = Field(None, examples=["HT"])
    framework: int | None = Field(None, description="Framework id", examples=[1])
    component: Component | None = Field(None, examples=["police"])
    owner: Owner | None = Field(None, examples=["host"])


# --- indicators ---------------------------------------------------------------------------


class IndicatorIn(InputSchema):
    code: str = Field("", max_length=20, examples=["2.1"])
    definition: str = Field(..., min_length=1, examples=["Number of HNP officers"])
    kind: IndicatorKind = Field(IndicatorKind.QUANTITATIVE, examples=["quantitative"])
    unit: str = Field("", max_length=250, examples=["officers"])
    direction: Direction = Field(Direction.INCREASE, examples=["increase"])
    minimum: Decimal | None = Field(None, examples=["0"])
    maximum: Decimal | None = Field(None, examples=[None])
    baseline_value: Decimal | None = Field(None, examples=["14000"])
    baseline_text: str = Field("", examples=["some 14,000 officers"])
    baseline_date: date | None = Field(None, examples=["2018-05-02"])
    target_value: Decimal | None = Field(None, examples=["15000"])
    target_text: str = Field("", examples=["15,000 officers"])
    target_date: date | None = Field(None, examples=["2019-10-15"])
    target_basis: TargetBasis = Field(
        TargetBasis.AT_DATE, description=BASIS_DOC, examples=["at_date"]
    )
    disaggregations: list[Dimension] = Field(default_factory=list, examples=[["sex"]])
    data_source: str = Field("", max_length=250, examples=["HNP personnel records"])
    source: IndicatorSource = Field(
        IndicatorSource.MEASURED,
        description="measured: values recorded by hand; sector_women_share: women's share "
        "computed from the sector's personnel returns (no hand-recorded values)",
        examples=["measured"],
    )
    source_spec: dict[str, int | str] = Field(
        default_factory=dict,
        description='For sector_women_share: {"institution": sector institution id or key, '
        '"rank": "" (all ranks), "officer", "nco" or "other"}; empty otherwise',
        examples=[{}],
    )
    frequency: Frequency = Field(Frequency.QUARTERLY, examples=["quarterly"])
    responsible_entity: str = Field("", max_length=250, examples=["HNP"])
    position: int = Field(0, ge=0, examples=[1])
    notes: str = Field("", examples=[""])


class IndicatorPatch(PatchSchema):
    required = frozenset(
        {
            "code",
            "definition",
            "kind",
            "unit",
            "direction",
            "baseline_text",
            "target_text",
            "target_basis",
            "disaggregations",
            "data_source",
            "source",
            "source_spec",
            "frequency",
            "responsible_entity",
            "position",
            "notes",
        }
    )
    code: str | None = Field(None, max_length=20, examples=["2.1"])
    definition: str | None = Field(None, min_length=1, examples=["Number of HNP officers"])
    kind: IndicatorKind | None = Field(None, examples=["quantitative"])
    unit: str | None = Field(None, max_length=250, examples=["officers"])
    direction: Direction | None = Field(None, examples=["increase"])
    minimum: Decimal | None = Field(None, examples=["0"])
    maximum: Decimal | None = Field(None, examples=[None])
    baseline_value: Decimal | None = Field(None, examples=["14000"])
    baseline_text: str | None = Field(None, examples=[""])
    baseline_date: date | None = Field(None, examples=["2018-05-02"])
    target_value: Decimal | None = Field(None, examples=["15000"])
    target_text: str | None = Field(None, examples=[""])
    target_date: date | None = Field(None, examples=["2019-10-15"])
    target_basis: TargetBasis | None = Field(None, description=BASIS_DOC, examples=["per_year"])
    disaggregations: list[Dimension] | None = Field(None, examples=[["sex", "region"]])
    data_source: str | None = Field(None, max_length=250, examples=[""])
    source: IndicatorSource | None = Field(None, examples=["sector_women_share"])
    source_spec: dict[str, int | str] | None = Field(
        None, examples=[{"institution": 12, "rank": "officer"}]
    )
    frequency: Frequency | None = Field(None, examples=["annual"])
    responsible_entity: str | None = Field(None, max_length=250, examples=[""])
    position: int | None = Field(None, ge=0, examples=[1])
    notes: str | None = Field(None, examples=[""])


class ProgressOut(Schema):
    """Computed from approved values only (see ``core/progress.py`` for the rules)."""

    percent: float | None = Field(
        ..., description="Percent of the way to the target", examples=[62.5]
    )
    expected_percent: float | None = Field(
        ..., description="Where the value should be by now, by elapsed time", examples=[70.0]
    )
    trend: Trend = Field(..., examples=["improving"])
    rating: Rating = Field(..., examples=["on_track"])
    latest_value: float | None = Field(
        ..., description="The latest value compared (annualised if so)", examples=[14600]
    )
    latest_period: str | None = Field(..., examples=["2019-Q2"])
    latest_period_end: date | None = Field(..., examples=["2019-06-30"])
    annualised: bool = Field(
        False, description="The latest value was annualised for a yearly target", examples=[False]
    )
    note: str = Field(
        "",
        description="How the latest value was made comparable, or why the latest value "
        "reported was not compared (it is then shown but not rated)",
        examples=["Annualised: 1382 over 700 days (2017-10-01 to 2019-08-31), about 720.6 a year."],
    )
    excluded: int = Field(
        0, description="How many approved values could not be compared", examples=[0]
    )


class IndicatorOut(Schema):
    id: int = Field(..., examples=[7])
    benchmark_id: int = Field(..., examples=[4])
    framework_id: int = Field(..., examples=[1])
    country: str = Field(..., examples=["HT"])
    code: str = Field(..., examples=["2.1"])
    definition: str = Field(..., examples=["Number of HNP officers"])
    kind: IndicatorKind = Field(..., examples=["quantitative"])
    unit: str = Field(..., examples=["officers"])
    direction: Direction = Field(..., examples=["increase"])
    minimum: float | None = Field(..., examples=[0])
    maximum: float | None = Field(..., examples=[None])
    baseline_value: float | None = Field(..., examples=[14000])
    baseline_text: str = Field(..., examples=[""])
    baseline_date: date | None = Field(..., examples=["2018-05-02"])
    target_value: float | None = Field(..., examples=[15000])
    target_text: str = Field(..., examples=[""])
    target_date: date | None = Field(..., examples=["2019-10-15"])
    target_basis: TargetBasis = Field(..., description=BASIS_DOC, examples=["at_date"])
    disaggregations: list[str] = Field(..., examples=[["sex"]])
    data_source: str = Field(..., examples=["HNP personnel records"])
    source: IndicatorSource = Field(..., examples=["measured"])
    source_spec: dict[str, int | str] = Field(
        ..., examples=[{"institution": 12, "rank": "officer"}]
    )
    frequency: Frequency = Field(..., examples=["quarterly"])
    responsible_entity: str = Field(..., examples=["HNP"])
    position: int = Field(..., examples=[1])
    notes: str = Field(..., examples=[""])
    progress: ProgressOut
    url: str = Field(..., examples=["/indicators/7/"])


class IndicatorPage(Page[IndicatorOut]):
    pass


class IndicatorFilters(PageParams):
    country: str | None = Field(None, examples=["HT"])
    framework: int | None = Field(None, examples=[1])
    benchmark: int | None = Field(None, examples=[4])
    kind: IndicatorKind | None = Field(None, examples=["percentage"])
