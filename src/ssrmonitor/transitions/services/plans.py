"""Creating and changing transition plans, their tasks and readiness criteria."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Mission
from ssrmonitor.core.writes import (
    apply_changes,
    checked,
    dates_in_order,
    delete_recorded,
    in_country,
    require,
    save_changes,
    save_created,
)
from ssrmonitor.transitions.models import (
    ReadinessCriterion,
    TaskStatus,
    TransitionPlan,
    TransitionTask,
)
from ssrmonitor.transitions.permissions import can_create_plan, can_edit_plan

PLAN_FIELDS = {
    "title",
    "successor",
    "start_date",
    "end_date",
    "summary",
    "source",
    "is_published",
    "is_illustrative",
    "external_id",
}
TASK_FIELDS = {
    "title",
    "mandate_reference",
    "component",
    "current_lead",
    "future_lead_kind",
    "future_lead",
    "future_lead_organisation",
    "handover_date",
    "handed_over_on",
    "status",
    "capacity_transfer",
    "funding_needed",
    "funding_identified",
    "funding_sources",
    "risks",
    "source",
    "is_illustrative",
    "position",
    "external_id",
}
CRITERION_FIELDS = {"text", "indicator", "benchmark", "is_met", "position"}


def _check_plan(plan: TransitionPlan) -> TransitionPlan:
    end = _("The end is before the start.")
    return checked(plan, dates_in_order(plan.start_date, plan.end_date, "end_date", end))


@transaction.atomic(durable=True)
def create_plan(*, acting_user: Actor, mission: Mission, **fields: Any) -> TransitionPlan:
    """Start the transition plan of a mission (in the mission's country).

    Args:
        acting_user: an editor or administrator of the country, or the system.
        mission: the mission that hands its tasks over; it must have a country.
        **fields: any of :data:`PLAN_FIELDS`.
    """
    if mission.country_id is None:
        raise ValidationFailed.one("mission", _("The mission has no host country."))
    require(can_create_plan(acting_user, mission.country_id))
    apply_changes(
        plan := TransitionPlan(mission=mission, country_id=mission.country_id), fields, PLAN_FIELDS
    )
    _check_plan(plan)
    return save_created(plan, acting_user=acting_user, country_iso2=plan.country.iso2)


@transaction.atomic(durable=True)
def update_plan(plan: TransitionPlan, *, acting_user: Actor, **changes: Any) -> TransitionPlan:
    """Change a plan's fields (publication included)."""
    require(can_edit_plan(acting_user, plan))
    return save_changes(
        plan,
        changes,
        allowed=PLAN_FIELDS,
        check=_check_plan,
        acting_user=acting_user,
        country_iso2=plan.country.iso2,
    )


def _check_task(task: TransitionTask) -> TransitionTask:
    errors = []
    if not task.future_lead and task.future_lead_organisation_id is None:
        errors.append(
            FieldError("future_lead", _("Name the future lead or choose an organisation."))
        )
    for name in ("funding_needed", "funding_identified"):
        value = getattr(task, name)
        if value is not None and value < Decimal(0):
            errors.append(FieldError(name, _("An amount cannot be negative.")))
    if task.status == TaskStatus.HANDED_OVER and task.handed_over_on is None:
        errors.append(FieldError("handed_over_on", _("Give the date the task was handed over.")))
    if task.status != TaskStatus.HANDED_OVER and task.handed_over_on is not None:
        errors.append(FieldError("status", _("A task with a handover date done is handed over.")))
    return checked(task, errors)


@transaction.atomic(durable=True)
def create_task(plan: TransitionPlan, *, acting_user: Actor, **fields: Any) -> TransitionTask:
    """Add an SSR task to a plan.

    Args:
        plan: the plan.
        acting_user: an editor or administrator of the plan's country.
        **fields: any of :data:`TASK_FIELDS`.
    """
    require(can_edit_plan(acting_user, plan))
    apply_changes(task := TransitionTask(plan=plan), fields, TASK_FIELDS)
    _check_task(task)
    return save_created(task, acting_user=acting_user, country_iso2=plan.country.iso2)


@transaction.atomic(durable=True)
def update_task(task: TransitionTask, *, acting_user: Actor, **changes: Any) -> TransitionTask:
    """Change a task: lead, dates, status, funding, risks."""
    require(can_edit_plan(acting_user, task.plan))
    return save_changes(
        task,
        changes,
        allowed=TASK_FIELDS,
        check=_check_task,
        acting_user=acting_user,
        country_iso2=task.plan.country.iso2,
    )


def _check_criterion(criterion: ReadinessCriterion) -> ReadinessCriterion:
    country_id = criterion.task.plan.country_id
    errors = []
    if (indicator := criterion.indicator) is not None:
        owner = indicator.benchmark.framework.country_id
        errors += in_country(
            owner, country_id, "indicator", _("The indicator is of another country.")
        )
    if (benchmark := criterion.benchmark) is not None:
        owner = benchmark.framework.country_id
        errors += in_country(
            owner, country_id, "benchmark", _("The benchmark is of another country.")
        )
    return checked(criterion, errors)


@transaction.atomic(durable=True)
def add_criterion(task: TransitionTask, *, acting_user: Actor, **fields: Any) -> ReadinessCriterion:
    """Add a readiness criterion to a task, optionally linked to an indicator or benchmark."""
    require(can_edit_plan(acting_user, task.plan))
    apply_changes(criterion := ReadinessCriterion(task=task), fields, CRITERION_FIELDS)
    _check_criterion(criterion)
    return save_created(criterion, acting_user=acting_user, country_iso2=task.plan.country.iso2)


@transaction.atomic(durable=True)
def update_criterion(
    criterion: ReadinessCriterion, *, acting_user: Actor, **changes: Any
) -> ReadinessCriterion:
    """Change a criterion (its text, link, or the hand judgement ``is_met``)."""
    plan = criterion.task.plan
    require(can_edit_plan(acting_user, plan))
    return save_changes(
        criterion,
        changes,
        allowed=CRITERION_FIELDS,
        check=_check_criterion,
        acting_user=acting_user,
        country_iso2=plan.country.iso2,
    )


@transaction.atomic(durable=True)
def delete_criterion(criterion: ReadinessCriterion, *, acting_user: Actor) -> None:
    """Remove a criterion (the audit row keeps its last state)."""
    plan = criterion.task.plan
    require(can_edit_plan(acting_user, plan))
    delete_recorded(criterion, acting_user=acting_user, country_iso2=plan.country.iso2)
