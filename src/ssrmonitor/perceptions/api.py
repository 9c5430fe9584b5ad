"""JSON API routes of the perceptions app (mounted under /api/v1/perceptions/).

Read-only. The public reads published surveys (questions and estimates with their 95 %
intervals; never respondents) and published consultations; members holding
``perceptions.view_internal`` in a country also read its unpublished ones. Groups of fewer than
30 respondents are never estimated, so never returned. The SDG catalogue and a country's
imported SDG values (public statistics) are read by everyone.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ssrmonitor.core.api_support import ERRORS, READ_AUTH, Page, PageParams, page_of, viewer_of
from ssrmonitor.perceptions.models import Consultation, Estimate, Question, SdgValue, Survey
from ssrmonitor.perceptions.permissions import (
    access_consultation_by_id,
    access_country_by_iso2,
    access_survey_by_id,
    consultations_visible_to,
    sdg_values_visible_to,
    surveys_visible_to,
)
from ssrmonitor.perceptions.sdg.catalogue import INDICATORS, all_series, series_by_indicator
from ssrmonitor.perceptions.selectors import consultations_of, participation_by_year

router = Router(tags=["perceptions"])


class EstimateOut(Schema):
    group: str = Field(..., examples=["sex"], description="all, sex, age_band, region, urban_rural")
    value: str = Field("", examples=["woman"], description="The group's value (empty for all)")
    share: Decimal = Field(..., examples=["59.8"], description="Weighted share favourable, %")
    ci_low: Decimal | None = Field(None, examples=["56.5"], description="95 % interval, from")
    ci_high: Decimal | None = Field(None, examples=["63.1"], description="95 % interval, to")
    respondents: int = Field(..., examples=[1171], description="Unweighted respondents")
    origin: str = Field(..., examples=["computed"])


class QuestionOut(Schema):
    code: str = Field(..., examples=["Q37G"])
    item: str | None = Field(None, examples=["trust_police"], description="Crosswalk item key")
    text: str = Field(..., examples=["How much do you trust the Police?"])
    categories: list[dict[str, str]] = Field(..., examples=[[{"code": "3", "label": "A lot"}]])
    favourable: list[str] = Field(..., examples=[["2", "3"]])
    estimates: list[EstimateOut] = Field(default_factory=list)


class SurveyOut(Schema):
    id: int = Field(..., examples=[1])
    country: str = Field(..., examples=["ML"])
    series: str = Field(..., examples=["Afrobarometer"])
    name: str = Field(..., examples=["Afrobarometer Round 9, Mali"])
    round_number: int = Field(..., examples=[9])
    fieldwork_start: date | None = None
    fieldwork_end: date | None = None
    kind: str = Field(..., examples=["aggregates"], description="microdata or aggregates")
    weight_variable: str = Field("", examples=["withinwt_hh"])
    strata_variable: str = ""
    cluster_variable: str = ""
    source: str
    source_url: str = ""
    licence: str
    citation: str = ""
    respondent_count: int = Field(0, description="Respondents held (never returned)")
    is_published: bool
    questions: list[QuestionOut] = Field(default_factory=list, description="One survey only")


class ConsultationOut(Schema):
    id: int = Field(..., examples=[1])
    country: str = Field(..., examples=["LR"])
    title: str = Field(..., examples=["County security council consultation"])
    kind: str = Field(..., examples=["consultation"])
    held_on: date
    place: str
    organiser: str
    participants: dict[str, int] = Field(
        ..., examples=[{"women_youth": 12, "women_older": 8, "men_youth": 10}]
    )
    groups: dict[str, int] = Field(..., examples=[{"civil_society": 9, "security_personnel": 4}])
    topics: list[str] = Field(default_factory=list)
    summary: str = ""
    source: str = ""
    is_published: bool
    recommendations: list[dict[str, str]] = Field(default_factory=list, description="One only")


class ParticipationOut(Schema):
    year: int = Field(..., examples=[2025])
    consultations: int
    participants: int
    women_share: Decimal | None = Field(None, examples=["41.3"], description="% of participants")
    youth_share: Decimal | None = Field(None, examples=["28.0"], description="Aged 18–35, %")


class CountryFilter(PageParams):
    country: str = Field("", max_length=2, examples=["ML"])


def estimate_out(estimate: Estimate) -> dict[str, Any]:
    return {
        "group": estimate.group_kind, "value": estimate.group_value, "share": estimate.share,
        "ci_low": estimate.ci_low, "ci_high": estimate.ci_high,
        "respondents": estimate.respondents, "origin": estimate.origin,
    }  # fmt: skip


def question_out(question: Question) -> dict[str, Any]:
    return {
        "code": question.code,
        "item": question.item.key if question.item else None,
        "text": question.text,
        "categories": [{k: str(v) for k, v in c.items()} for c in question.categories],
        "favourable": question.favourable,
        "estimates": [estimate_out(e) for e in question.estimates.all()],
    }


SURVEY_FIELDS = (
    "id", "series", "name", "round_number", "fieldwork_start", "fieldwork_end", "kind",
    "weight_variable", "strata_variable", "cluster_variable", "source", "source_url",
    "licence", "citation", "respondent_count", "is_published",
)  # fmt: skip


def survey_out(survey: Survey) -> dict[str, Any]:
    return {**{n: getattr(survey, n) for n in SURVEY_FIELDS}, "country": survey.country.iso2}


def consultation_out(c: Consultation) -> dict[str, Any]:
    names = ("id", "title", "kind", "held_on", "place", "organiser", "topics", "summary",
             "source", "is_published")  # fmt: skip
    return {
        **{n: getattr(c, n) for n in names},
        "country": c.country.iso2,
        "participants": {f: getattr(c, f) for f in Consultation.participant_fields()},
        "groups": {f: getattr(c, f) for f in Consultation.group_fields()},
    }


@router.get(
    "/surveys", response={200: Page[SurveyOut], **ERRORS}, auth=READ_AUTH, summary="List surveys"
)
def list_surveys(request: HttpRequest, filters: Query[CountryFilter]) -> dict[str, Any]:
    """Surveys you may read, newest round first; ``country`` filters by ISO code."""
    rows = surveys_visible_to(viewer_of(request)).order_by("country__iso2", "-round_number", "pk")
    if filters.country:
        rows = rows.filter(country__iso2=filters.country.upper())
    count, found = page_of(rows, filters)
    items = [survey_out(row) for row in found]
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get(
    "/surveys/{int:survey_id}",
    response={200: SurveyOut, **ERRORS},
    auth=READ_AUTH,
    summary="Get a survey with its questions and estimates",
)
def get_survey(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    """One survey, its questions and their estimates with 95 % intervals."""
    found = access_survey_by_id(viewer_of(request), survey_id)
    questions = found.questions.select_related("item").prefetch_related("estimates")
    return {**survey_out(found), "questions": [question_out(q) for q in questions]}


@router.get(
    "/consultations",
    response={200: Page[ConsultationOut], **ERRORS},
    auth=READ_AUTH,
    summary="List consultations",
)
def list_consultations(request: HttpRequest, filters: Query[CountryFilter]) -> dict[str, Any]:
    """Consultations you may read, newest first; ``country`` filters by ISO code."""
    rows = consultations_visible_to(viewer_of(request)).order_by("-held_on", "pk")
    if filters.country:
        rows = rows.filter(country__iso2=filters.country.upper())
    count, found = page_of(rows, filters)
    items = [consultation_out(row) for row in found]
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get(
    "/consultations/{int:consultation_id}",
    response={200: ConsultationOut, **ERRORS},
    auth=READ_AUTH,
    summary="Get a consultation",
)
def get_consultation(request: HttpRequest, consultation_id: int) -> dict[str, Any]:
    """One consultation with its recommendations and their follow-up."""
    found = access_consultation_by_id(viewer_of(request), consultation_id)
    recommendations = [
        {"text": r.text, "addressee": r.addressee, "follow_up": r.follow_up,
         "follow_up_note": r.follow_up_note}
        for r in found.recommendations.all()
    ]  # fmt: skip
    return {**consultation_out(found), "recommendations": recommendations}


@router.get(
    "/countries/{iso2}/participation",
    response={200: list[ParticipationOut], **ERRORS},
    auth=READ_AUTH,
    summary="Shares of women and youth in a country's consultations, per year",
)
def get_participation(request: HttpRequest, iso2: str) -> list[dict[str, Any]]:
    """Per year: consultations, participants, and the shares of women and of youth (18–35)."""
    viewer = viewer_of(request)
    country = access_country_by_iso2(viewer, iso2)
    return [
        {"year": p.year, "consultations": p.consultations, "participants": p.participants,
         "women_share": p.women_share, "youth_share": p.youth_share}
        for p in participation_by_year(consultations_of(viewer, country))
    ]  # fmt: skip


class SdgSeriesOut(Schema):
    code: str = Field(..., examples=["VC_IHR_PSRC"], description="A code of the DSD's CL_SERIES")
    name: str = Field(..., examples=["Number of victims of intentional homicide per 100,000 …"])


class SdgIndicatorOut(Schema):
    indicator: str = Field(..., examples=["16.1.1"])
    title: str = Field(..., examples=["Victims of intentional homicide"])
    series: list[SdgSeriesOut]


class SdgValueOut(Schema):
    series: str = Field(..., examples=["VC_IHR_PSRC"])
    indicators: list[str] = Field(..., examples=[["16.1.1"]], description="Indicators it serves")
    breakdown: str = Field("", examples=["SEX=F"], description="Dimensions not at their total")
    time_period: str = Field(..., examples=["2021"])
    value: Decimal | None = Field(None, examples=["18.5"])
    key: dict[str, str] = Field(..., description="Every dimension of the DSD 1.14 with its code")
    attributes: dict[str, str] = Field(..., examples=[{"UNIT_MEASURE": "PER_100000_POP"}])
    file_name: str = Field("", examples=["indicator_16-1-1.csv"], description="Imported from")
    imported_at: datetime


class SdgFilter(PageParams):
    series: str = Field("", max_length=40, examples=["VC_IHR_PSRC"])


@router.get(
    "/sdg/catalogue",
    response={200: list[SdgIndicatorOut], **ERRORS},
    auth=READ_AUTH,
    summary="The SSR-relevant SDG indicators and their SDMX series",
)
def get_sdg_catalogue(request: HttpRequest) -> list[dict[str, Any]]:
    """The catalogued indicators with their series from the DSD's CL_SERIES."""
    return [
        {"indicator": code, "title": str(INDICATORS[code]),
         "series": [{"code": s.code, "name": s.name} for s in entries]}
        for code, entries in series_by_indicator().items()
    ]  # fmt: skip


@router.get(
    "/countries/{iso2}/sdg",
    response={200: Page[SdgValueOut], **ERRORS},
    auth=READ_AUTH,
    summary="A country's imported SDG values",
)
def list_sdg_values(request: HttpRequest, iso2: str, filters: Query[SdgFilter]) -> dict[str, Any]:
    """The country's SDG observations as imported, by series, breakdown and period."""
    country = access_country_by_iso2(viewer_of(request), iso2)
    rows = sdg_values_visible_to(viewer_of(request), country).order_by(
        "series", "breakdown", "time_period", "pk"
    )
    if filters.series:
        rows = rows.filter(series=filters.series.upper())
    count, found = page_of(rows, filters)
    return {"count": count, "limit": filters.limit, "offset": filters.offset,
            "items": [sdg_value_out(row) for row in found]}  # fmt: skip


def sdg_value_out(row: SdgValue) -> dict[str, Any]:
    served = all_series().get(row.series)
    names = ("series", "breakdown", "time_period", "value", "key", "attributes", "file_name",
             "imported_at")  # fmt: skip
    return {**{n: getattr(row, n) for n in names},
            "indicators": list(served.indicators) if served else []}  # fmt: skip
