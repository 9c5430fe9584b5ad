"""Vetting API: cases and their due-process steps, under ``/api/v1/vetting/{iso2}/cases``.

One POST per workflow step; each answers the case as it now is. A step not allowed to the
caller answers 403 with the reason (e.g. the four-eyes rule), a step not possible in the
case's status 403 as well, and refused input 422. Reading a case is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from ssrmonitor.core.actors import Actor, Viewer
from ssrmonitor.core.api_support import (
    WRITE_AUTH,
    Page,
    PageParams,
    actor_of,
    page_of,
    viewer_of,
)
from ssrmonitor.core.permissions import Action
from ssrmonitor.vetting.models import Case
from ssrmonitor.vetting.permissions import access_case_by_id, access_vetting_country, check_country
from ssrmonitor.vetting.schemas import (
    VETTING_ERRORS,
    AppealIn,
    CaseDetailOut,
    CaseFilters,
    CaseOut,
    DecisionIn,
    IdentityIn,
    NotificationIn,
    ReasonsIn,
    ResponseIn,
    case_out,
    step_out,
)
from ssrmonitor.vetting.services import case_queue
from ssrmonitor.vetting.services import cases as workflow

router = Router()
PERSONAL = Action.VIEW_VETTING_PERSONAL


class CaseListParams(PageParams, CaseFilters):
    pass


@router.get(
    "/{iso2}/cases",
    response={200: Page[CaseOut], **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="List cases",
)
def list_cases(request: HttpRequest, iso2: str, params: Query[CaseListParams]) -> dict[str, Any]:
    """The case queue: earliest deadline first, then best score (ids and status only)."""
    user = viewer_of(request)
    country = access_vetting_country(user, iso2, PERSONAL)
    queue = case_queue.case_queue(
        user, country, status=params.status, band=params.band, overdue=params.overdue
    )
    count, rows = page_of(queue, params)
    items = [case_out(case) for case in rows]
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": items}


def case_detail(user: Viewer, case: Case) -> dict[str, Any]:
    steps = case.steps.select_related("actor").order_by("at", "pk")
    return {
        **case_out(case),
        "explanation": case.explanation or [],
        "notified_on": case.notified_on,
        "notification_means": case.notification_means,
        "steps": [step_out(step) for step in steps],
        "next_steps": case_queue.next_steps(user, case),
    }


def _case(user: Viewer, iso2: str, case_id: int) -> Case:
    country = access_vetting_country(user, iso2, PERSONAL)
    case = access_case_by_id(user, case_id)
    check_country(case, country)
    return case


@router.get(
    "/{iso2}/cases/{int:case_id}",
    response={200: CaseDetailOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Get a case",
)
def get_case(request: HttpRequest, iso2: str, case_id: int) -> dict[str, Any]:
    """A case with the hit's explanation field by field and every step so far (audited)."""
    user = viewer_of(request)
    return case_detail(user, _case(user, iso2, case_id))


def _step(
    request: HttpRequest, iso2: str, case_id: int, act: Callable[[Case, Actor], Case]
) -> dict[str, Any]:
    user = actor_of(request)
    return case_detail(user, act(_case(user, iso2, case_id), user))


STEP_RESPONSE: dict[int, Any] = {200: CaseDetailOut, **VETTING_ERRORS}


@router.post(
    "/{iso2}/cases/{int:case_id}/identity",
    response=STEP_RESPONSE,
    auth=WRITE_AUTH,
    summary="Confirm or reject identity",
)
def confirm_identity(
    request: HttpRequest, iso2: str, case_id: int, payload: IdentityIn
) -> dict[str, Any]:
    """A reviewer records whether the person is the one the record describes, with reasons."""
    return _step(
        request,
        iso2,
        case_id,
        lambda case, user: workflow.confirm_identity(
            case, acting_user=user, confirmed=payload.confirmed, reasons=payload.reasons
        ),
    )


@router.post(
    "/{iso2}/cases/{int:case_id}/notification",
    response=STEP_RESPONSE,
    auth=WRITE_AUTH,
    summary="Record notification",
)
def record_notification(
    request: HttpRequest, iso2: str, case_id: int, payload: NotificationIn
) -> dict[str, Any]:
    """An officer records when and how the person was notified (opens the response window)."""
    return _step(
        request,
        iso2,
        case_id,
        lambda case, user: workflow.record_notification(
            case, acting_user=user, notified_on=payload.notified_on, means=payload.means
        ),
    )


