"""JSON API routes of the transitions app (mounted under /api/v1/transitions/).

Read-only: plans with their tasks, readiness criteria ratings and summary, and alerts. The
public sees published plans; members with ``transitions.view_internal`` see their countries'
plans too. Ratings use only the indicators the caller may see.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from ssrmonitor.benchmarks.permissions import indicators_visible_to
from ssrmonitor.core.api_support import ERRORS, READ_AUTH, Page, PageParams, page_of, viewer_of
from ssrmonitor.core.progress import Rating
from ssrmonitor.transitions.models import FutureLeadKind, TaskStatus
from ssrmonitor.transitions.permissions import access_plan_by_id, plans_visible_to
from ssrmonitor.transitions.selectors import TaskView, alerts_for, plan_view

router = Router(tags=["transitions"])


class PlanOut(Schema):
    id: int = Field(..., examples=[1])
    country: str = Field(..., examples=["HT"])
    mission: str = Field(..., examples=["MINUJUSTH"])
    title: str = Field(..., examples=["MINUJUSTH exit strategy and handover to BINUH"])
    successor: str = Field("", examples=["BINUH"])
    start_date: date | None = Field(None, examples=["2018-06-01"])
    end_date: date | None = Field(None, examples=["2019-10-15"])
    is_published: bool
    is_illustrative: bool


class CriterionOut(Schema):
    id: int
    text: str = Field(..., examples=["13 of 13 public-order units operate without UN support"])
    indicator_id: int | None = Field(None, description="Only when you may see the indicator")
    benchmark_id: int | None = Field(None, description="Only when you may see the benchmark")
    is_met: bool | None = Field(None, description="Judged by hand (no link)")
    rating: Rating = Field(..., examples=["on_track"])


class TaskOut(Schema):
    id: int
    title: str
    mandate_reference: str
    component: str
    current_lead: str
    future_lead_kind: FutureLeadKind
    future_lead: str = Field(..., description="Free text, or the organisation's name")
    handover_date: date | None
    handed_over_on: date | None
    status: TaskStatus
    funding_needed: Decimal | None
    funding_identified: Decimal | None
    capacity_transfer: str
    risks: str
    source: str
    is_illustrative: bool
    readiness: Rating
    criteria: list[CriterionOut]


class SummaryOut(Schema):
    task_count: int
    handed_over: int
    rating: Rating
    counts: dict[str, int]


class PlanDetailOut(PlanOut):
    summary: SummaryOut
    tasks: list[TaskOut]


class HandoverAlertOut(Schema):
    plan_id: int
    country: str
    mission: str
    task_id: int
    title: str
    handover_date: date
    days_left: int = Field(..., description="Negative when overdue", examples=[45])
    off_track: int = Field(..., description="Criteria off track", examples=[2])


class AlertFilters(Schema):
    months: int = Field(6, ge=1, le=60, description="How many months ahead", examples=[6])
    country: str | None = Field(None, min_length=2, max_length=2, examples=["HT"])


def _plan_out(plan: Any) -> dict[str, Any]:
    names = (
        "id",
        "title",
        "successor",
        "start_date",
        "end_date",
        "is_published",
        "is_illustrative",
    )
    return {
        **{n: getattr(plan, n) for n in names},
        "country": plan.country.iso2,
        "mission": plan.mission.acronym,
    }


def _task_out(view: TaskView) -> dict[str, Any]:
    task = view.task
    names = (
        "id", "title", "mandate_reference", "component", "current_lead", "future_lead_kind",
        "handover_date", "handed_over_on", "status", "funding_needed", "funding_identified",
        "capacity_transfer", "risks", "source", "is_illustrative",
    )  # fmt: skip
    criteria = [
        {
            "id": row.criterion.pk,
            "text": row.criterion.text,
            "indicator_id": row.criterion.indicator_id if row.linked_visible else None,
            "benchmark_id": row.criterion.benchmark_id if row.linked_visible else None,
            "is_met": row.criterion.is_met,
            "rating": row.rating,
        }
        for row in view.criteria
    ]
    return {
        **{n: getattr(task, n) for n in names},
        "future_lead": task.future_lead_name,
        "readiness": view.readiness.rating,
        "criteria": criteria,
    }


@router.get("/plans", response={200: Page[PlanOut], **ERRORS}, auth=READ_AUTH, summary="List plans")
def list_plans(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    """Transition plans you may see."""
    queryset = plans_visible_to(viewer_of(request)).order_by("pk")
    count, rows = page_of(queryset, params)
    items = [_plan_out(row) for row in rows]
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": items}


@router.get(
    "/plans/{int:plan_id}",
    response={200: PlanDetailOut, **ERRORS},
    auth=READ_AUTH,
    summary="Get a plan",
)
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """A plan with its tasks, criteria ratings and readiness summary."""
    user = viewer_of(request)
    view = plan_view(access_plan_by_id(user, plan_id), indicators_visible_to(user))
    summary = view.summary
    return {
        **_plan_out(view.plan),
        "summary": {
            "task_count": summary.task_count,
            "handed_over": summary.handed_over,
            "rating": summary.rating,
            "counts": {str(k): v for k, v in summary.ratings.items()},
        },
        "tasks": [_task_out(task) for task in view.tasks],
    }


@router.get(
    "/alerts", response={200: list[HandoverAlertOut], **ERRORS}, auth=READ_AUTH, summary="Alerts"
)
def list_alerts(request: HttpRequest, filters: Query[AlertFilters]) -> list[dict[str, Any]]:
    """Tasks due within ``months`` whose criteria are off track, in the plans you may see."""
    user = viewer_of(request)
    plans = plans_visible_to(user)
    if filters.country:
        plans = plans.filter(country__iso2=filters.country.upper())
    today = timezone.localdate()
    alerts = alerts_for(plans, indicators_visible_to(user), today=today, months=filters.months)
    return [
        {
            "plan_id": plan.pk,
            "country": plan.country.iso2,
            "mission": plan.mission.acronym,
            **{
                n: getattr(alert, n)
                for n in ("task_id", "title", "handover_date", "days_left", "off_track")
            },
        }
        for plan, alert in alerts
    ]
