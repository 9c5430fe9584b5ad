"""Pydantic schemas of the sanctions API (list, embargo measures, exemption requests)."""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Any

from ninja import Field, Schema

from ssrmonitor.core.api_support import Page, PageParams
from ssrmonitor.core.schemas import InputSchema, PatchSchema
from ssrmonitor.sanctions.models import (
    EquipmentKind,
    ExemptionDecision,
    ExemptionProcedure,
    ExemptionStatus,
    PartyKind,
)


class RegimeOut(Schema):
    code: str = Field(..., examples=["CAR"])
    name: str = Field(..., examples=["Central African Republic — resolution 2127 (2013)"])
    first_seen_on: date = Field(..., examples=["2020-11-30"])
    last_seen_on: date = Field(..., examples=["2026-05-08"])
    delisted_on: date | None = Field(
        ..., description="First imported list without the regime", examples=[None]
    )


class AliasOut(Schema):
    name: str = Field(..., examples=["Colonel Rambo"])
    quality: str = Field(..., description="Good, Low or empty", examples=["Low"])
    note: str = Field("", examples=[""])


class BirthDateOut(Schema):
    date_type: str = Field(..., examples=["EXACT"])
    date: dt.date | None = Field(None, examples=["1975-01-07"])
    year: int | None = Field(None, examples=[None])
    from_year: int | None = Field(None, examples=[None])
    to_year: int | None = Field(None, examples=[None])
    note: str = Field("", examples=[""])


class BirthPlaceOut(Schema):
    city: str = Field("", examples=["Bangui"])
    state_province: str = Field("", examples=[""])
    country: str = Field("", examples=["Central African Republic"])
    note: str = Field("", examples=[""])


class PartyOut(Schema):
    id: int = Field(..., examples=[12])
    data_id: int = Field(..., description="The UN's DATAID", examples=[6908724])
    kind: PartyKind = Field(..., examples=["individual"])
    regime: str = Field(..., examples=["CAR"])
    reference_number: str = Field(..., examples=["CFi.017"])
    name: str = Field(..., examples=["ALFRED YEKATOM"])
    name_original_script: str = Field("", examples=[""])
    nationalities: list[str] = Field(default_factory=list, examples=[["Central African Republic"]])
    listed_on: date | None = Field(None, examples=["2018-12-17"])
    delisted_on: date | None = Field(None, examples=[None])
    aliases: list[AliasOut] = Field(default_factory=list)
    birth_dates: list[BirthDateOut] = Field(default_factory=list)
    birth_places: list[BirthPlaceOut] = Field(default_factory=list)


class PartyFilters(PageParams):
    q: str | None = Field(None, min_length=2, max_length=100, description="Name or alias contains")
    regime: str | None = Field(None, examples=["CAR"])
    listed: bool | None = Field(None, description="true: listed now; false: delisted")


PartyPage = Page[PartyOut]


class MeasureOut(Schema):
    id: int = Field(..., examples=[1])
    country: str = Field(..., examples=["CF"])
    regime: str | None = Field(None, examples=["CAR"])
    title: str = Field(..., examples=["Arms embargo on the Central African Republic"])
    resolutions: str = Field(..., examples=["S/RES/2127 (2013)"])
    scope: str = Field(..., examples=["Arms and related materiel to armed groups"])
    exemption_procedure: str = Field("", examples=[""])
    committee: str = Field("", examples=["Committee pursuant to resolution 2127 (2013)"])
    in_force_from: date | None = Field(None, examples=["2013-12-05"])
    in_force_until: date | None = Field(None, examples=[None])
    benchmark_framework_id: int | None = Field(None, examples=[4])
    source: str = Field("", examples=["S/RES/2127 (2013), para. 54"])
    is_illustrative: bool = Field(False, examples=[False])


class MeasureFilters(PageParams):
    country: str | None = Field(None, min_length=2, max_length=2, examples=["CF"])