@router.post(
    "/{iso2}/cases/{int:case_id}/response",
    response=STEP_RESPONSE,
    auth=WRITE_AUTH,
    summary="Record the response",
)
def record_response(
    request: HttpRequest, iso2: str, case_id: int, payload: ResponseIn
) -> dict[str, Any]:
    """An officer records the person's response."""
    return _step(
        request,
        iso2,
        case_id,
        lambda case, user: workflow.record_response(
            case, acting_user=user, response=payload.response, received_on=payload.received_on
        ),
    )


@router.post(
    "/{iso2}/cases/{int:case_id}/no-response",
    response=STEP_RESPONSE,
    auth=WRITE_AUTH,
    summary="Record no response",
)
def record_no_response(
    request: HttpRequest, iso2: str, case_id: int, payload: ReasonsIn
) -> dict[str, Any]:
    """An officer records that no response came by the deadline (only after it)."""
    return _step(
        request,
        iso2,
        case_id,
        lambda case, user: workflow.record_no_response(
            case, acting_user=user, reasons=payload.reasons
        ),
    )


@router.post(
    "/{iso2}/cases/{int:case_id}/proposal",
    response=STEP_RESPONSE,
    auth=WRITE_AUTH,
    summary="Propose a decision",
)
def propose_decision(
    request: HttpRequest, iso2: str, case_id: int, payload: DecisionIn
) -> dict[str, Any]:
    """A reviewer proposes cleared, excluded or conditional; another reviewer confirms."""
    return _step(
        request,
        iso2,
        case_id,
        lambda case, user: workflow.propose_decision(
            case, acting_user=user, outcome=str(payload.outcome), reasons=payload.reasons
        ),
    )


@router.post(
    "/{iso2}/cases/{int:case_id}/confirmation",
    response=STEP_RESPONSE,
    auth=WRITE_AUTH,
    summary="Confirm the decision",
)
def confirm_decision(
    request: HttpRequest, iso2: str, case_id: int, payload: ReasonsIn
) -> dict[str, Any]:
    """A second reviewer (not the proposer: four eyes) confirms; the appeal window opens."""
    return _step(
        request,
        iso2,
        case_id,
        lambda case, user: workflow.confirm_decision(
            case, acting_user=user, reasons=payload.reasons
        ),
    )


@router.post(
    "/{iso2}/cases/{int:case_id}/send-back",
    response=STEP_RESPONSE,
    auth=WRITE_AUTH,
    summary="Send the proposal back",
)
def send_back_decision(
    request: HttpRequest, iso2: str, case_id: int, payload: ReasonsIn
) -> dict[str, Any]:
    """A reviewer sends the proposed decision back, with reasons."""
    return _step(
        request,
        iso2,
        case_id,
        lambda case, user: workflow.send_back_decision(
            case, acting_user=user, reasons=payload.reasons
        ),
    )


@router.post(
    "/{iso2}/cases/{int:case_id}/appeal",
    response=STEP_RESPONSE,
    auth=WRITE_AUTH,
    summary="Lodge an appeal",
)
def lodge_appeal(
    request: HttpRequest, iso2: str, case_id: int, payload: AppealIn
) -> dict[str, Any]:
    """An officer records the person's appeal (by the appeal deadline)."""
    return _step(
        request,
        iso2,
        case_id,
        lambda case, user: workflow.lodge_appeal(
            case, acting_user=user, lodged_on=payload.lodged_on, grounds=payload.grounds
        ),
    )


@router.post(
    "/{iso2}/cases/{int:case_id}/appeal-decision",
    response=STEP_RESPONSE,
    auth=WRITE_AUTH,
    summary="Decide the appeal",
)
def decide_appeal(
    request: HttpRequest, iso2: str, case_id: int, payload: DecisionIn
) -> dict[str, Any]:
    """A reviewer who took no part in the decision decides the appeal: final."""
    return _step(
        request,
        iso2,
        case_id,
        lambda case, user: workflow.decide_appeal(
            case, acting_user=user, outcome=str(payload.outcome), reasons=payload.reasons
        ),
    )


@router.post(
    "/{iso2}/cases/{int:case_id}/final",
    response=STEP_RESPONSE,
    auth=WRITE_AUTH,
    summary="Make the decision final",
)
def make_final(request: HttpRequest, iso2: str, case_id: int) -> dict[str, Any]:
    """Record that no appeal came by the deadline: the decision becomes final."""
    return _step(
        request, iso2, case_id, lambda case, user: workflow.make_final(case, acting_user=user)
    )
