"""A whole period of a framework at once: save its values, submit them, review them in a batch.

The same services as the period grid page (:mod:`ssrmonitor.benchmarks.services.grid`): all or
nothing, every refused entry named as ``entries[i].field`` (or ``decisions[i]``…) in the one
error shape, 422.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.api.measurement_schemas import (
    END_DOC,
    NATURE_DOC,
    START_DOC,
    DisaggregationIn,
)
from ssrmonitor.benchmarks.permissions import access_framework_by_id
from ssrmonitor.benchmarks.services.grid import describe
from ssrmonitor.core.api_support import ERRORS, actor_of
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.progress import ValueNature
from ssrmonitor.core.schemas import InputSchema

router = Router(tags=["periods"])
MAX_ENTRIES = 2_000
PERIOD_DOC = "2026, 2026-H1, 2026-Q3 or 2026-07"


class PeriodEntryIn(InputSchema):
    """One indicator's value for the period; ``value`` null leaves the indicator as it is."""

    indicator: int = Field(..., description="The indicator's id", examples=[12])
    value: Decimal | None = Field(..., examples=["14600"])
    disaggregations: list[DisaggregationIn] = Field(
        default_factory=list, description="Replace the stored parts of the value"
    )
    coverage_start: date | None = Field(None, description=START_DOC, examples=[None])
    coverage_end: date | None = Field(None, description=END_DOC, examples=[None])
    nature: ValueNature | None = Field(
        None, description=f"{NATURE_DOC}. Null with no dates: keep the stored coverage"
    )
    narrative: str | None = Field(None, description="Null: keep the stored narrative")


class PeriodValuesIn(InputSchema):
    entries: list[PeriodEntryIn] = Field(..., max_length=MAX_ENTRIES)
    submit: bool = Field(
        False, description="Also submit every draft or returned value of the period"
    )


class PeriodValuesOut(Schema):
    created: int = Field(..., examples=[3])
    changed: int = Field(..., examples=[1])
    unchanged: int = Field(..., examples=[8])
    submitted: int = Field(..., examples=[0])


class PeriodSubmittedOut(Schema):
    submitted: list[int] = Field(..., description="Ids of the values submitted", examples=[[41]])


class PeriodDecisionIn(InputSchema):
    measurement: int = Field(..., description="The id of a submitted value", examples=[41])
    verdict: Literal["approve", "return"] = Field(..., examples=["approve"])
    comment: str = Field("", max_length=4000, description="Required to return a value")


class PeriodReviewIn(InputSchema):
    decisions: list[PeriodDecisionIn] = Field(..., min_length=1, max_length=MAX_ENTRIES)


class PeriodReviewOut(Schema):
    approved: list[int] = Field(..., examples=[[41, 42]])
    returned: list[int] = Field(..., examples=[[]])


def _coverage(entry: PeriodEntryIn) -> services.Coverage | None:
    if entry.nature is None and entry.coverage_start is None and entry.coverage_end is None:
        return None
    nature = str(entry.nature or ValueNature.STOCK)
    return services.Coverage(entry.coverage_start, entry.coverage_end, nature)


def _entry(entry: PeriodEntryIn) -> services.GridEntry:
    return services.GridEntry(
        indicator_id=entry.indicator,
        value=entry.value,
        disaggregations=tuple(
            services.DisaggregationInput(str(part.dimension), part.category, part.value)
            for part in entry.disaggregations
        ),
        coverage=_coverage(entry),
        narrative=entry.narrative,
    )


@router.post(
    "/frameworks/{int:framework_id}/periods/{period}/values",
    response={200: PeriodValuesOut, **ERRORS},
    summary="Save a period's values",
)
def save_period_values(
    request: HttpRequest, framework_id: int, period: str, payload: PeriodValuesIn
) -> dict[str, Any]:
    """Save the values of many indicators of a framework for one period as drafts, together.

    All or nothing: if one entry is refused nothing is written, and every refused entry is
    named (``entries[1].value``, ``entries[0].disaggregations.sex``) with the reason, each
    checked as a single value would be. An entry equal to the stored value changes nothing.
    With ``submit``, every draft or returned value of the period is then submitted.
    """
    user = actor_of(request)
    framework = access_framework_by_id(user, framework_id)
    outcome = services.save_period_values(
        framework,
        acting_user=user,
        period=period,
        entries=[_entry(entry) for entry in payload.entries],
        submit=payload.submit,
    )
    return describe(outcome)


@router.post(
    "/frameworks/{int:framework_id}/periods/{period}/submit",
    response={200: PeriodSubmittedOut, **ERRORS},
    summary="Submit a period's drafts",
)
def submit_period_values(request: HttpRequest, framework_id: int, period: str) -> dict[str, Any]:
    """Send every draft or returned value of a framework for one period to the reviewers."""
    user = actor_of(request)
    framework = access_framework_by_id(user, framework_id)
    submitted = services.submit_period_values(framework, acting_user=user, period=period)
    return {"submitted": submitted}


@router.post(
    "/frameworks/{int:framework_id}/periods/{period}/review",
    response={200: PeriodReviewOut, **ERRORS},
    summary="Review a period's values",
)
def review_period_values(
    request: HttpRequest, framework_id: int, period: str, payload: PeriodReviewIn
) -> dict[str, Any]:
    """Approve or return submitted values of a framework for one period, together.

    All or nothing: each decision is checked as for a single value (nobody reviews a value
    they created, changed, added evidence to or submitted; a return needs a comment); if one is
    refused, none is taken and each refused one is named (``entries[0].measurement``).
    """
    user = actor_of(request)
    framework = access_framework_by_id(user, framework_id)
    decisions = [
        services.ReviewDecision(d.measurement, d.verdict, d.comment) for d in payload.decisions
    ]
    try:
        outcome = services.review_period_values(
            framework, acting_user=user, period=period, decisions=decisions
        )
    except services.GridRefused as exc:
        raise ValidationFailed(
            FieldError(f"decisions[{p.index}].{p.field}", p.reason) for p in exc.problems
        ) from None
    return {"approved": outcome.approved, "returned": outcome.returned}