MeasurePage = Page[MeasureOut]


class ItemIn(InputSchema):
    description: str = Field(..., min_length=1, max_length=300, examples=["VHF radio handsets"])
    quantity: int = Field(..., ge=1, examples=[40])


class ExemptionIn(InputSchema):
    measure_id: int = Field(..., examples=[1])
    reference: str = Field("", max_length=80, examples=["CAR-EX-2026-03"])
    purpose: str = Field(..., min_length=1, examples=["Equipment of the FACA battalion trained"])
    items: list[ItemIn] = Field(..., min_length=1)
    supplier: str = Field(..., min_length=1, max_length=250, examples=["Government of X"])
    end_user: str = Field(..., min_length=1, max_length=250, examples=["FACA, 3rd battalion"])
    procedure: ExemptionProcedure = Field(ExemptionProcedure.NOTIFICATION, examples=["approval"])
    committee: str = Field("", max_length=250, examples=[""])
    submitted_on: date | None = Field(None, examples=["2026-03-01"])
    decided_on: date | None = Field(None, examples=[None])
    status: ExemptionStatus = Field(ExemptionStatus.DRAFT, examples=["submitted"])
    decision: ExemptionDecision = Field(ExemptionDecision.PENDING, examples=[""])
    notes: str = Field("", examples=[""])

    def fields(self) -> dict[str, Any]:
        """The service's keyword arguments."""
        values = self.model_dump(exclude={"measure_id"})
        values["items"] = [item.model_dump() for item in self.items]
        return values


class ExemptionPatch(PatchSchema):
    required = frozenset({"purpose", "items", "supplier", "end_user", "procedure", "status"})
    reference: str | None = Field(None, max_length=80)
    purpose: str | None = None
    items: list[ItemIn] | None = None
    supplier: str | None = Field(None, max_length=250)
    end_user: str | None = Field(None, max_length=250)
    procedure: ExemptionProcedure | None = None
    committee: str | None = Field(None, max_length=250)
    submitted_on: date | None = None
    decided_on: date | None = None
    status: ExemptionStatus | None = None
    decision: ExemptionDecision | None = None
    notes: str | None = None

    def service_changes(self) -> dict[str, Any]:
        """The changed fields as the service takes them (items as dicts, blanks for nulls)."""
        changes = self.changes()
        if "items" in changes and self.items is not None:
            changes["items"] = [item.model_dump() for item in self.items]
        for name in ("reference", "committee", "notes", "decision"):
            if name in changes and changes[name] is None:
                changes[name] = ""
        return changes


class ExemptionOut(Schema):
    id: int = Field(..., examples=[3])
    country: str = Field(..., examples=["CF"])
    measure_id: int = Field(..., examples=[1])
    reference: str = Field(..., examples=["CAR-EX-2026-03"])
    purpose: str = Field(..., examples=["Equipment of a trained FACA battalion"])
    items: list[ItemIn]
    total_quantity: int = Field(..., examples=[40])
    supplier: str
    end_user: str
    procedure: ExemptionProcedure
    committee: str
    submitted_on: date | None
    decided_on: date | None
    status: ExemptionStatus
    decision: ExemptionDecision
    notes: str
    is_illustrative: bool = Field(False, examples=[False])


class ExemptionFilters(PageParams):
    country: str | None = Field(None, min_length=2, max_length=2, examples=["CF"])
    status: ExemptionStatus | None = None


ExemptionPage = Page[ExemptionOut]


class MeasureCountry(Schema):
    country: str | None = Field(None, min_length=2, max_length=2, examples=["CF"])


class AlertOut(Schema):
    flag_id: int = Field(..., examples=[4])
    country: str = Field(..., examples=["CF"])
    activity: str = Field(..., description="IATI identifier", examples=["XM-DAC-41114-00012345"])
    kind: EquipmentKind = Field(..., examples=["security"])
    note: str = Field("", examples=["40 armoured vehicles"])
