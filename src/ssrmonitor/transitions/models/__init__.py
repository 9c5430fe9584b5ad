"""Models of the transitions app: plans per mission, their tasks and readiness criteria."""

from __future__ import annotations

from ssrmonitor.transitions.models.plan import (
    FutureLeadKind,
    ReadinessCriterion,
    TaskStatus,
    TransitionPlan,
    TransitionTask,
)

__all__ = [
    "FutureLeadKind",
    "ReadinessCriterion",
    "TaskStatus",
    "TransitionPlan",
    "TransitionTask",
]
