"""Pure rules of transition readiness and alerts (no database access).

Each readiness criterion gets a :class:`~ssrmonitor.core.progress.Rating`:

* linked to an indicator → the indicator's computed rating (approved values only);
* linked to a benchmark → the roll-up of its indicators' ratings;
* judged by hand → met is *on track*, not met is *off track*, not yet judged is *no data*.

A task's readiness is the roll-up of its criteria (same rule as benchmarks), so a task is
judged the way the Council judges benchmark progress, whatever its status: a task handed over
while a criterion was off track stays *at risk* or *off track* (its status says it was handed
over), and a task without a judged criterion has *no data*. An earlier rule rated every
handed-over task *on track*, which contradicted the criteria shown beside it (issue 14).

An alert is raised for a task not yet handed over whose handover date falls within the next
``months`` months (or has passed) and at least one of whose criteria is *off track*: that is
the case where the handover is near and a condition for it is not being met, which the
mission must escalate early (resolution 2553 (2020), OP 14).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ssrmonitor.core.progress import Rating, count_ratings, roll_up


def manual_rating(is_met: bool | None) -> Rating:
    """The rating of a criterion judged by hand."""
    if is_met is None:
        return Rating.NO_DATA
    return Rating.ON_TRACK if is_met else Rating.OFF_TRACK


@dataclass(frozen=True)
class TaskReadiness:
    """What the rules need to know of a task."""

    task_id: int
    title: str
    handover_date: date | None
    handed_over: bool
    criteria: Sequence[Rating] = field(default_factory=tuple)

    @property
    def rating(self) -> Rating:
        """The task's readiness: the roll-up of its criteria, handed over or not."""
        return roll_up(self.criteria)

    @property
    def off_track_count(self) -> int:
        return sum(rating is Rating.OFF_TRACK for rating in self.criteria)


@dataclass(frozen=True)
class Alert:
    """A task due soon with criteria off track."""

    task_id: int
    title: str
    handover_date: date
    days_left: int
    off_track: int

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def due_alerts(tasks: Iterable[TaskReadiness], *, today: date, months: int) -> list[Alert]:
    """Tasks not handed over, due by ``today + months``, with at least one criterion off track.

    Overdue tasks (handover date passed) are included, with negative ``days_left``. Sorted by
    handover date.
    """
    horizon = add_months(today, months)
    alerts = [
        Alert(
            t.task_id, t.title, t.handover_date, (t.handover_date - today).days, t.off_track_count
        )
        for t in tasks
        if not t.handed_over
        and t.handover_date is not None
        and t.handover_date <= horizon
        and t.off_track_count > 0
    ]
    return sorted(alerts, key=lambda alert: (alert.handover_date, alert.task_id))


@dataclass(frozen=True)
class PlanSummary:
    """Readiness of a whole plan: tasks by status and by readiness rating."""

    task_count: int
    handed_over: int
    ratings: dict[Rating, int]
    rating: Rating


def summarise(tasks: Sequence[TaskReadiness]) -> PlanSummary:
    """Count the tasks handed over and the readiness ratings of all tasks."""
    ratings = [task.rating for task in tasks]
    return PlanSummary(
        task_count=len(tasks),
        handed_over=sum(task.handed_over for task in tasks),
        ratings=count_ratings(ratings),
        rating=roll_up(ratings),
    )
