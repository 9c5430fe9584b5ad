"""The pure readiness and alert rules, on hand-made cases with known answers."""

from __future__ import annotations

from datetime import date

import pytest

from ssrmonitor.core.progress import Rating
from ssrmonitor.transitions.readiness import (
    TaskReadiness,
    add_months,
    due_alerts,
    manual_rating,
    summarise,
)

TODAY = date(2026, 11, 28)
ON, RISK, OFF, NONE = Rating.ON_TRACK, Rating.AT_RISK, Rating.OFF_TRACK, Rating.NO_DATA


def task(task_id: int, due: date | None, *criteria: Rating, done: bool = False) -> TaskReadiness:
    return TaskReadiness(task_id, f"task {task_id}", due, done, criteria)


@pytest.mark.parametrize(("met", "rating"), [(True, ON), (False, OFF), (None, NONE)])
def test_criteria_judged_by_hand(met: bool | None, rating: Rating) -> None:
    assert manual_rating(met) is rating


@pytest.mark.parametrize(
    ("criteria", "rating"),
    [
        ((ON, ON), ON),
        ((ON, OFF), RISK),
        ((OFF, OFF, ON), OFF),
        ((NONE,), NONE),
        ((), NONE),
        ((ON, NONE), ON),
    ],
)
def test_task_readiness_rolls_up_its_criteria(criteria: tuple[Rating, ...], rating: Rating) -> None:
    assert task(1, TODAY, *criteria).rating is rating


@pytest.mark.parametrize(
    ("criteria", "rating"),
    [((ON, OFF), RISK), ((RISK,), RISK), ((OFF,), OFF), ((), NONE), ((ON,), ON)],
)
def test_a_handed_over_task_is_rated_by_its_criteria(
    criteria: tuple[Rating, ...], rating: Rating
) -> None:
    """Issue 14: handed-over tasks with criteria ✔ and ✖, or only "at risk", showed "On track"."""
    assert task(1, TODAY, *criteria, done=True).rating is rating


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 28), 6, date(2027, 5, 28)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_month(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_alerts_are_the_tasks_due_within_the_horizon_with_a_criterion_off_track() -> None:
    tasks = [
        task(1, date(2027, 1, 31), ON, OFF),  # due in 64 days, one off track → alert
        task(2, date(2027, 5, 28), OFF),  # due on the horizon's last day → alert
        task(3, date(2027, 5, 29), OFF),  # one day past the horizon → none
        task(4, date(2027, 1, 31), ON, RISK),  # at risk is not off track → none
        task(5, date(2026, 10, 1), OFF, OFF),  # overdue and off track → alert
        task(6, date(2027, 1, 31), OFF, done=True),  # handed over → none
        task(7, None, OFF),  # no date → none
    ]
    alerts = due_alerts(tasks, today=TODAY, months=6)
    assert [(a.task_id, a.days_left, a.off_track) for a in alerts] == [
        (5, -58, 2),
        (1, 64, 1),
        (2, 181, 1),
    ]
    assert alerts[0].days_overdue == 58
    assert [a.task_id for a in due_alerts(tasks, today=TODAY, months=1)] == [5]


def test_plan_summary_counts_tasks_and_ratings() -> None:
    summary = summarise([task(1, TODAY, ON), task(2, TODAY, OFF), task(3, TODAY, ON, done=True)])
    assert summary.task_count == 3
    assert summary.handed_over == 1
    assert summary.ratings == {ON: 2, RISK: 0, OFF: 1, NONE: 0}
    assert summary.rating is RISK  # mean score (2 + 0 + 2) / 3 = 1.33
