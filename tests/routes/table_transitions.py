"""Transitions: plans (published, internal, of the CAR), tasks, readiness criteria, alerts."""

from __future__ import annotations

from typing import Any

from tests.routes.kit import EDITORS, EVERYONE, HIDDEN, INTERNAL, SIGNED_IN, SUPER, api, page

CF = frozenset({"outsider"}) | SUPER
READERS = {"plan_published": EVERYONE, "plan_internal": INTERNAL, "plan_cf": CF}
PLAN = {"title": "Transition plan", "start_date": "2025-01-01", "end_date": "2027-12-31"}
TASK = {
    "title": "Hand over community policing",
    "current_lead": "UNPOL",
    "future_lead_kind": "national",
    "future_lead": "National police",
    "handover_date": "2027-03-31",
    "status": "in_progress",
    "component": "police",
    "position": 1,
}
CRITERION = {"text": "Police stations staffed", "position": 1}


def _edit(route: str, target: str, post: dict[str, Any], seen: Any = SIGNED_IN) -> list[Any]:
    at = f"@{target}" if not target.isupper() else target
    return [
        page(f"transitions:{route}", at, ok=EDITORS, seen=seen, state=target),
        page(f"transitions:{route}", at, post=post, ok=EDITORS, seen=seen, state=target),
    ]


CASES = [
    page("transitions:plans", ok=EVERYONE),
    *[
        page("transitions:plan", f"@{n}", ok=ok, public=HIDDEN, state=n)
        for n, ok in READERS.items()
    ],
    *[
        page("transitions:plan_csv", f"@{n}", ok=ok, public=HIDDEN, state=n)
        for n, ok in READERS.items()
    ],
    *_edit("plan_create", "BINUH", PLAN),
    *_edit("plan_edit", "plan_published", PLAN),
    page("transitions:plan_edit", "@plan_internal", ok=EDITORS, seen=INTERNAL, state="internal"),
    *_edit("task_create", "plan_published", TASK),
    *_edit("task_edit", "task", TASK),
    page("transitions:task_edit", "@task_internal", ok=EDITORS, seen=INTERNAL, state="internal"),
    *_edit("criterion_create", "task", CRITERION),
    *_edit("criterion_edit", "criterion", CRITERION),
    api("GET /transitions/plans", ok=EVERYONE),
    *[
        api("GET /transitions/plans/{plan_id}", f"@{n}", ok=ok, state=n)
        for n, ok in READERS.items()
    ],
    api("GET /transitions/alerts", ok=EVERYONE),
]
