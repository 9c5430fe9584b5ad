"""Every write of the transitions app (atomic, audited)."""

from __future__ import annotations

from ssrmonitor.transitions.services.plans import (
    add_criterion,
    create_plan,
    create_task,
    delete_criterion,
    update_criterion,
    update_plan,
    update_task,
)

__all__ = [
    "add_criterion",
    "create_plan",
    "create_task",
    "delete_criterion",
    "update_criterion",
    "update_plan",
    "update_task",
]
