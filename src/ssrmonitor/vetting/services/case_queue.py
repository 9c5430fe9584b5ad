"""What a user sees of the case workflow: the queue, passed deadlines and the next steps.

Reads only; the steps themselves are the services of :mod:`.cases`.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.vetting.models import Case, CaseStatus
from ssrmonitor.vetting.permissions import (
    can_confirm_decision,
    can_decide,
    can_decide_appeal,
    can_edit,
    cases_visible_to,
)


def is_overdue(case: Case, today: date | None = None) -> bool:
    """True when the case's running deadline has passed (a step is waiting)."""
    return case.due_on is not None and case.due_on < (today or timezone.localdate())


def case_queue(
    user: Viewer,
    country: Country,
    *,
    status: str | None = None,
    band: str | None = None,
    overdue: bool | None = None,
) -> QuerySet[Case]:
    """The cases ``user`` may see in ``country``: earliest deadline first, then best score.

    ``overdue=True`` keeps the cases whose deadline has passed, ``False`` the others.
    """
    rows = cases_visible_to(user).filter(country=country).select_related("country")
    if status:
        rows = rows.filter(status=status)
    if band:
        rows = rows.filter(band=band)
    if overdue is not None:
        late = Q(due_on__lt=timezone.localdate())
        rows = rows.filter(late) if overdue else rows.exclude(late)
    return rows.order_by(F("due_on").asc(nulls_last=True), "-score", "pk")


def next_steps(user: Viewer, case: Case) -> list[str]:
    """The workflow steps ``user`` may take on ``case`` now (names of the services)."""
    officer = can_edit(user, case.country_id)[0]
    reviewer = can_decide(user, case.country_id)[0]
    status = case.status
    steps: list[str] = []
    if status == CaseStatus.OPEN and reviewer:
        steps.append("confirm_identity")
    if status == CaseStatus.IDENTITY_CONFIRMED and officer:
        steps.append("record_notification")
    if status == CaseStatus.NOTIFIED and officer:
        steps.append("record_response")
        if is_overdue(case):
            steps.append("record_no_response")
    if status == CaseStatus.RESPONSE_RECORDED and reviewer:
        steps.append("propose_decision")
    if status == CaseStatus.DECISION_PROPOSED and reviewer:
        if can_confirm_decision(user, case)[0]:
            steps.append("confirm_decision")
        steps.append("send_back_decision")
    if status == CaseStatus.DECIDED:
        if officer:
            steps.append("lodge_appeal")
        if is_overdue(case) and (officer or reviewer):
            steps.append("make_final")
    if status == CaseStatus.APPEALED and can_decide_appeal(user, case)[0]:
        steps.append("decide_appeal")
    return steps
