"""Read side of transitions: criteria ratings from the benchmarks, readiness, alerts.

Ratings come from :func:`ssrmonitor.benchmarks.selectors.progress_of`, for the indicators in
the ``indicators`` queryset the caller passes (pages pass what the reader may see; the alert
command passes every indicator). Everything is read in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from ssrmonitor.benchmarks.models import Indicator
from ssrmonitor.benchmarks.selectors import progress_of
from ssrmonitor.core.progress import Rating, roll_up
from ssrmonitor.transitions.models import (
    ReadinessCriterion,
    TaskStatus,
    TransitionPlan,
    TransitionTask,
)
from ssrmonitor.transitions.readiness import (
    Alert,
    PlanSummary,
    TaskReadiness,
    due_alerts,
    manual_rating,
    summarise,
)


@dataclass
class CriterionView:
    criterion: ReadinessCriterion
    rating: Rating
    linked_visible: bool


@dataclass
class TaskView:
    task: TransitionTask
    criteria: list[CriterionView]
    readiness: TaskReadiness


@dataclass
class PlanView:
    plan: TransitionPlan
    tasks: list[TaskView]
    summary: PlanSummary


def criterion_ratings(
    criteria: list[ReadinessCriterion], indicators: QuerySet[Indicator]
) -> dict[int, tuple[Rating, bool]]:
    """Rating of each criterion and whether its linked indicator/benchmark is visible."""
    indicator_ids = {c.indicator_id for c in criteria if c.indicator_id}
    benchmark_ids = {c.benchmark_id for c in criteria if c.benchmark_id and not c.indicator_id}
    rows = list(
        indicators.filter(pk__in=indicator_ids) | indicators.filter(benchmark_id__in=benchmark_ids)
    )
    progress = progress_of(rows)
    by_benchmark: dict[int, list[Rating]] = defaultdict(list)
    for row in rows:
        by_benchmark[row.benchmark_id].append(progress[row.pk].rating)
    result = {}
    for c in criteria:
        if c.indicator_id:
            found = progress.get(c.indicator_id)
            result[c.pk] = (found.rating if found else Rating.NO_DATA, found is not None)
        elif c.benchmark_id:
            ratings = by_benchmark.get(c.benchmark_id)
            result[c.pk] = (roll_up(ratings or []), ratings is not None)
        else:
            result[c.pk] = (manual_rating(c.is_met), False)
    return result


def _task_views(tasks: list[TransitionTask], indicators: QuerySet[Indicator]) -> list[TaskView]:
    criteria = list(
        ReadinessCriterion.objects.filter(task__in=tasks).select_related("indicator", "benchmark")
    )
    ratings = criterion_ratings(criteria, indicators)
    grouped: dict[int, list[CriterionView]] = defaultdict(list)
    for c in criteria:
        rating, visible = ratings[c.pk]
        grouped[c.task_id].append(CriterionView(c, rating, visible))
    views = []
    for task in tasks:
        rows = grouped[task.pk]
        readiness = TaskReadiness(
            task_id=task.pk,
            title=task.title,
            handover_date=task.handover_date,
            handed_over=task.status == TaskStatus.HANDED_OVER,
            criteria=tuple(row.rating for row in rows),
        )
        views.append(TaskView(task, rows, readiness))
    return views


def plan_view(plan: TransitionPlan, indicators: QuerySet[Indicator]) -> PlanView:
    """A plan with its tasks, criteria ratings and readiness summary."""
    tasks = list(plan.tasks.select_related("future_lead_organisation"))
    views = _task_views(tasks, indicators)
    return PlanView(plan, views, summarise([view.readiness for view in views]))


def alerts_for(
    plans: Iterable[TransitionPlan], indicators: QuerySet[Indicator], *, today: date, months: int
) -> list[tuple[TransitionPlan, Alert]]:
    """Alerts of every plan, with the plan they belong to."""
    plan_list = list(plans)
    tasks = list(TransitionTask.objects.filter(plan__in=plan_list).select_related("plan"))
    views = _task_views(tasks, indicators)
    by_task = {view.task.pk: view.task.plan for view in views}
    alerts = due_alerts([view.readiness for view in views], today=today, months=months)
    return [(by_task[alert.task_id], alert) for alert in alerts]
