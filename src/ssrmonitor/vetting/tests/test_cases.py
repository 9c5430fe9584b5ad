"""The due-process case workflow: roles, four eyes, deadlines, an audit log without names."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.testing.factories import member
from ssrmonitor.testing.factories_vetting import CaseFactory
from ssrmonitor.vetting.models import Case, CaseStatus, CaseStep, Outcome
from ssrmonitor.vetting.services import case_queue
from ssrmonitor.vetting.services import cases as svc

pytestmark = pytest.mark.django_db

NAME = "Wilfrid Canarybird Saint-Hilaire"
REASONS = "Same service number and unit in the 2019 report"
RESPONSE = "I was on leave in Cap-Haitien that week"


def _today() -> Any:
    return timezone.localdate()


@pytest.fixture
def rosa(db: None) -> Any:
    """A third reviewer of Haiti, who hears appeals."""
    return member("rosa", "HT", "vetting_reviewer")


@pytest.fixture
def case(db: None) -> Case:
    made: Case = CaseFactory(person__names=[NAME], record__names=[NAME])
    return made


def _to_response(case: Case, reuben: Any, vera: Any) -> Case:
    svc.confirm_identity(case, acting_user=reuben, confirmed=True, reasons=REASONS)
    svc.record_notification(case, acting_user=vera, notified_on=_today(), means="letter")
    return svc.record_response(case, acting_user=vera, response=RESPONSE, received_on=_today())


def _to_decided(case: Case, reuben: Any, rita: Any, vera: Any) -> Case:
    _to_response(case, reuben, vera)
    svc.propose_decision(case, acting_user=reuben, outcome=Outcome.EXCLUDED, reasons=REASONS)
    return svc.confirm_decision(case, acting_user=rita, reasons="Agreed")


def test_full_workflow_reaches_a_final_decision_through_four_eyes_and_appeal(
    case: Case, vera: Any, reuben: Any, rita: Any, rosa: Any
) -> None:
    _to_decided(case, reuben, rita, vera)
    assert case.status == CaseStatus.DECIDED
    assert case.outcome == Outcome.EXCLUDED
    assert case.due_on == _today() + timedelta(days=svc.APPEAL_DAYS)
    svc.lodge_appeal(case, acting_user=vera, lodged_on=_today(), grounds="New alibi evidence")
    assert case.status == CaseStatus.APPEALED
    svc.decide_appeal(case, acting_user=rosa, outcome=Outcome.CONDITIONAL, reasons="Partly")
    case.refresh_from_db()
    assert case.status == CaseStatus.FINAL
    assert case.final_outcome == Outcome.CONDITIONAL
    assert case.closed_at is not None
    kinds = list(case.steps.values_list("kind", flat=True))
    assert kinds == [
        CaseStep.Kind.IDENTITY_CONFIRMED,
        CaseStep.Kind.NOTIFIED,
        CaseStep.Kind.RESPONSE,
        CaseStep.Kind.DECISION_PROPOSED,
        CaseStep.Kind.DECISION_CONFIRMED,
        CaseStep.Kind.APPEAL_LODGED,
        CaseStep.Kind.APPEAL_DECIDED,
    ]
    actions = list(
        AuditEvent.objects.filter(object_type="vetting.case", object_id=str(case.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [f"case.{kind}" for kind in kinds]


def test_reviewer_cannot_confirm_own_proposal(case: Case, vera: Any, reuben: Any) -> None:
    _to_response(case, reuben, vera)
    svc.propose_decision(case, acting_user=reuben, outcome=Outcome.CLEARED, reasons=REASONS)
    with pytest.raises(Denied, match="second reviewer"):
        svc.confirm_decision(case, acting_user=reuben)
    case.refresh_from_db()
    assert case.status == CaseStatus.DECISION_PROPOSED


def test_appeal_is_heard_by_neither_decision_maker(
    case: Case, vera: Any, reuben: Any, rita: Any, rosa: Any
) -> None:
    _to_decided(case, reuben, rita, vera)
    svc.lodge_appeal(case, acting_user=vera, lodged_on=_today(), grounds="Grounds")
    for decided in (reuben, rita):
        with pytest.raises(Denied, match="no part"):
            svc.decide_appeal(case, acting_user=decided, outcome=Outcome.CLEARED, reasons="x")
    svc.decide_appeal(case, acting_user=rosa, outcome=Outcome.CLEARED, reasons="Cleared")
    assert case.final_outcome == Outcome.CLEARED


@pytest.mark.parametrize(
    ("step", "who"),
    [
        ("confirm_identity", "vera"),
        ("confirm_identity", "chloe"),
        ("confirm_identity", "ada"),
        ("confirm_identity", "root"),
        ("confirm_identity", "fabrice"),
    ],
)
def test_only_reviewers_of_the_country_confirm_identity(
    case: Case, vetting_personas: dict[str, Any], step: str, who: str
) -> None:
    with pytest.raises(Denied):
        svc.confirm_identity(case, acting_user=vetting_personas[who], confirmed=True, reasons="r")
    assert not case.steps.exists()


def test_reviewer_cannot_record_notification(case: Case, reuben: Any) -> None:
    svc.confirm_identity(case, acting_user=reuben, confirmed=True, reasons=REASONS)
    with pytest.raises(Denied):
        svc.record_notification(case, acting_user=reuben, notified_on=_today(), means="letter")


def test_officer_cannot_propose_a_decision(case: Case, vera: Any, reuben: Any) -> None:
    _to_response(case, reuben, vera)
    with pytest.raises(Denied):
        svc.propose_decision(case, acting_user=vera, outcome=Outcome.EXCLUDED, reasons="r")


def test_steps_out_of_order_are_refused(case: Case, vera: Any, reuben: Any, rita: Any) -> None:
    with pytest.raises(Denied, match="not possible now"):
        svc.propose_decision(case, acting_user=reuben, outcome=Outcome.EXCLUDED, reasons="r")
    with pytest.raises(Denied, match="not possible now"):
        svc.record_notification(case, acting_user=vera, notified_on=_today(), means="letter")
    with pytest.raises(Denied, match="not possible now"):
        svc.confirm_decision(case, acting_user=rita)


def test_rejected_identity_closes_the_case(case: Case, reuben: Any) -> None:
    svc.confirm_identity(case, acting_user=reuben, confirmed=False, reasons="Namesake: born 1990")
    assert case.status == CaseStatus.NOT_THE_PERSON
    assert case.closed_at is not None
    assert case.steps.get().kind == CaseStep.Kind.IDENTITY_REJECTED


def test_reasons_are_required(case: Case, reuben: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        svc.confirm_identity(case, acting_user=reuben, confirmed=True, reasons="   ")
    assert caught.value.by_field() == {"reasons": ["Give the reasons."]}


def test_notification_sets_the_response_deadline(case: Case, vera: Any, reuben: Any) -> None:
    svc.confirm_identity(case, acting_user=reuben, confirmed=True, reasons=REASONS)
    day = _today() - timedelta(days=3)
    svc.record_notification(case, acting_user=vera, notified_on=day, means="hand delivery")
    assert case.due_on == day + timedelta(days=svc.RESPONSE_DAYS)
    assert case.notification_means == "hand delivery"


def test_notification_in_the_future_is_refused(case: Case, vera: Any, reuben: Any) -> None:
    svc.confirm_identity(case, acting_user=reuben, confirmed=True, reasons=REASONS)
    with pytest.raises(ValidationFailed):
        svc.record_notification(
            case, acting_user=vera, notified_on=_today() + timedelta(days=1), means="letter"
        )


def test_no_response_only_after_the_deadline(case: Case, vera: Any, reuben: Any) -> None:
    svc.confirm_identity(case, acting_user=reuben, confirmed=True, reasons=REASONS)
    notified = _today() - timedelta(days=svc.RESPONSE_DAYS)
    svc.record_notification(case, acting_user=vera, notified_on=notified, means="letter")
    assert case.due_on == _today()
    with pytest.raises(Denied, match="may respond until"):
        svc.record_no_response(case, acting_user=vera)
    Case.objects.filter(pk=case.pk).update(due_on=_today() - timedelta(days=1))
    case.refresh_from_db()
    assert case_queue.is_overdue(case)
    svc.record_no_response(case, acting_user=vera)
    assert case.status == CaseStatus.RESPONSE_RECORDED
    assert case.due_on is None


def test_a_late_response_is_still_heard_and_marked_late(case: Case, vera: Any, reuben: Any) -> None:
    svc.confirm_identity(case, acting_user=reuben, confirmed=True, reasons=REASONS)
    notified = _today() - timedelta(days=svc.RESPONSE_DAYS + 5)
    svc.record_notification(case, acting_user=vera, notified_on=notified, means="letter")
    svc.record_response(case, acting_user=vera, response=RESPONSE, received_on=_today())
    step = case.steps.get(kind=CaseStep.Kind.RESPONSE)
    assert step.details["late"] is True
    assert step.reasons == RESPONSE


def test_send_back_lets_the_decision_be_proposed_again(
    case: Case, vera: Any, reuben: Any, rita: Any
) -> None:
    _to_response(case, reuben, vera)
    svc.propose_decision(case, acting_user=reuben, outcome=Outcome.EXCLUDED, reasons=REASONS)
    svc.send_back_decision(case, acting_user=rita, reasons="Weigh the alibi")
    assert case.status == CaseStatus.RESPONSE_RECORDED
    assert case.proposed_outcome == ""
    assert case.proposed_by is None
    svc.propose_decision(case, acting_user=rita, outcome=Outcome.CLEARED, reasons="Alibi holds")
    svc.confirm_decision(case, acting_user=reuben)
    assert case.outcome == Outcome.CLEARED


def test_unknown_outcome_is_refused(case: Case, vera: Any, reuben: Any) -> None:
    _to_response(case, reuben, vera)
    with pytest.raises(ValidationFailed) as caught:
        svc.propose_decision(case, acting_user=reuben, outcome="shot", reasons="")
    assert set(caught.value.by_field()) == {"outcome", "reasons"}


def test_appeal_after_the_deadline_is_refused(
    case: Case, vera: Any, reuben: Any, rita: Any
) -> None:
    _to_decided(case, reuben, rita, vera)
    Case.objects.filter(pk=case.pk).update(due_on=_today() - timedelta(days=1))
    case.refresh_from_db()
    with pytest.raises(ValidationFailed, match="deadline"):
        svc.lodge_appeal(case, acting_user=vera, lodged_on=_today(), grounds="late")


def test_decision_becomes_final_only_after_the_appeal_deadline(
    case: Case, vera: Any, reuben: Any, rita: Any
) -> None:
    _to_decided(case, reuben, rita, vera)
    with pytest.raises(Denied, match="may appeal until"):
        svc.make_final(case, acting_user=vera)
    Case.objects.filter(pk=case.pk).update(due_on=_today() - timedelta(days=1))
    case.refresh_from_db()
    assert "make_final" in case_queue.next_steps(vera, case)
    svc.make_final(case, acting_user=reuben)
    assert case.status == CaseStatus.FINAL
    assert case.final_outcome == Outcome.EXCLUDED


def test_next_steps_follow_role_and_status(case: Case, vera: Any, reuben: Any, rita: Any) -> None:
    assert case_queue.next_steps(reuben, case) == ["confirm_identity"]
    assert case_queue.next_steps(vera, case) == []
    _to_response(case, reuben, vera)
    svc.propose_decision(case, acting_user=reuben, outcome=Outcome.EXCLUDED, reasons=REASONS)
    assert case_queue.next_steps(reuben, case) == ["send_back_decision"]
    assert case_queue.next_steps(rita, case) == ["confirm_decision", "send_back_decision"]


def test_audit_log_holds_no_personal_data_and_steps_are_encrypted(
    case: Case, vera: Any, reuben: Any, rita: Any, rosa: Any
) -> None:
    _to_decided(case, reuben, rita, vera)
    svc.lodge_appeal(case, acting_user=vera, lodged_on=_today(), grounds="Grounds of appeal")
    svc.decide_appeal(case, acting_user=rosa, outcome=Outcome.EXCLUDED, reasons="Upheld")
    events = AuditEvent.objects.filter(object_type="vetting.case")
    dumped = json.dumps([[e.object_repr, e.before, e.after] for e in events])
    for secret in (NAME, "Canarybird", REASONS, RESPONSE, "Grounds of appeal", "Upheld"):
        assert secret not in dumped
    with connection.cursor() as cursor:
        cursor.execute("SELECT reasons, details FROM vetting_casestep")
        raw = json.dumps(cursor.fetchall())
    assert REASONS not in raw
    assert RESPONSE not in raw
    assert "letter" not in raw


def test_a_reviewer_whose_proposal_was_sent_back_took_part_and_cannot_hear_the_appeal(
    case: Case, vera: Any, reuben: Any, rita: Any, rosa: Any
) -> None:
    """Issue 13, finding 2: separation of duties counts everyone who proposed on the case."""
    _to_response(case, reuben, vera)
    svc.propose_decision(case, acting_user=rosa, outcome=Outcome.EXCLUDED, reasons=REASONS)
    svc.send_back_decision(case, acting_user=rita, reasons="Weigh the alibi")
    svc.propose_decision(case, acting_user=rita, outcome=Outcome.CLEARED, reasons="Alibi holds")
    svc.confirm_decision(case, acting_user=reuben)
    svc.lodge_appeal(case, acting_user=vera, lodged_on=_today(), grounds="Grounds")
    for took_part in (rosa, rita, reuben):
        with pytest.raises(Denied, match="no part"):
            svc.decide_appeal(case, acting_user=took_part, outcome=Outcome.CLEARED, reasons="x")
