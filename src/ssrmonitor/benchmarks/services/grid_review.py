"""Reviewing a period of a framework in a batch: approve or return many values, all or none.

Each decision is taken by the single-value services themselves —
:func:`~.measurements.approve_measurement` and :func:`~.measurements.return_measurement`, with
:func:`~ssrmonitor.benchmarks.permissions.can_review_measurement` and its separation of duties
(nobody reviews a value they created, changed, added evidence to or submitted) — run inside
this one transaction (see :mod:`.grid`). If any decision is refused, none is taken.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import Framework, Measurement
from ssrmonitor.benchmarks.permissions import can_review_period
from ssrmonitor.benchmarks.services.grid import (
    GridRefused,
    RowProblem,
    parse_period,
    period_measurements,
)
from ssrmonitor.benchmarks.services.measurements import approve_measurement, return_measurement
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.permissions import Denied
from ssrmonitor.core.writes import require

__all__ = ["ReviewDecision", "ReviewOutcome", "review_period_values"]

_approve: Callable[..., Measurement] = inspect.unwrap(approve_measurement)
_return: Callable[..., Measurement] = inspect.unwrap(return_measurement)

Verdict = Literal["approve", "return"]


@dataclass(frozen=True)
class ReviewDecision:
    """Approve or return one submitted value; ``comment`` is required to return it."""

    measurement_id: int
    verdict: Verdict
    comment: str = ""


@dataclass
class ReviewOutcome:
    """The ids of the values approved and returned."""

    approved: list[int] = field(default_factory=list)
    returned: list[int] = field(default_factory=list)


def _decide(measurement: Measurement, decision: ReviewDecision, acting_user: Actor) -> None:
    if decision.verdict == "approve":
        _approve(measurement, acting_user=acting_user, comment=decision.comment)
    elif decision.verdict == "return":
        _return(measurement, acting_user=acting_user, comment=decision.comment)
    else:
        raise ValidationFailed.one("verdict", _("Approve or return the value."))


@transaction.atomic(durable=True)
def review_period_values(
    framework: Framework,
    *,
    acting_user: Actor,
    period: ReportingPeriod | str,
    decisions: Sequence[ReviewDecision],
) -> ReviewOutcome:
    """Approve or return values of a framework for one period together, all or none.

    Args:
        framework: the framework reviewed.
        acting_user: a reviewer of the framework's country.
        period: the reporting period of the values.
        decisions: one per value; each is checked by the review rules of a single value.

    Raises:
        GridRefused: naming each refused decision (``entries[i].…``); nothing is written.
        ValidationFailed: on ``period`` when it is not a reporting period, or on
            ``decisions`` when there is none.
        Denied: when ``acting_user`` is not a reviewer of the framework's country.
    """
    require(can_review_period(acting_user, framework))
    the_period = parse_period(period)
    if not decisions:
        raise ValidationFailed.one("decisions", _("Choose at least one value."))
    values = {m.pk: m for m in period_measurements(framework, the_period)}
    problems: list[RowProblem] = []
    outcome = ReviewOutcome()
    seen: set[int] = set()
    for index, decision in enumerate(decisions):
        found = values.get(decision.measurement_id)
        if found is None or decision.measurement_id in seen:
            reason = _("This value is not one of the period's values, or is given twice.")
            problems.append(RowProblem(index, 0, "measurement", reason))
            continue
        seen.add(found.pk)
        try:
            with transaction.atomic():
                _decide(found, decision, acting_user)
        except ValidationFailed as exc:
            problems.extend(
                RowProblem(index, found.indicator_id, e.field, e.reason) for e in exc.errors
            )
            continue
        except Denied as exc:
            problems.append(RowProblem(index, found.indicator_id, "measurement", exc.reason))
            continue
        (outcome.approved if decision.verdict == "approve" else outcome.returned).append(found.pk)
    if problems:
        raise GridRefused(problems)
    return outcome
