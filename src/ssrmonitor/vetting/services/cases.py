"""The due-process workflow of a vetting case. Nothing here is ever decided automatically.

A case opened from a hit moves only when a person acts::

    open ──confirm_identity(no)──▶ not_the_person (closed)
      └──confirm_identity(yes)──▶ identity_confirmed            [reviewer]
    identity_confirmed ──record_notification──▶ notified         [officer]; due = +RESPONSE_DAYS
    notified ──record_response / record_no_response (after the due date)──▶ response_recorded
    response_recorded ──propose_decision──▶ decision_proposed    [reviewer]
    decision_proposed ──confirm_decision──▶ decided              [ANOTHER reviewer: four eyes]
                      ──send_back_decision──▶ response_recorded  [any reviewer]
    decided ──lodge_appeal (by the due date)──▶ appealed          [officer]; due = +APPEAL_DAYS
            ──make_final (after the due date)──▶ final            [officer or reviewer]
    appealed ──decide_appeal──▶ final                            [a THIRD reviewer]

Deadlines: the person has :data:`RESPONSE_DAYS` from the notification to respond, and
:data:`APPEAL_DAYS` from the decision to appeal; ``Case.due_on`` holds the running deadline.
A response that arrives late is still recorded (and marked late) as long as no decision was
proposed: due process prefers hearing the person to closing the file.

**Appeals are decided by a reviewer who took no part in the decision** (neither the one who
proposed it nor the one who confirmed it): an appeal to the same people is no appeal. A country
therefore needs three reviewers to hear appeals; with fewer, the service refuses with a reason
saying so, rather than letting a decision-maker review themselves.

Each step appends one :class:`CaseStep` (its reasons and details encrypted) *and* one audit
event holding only the status, step, outcome and dates of the process — never the reasons,
the response, nor anything about the person.

The four-eyes rules are :func:`~ssrmonitor.vetting.permissions.can_confirm_decision` and
:func:`~ssrmonitor.vetting.permissions.can_decide_appeal`; the queue and the steps a user may
take now are in :mod:`.case_queue`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, person
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.permissions import Denied
from ssrmonitor.core.writes import require
from ssrmonitor.vetting.models import Case, CaseStatus, CaseStep, Outcome
from ssrmonitor.vetting.permissions import (
    can_confirm_decision,
    can_decide,
    can_decide_appeal,
    can_edit,
    can_make_final,
)

RESPONSE_DAYS = 30
"""Days the person has, from the notification, to respond to the information against them."""

APPEAL_DAYS = 30
"""Days the person has, from the confirmed decision, to appeal."""

Kind = CaseStep.Kind


def _officer(user: Actor, case: Case) -> None:
    require(can_edit(user, case.country_id))


def _reviewer(user: Actor, case: Case) -> None:
    require(can_decide(user, case.country_id))


def _in(case: Case, *statuses: str) -> None:
    if case.status not in statuses:
        raise Denied(
            _("This step is not possible now: the case is “%(status)s”.")
            % {"status": case.get_status_display()}
        )


def _reasons(reasons: str, field: str = "reasons") -> str:
    text = (reasons or "").strip()
    if not text:
        raise ValidationFailed.one(field, _("Give the reasons."))
    return text


def _today() -> date:
    return timezone.localdate()


def _not_future(value: date, field: str) -> None:
    if value > _today():
        raise ValidationFailed.one(field, _("This date is in the future."))


def _step(
    case: Case,
    user: Actor,
    kind: str,
    status: str,
    changed: list[str],
    *,
    reasons: str = "",
    details: dict[str, Any] | None = None,
    audited: dict[str, Any] | None = None,
) -> Case:
    """Move to ``status``, save the ``changed`` fields, append the step and audit it.

    The audit event holds the statuses, the step and the non-personal ``audited`` values.
    """
    before = case.status
    case.status = status
    case.save(update_fields=["status", *changed])
    CaseStep.objects.create(  # type: ignore[misc]
        case=case, kind=kind, actor=person(user), reasons=reasons, details=details or {}
    )
    after = {"status": case.status, "step": kind, **(audited or {})}
    audit.record(
        actor=user,
        action=f"case.{kind}",
        obj=case,
        country_iso2=case.country.iso2,
        before={"status": before},
        after=after,
    )
    return case


@transaction.atomic(durable=True)
def confirm_identity(case: Case, *, acting_user: Actor, confirmed: bool, reasons: str) -> Case:
    """A reviewer records whether the person is the one the record describes, with reasons.

    Args:
        case: an open case.
        acting_user: a vetting reviewer of the country.
        confirmed: ``True``: same person, the process goes on; ``False``: a namesake, closed.
        reasons: why (encrypted; never in the audit log).
    """
    _reviewer(acting_user, case)
    _in(case, CaseStatus.OPEN)
    text = _reasons(reasons)
    if confirmed:
        status, kind, changed = CaseStatus.IDENTITY_CONFIRMED, Kind.IDENTITY_CONFIRMED, []
    else:
        status, kind, changed = CaseStatus.NOT_THE_PERSON, Kind.IDENTITY_REJECTED, ["closed_at"]
        case.closed_at = timezone.now()
    return _step(case, acting_user, kind, status, changed, reasons=text)


@transaction.atomic(durable=True)
def record_notification(case: Case, *, acting_user: Actor, notified_on: date, means: str) -> Case:
    """An officer records when and how the person was told of the information against them.

    The response deadline becomes ``notified_on`` + :data:`RESPONSE_DAYS`.
    """
    _officer(acting_user, case)
    _in(case, CaseStatus.IDENTITY_CONFIRMED)
    _not_future(notified_on, "notified_on")
    means = (means or "").strip()
    if not means:
        raise ValidationFailed.one("means", _("Say how the person was notified."))
    status = CaseStatus.NOTIFIED
    case.notified_on = notified_on
    case.notification_means = means[:100]
    case.due_on = notified_on + timedelta(days=RESPONSE_DAYS)
    changed = ["notified_on", "notification_means", "due_on"]
    audited = {"notified_on": notified_on, "due_on": case.due_on}
    details = {"notified_on": notified_on.isoformat(), "means": case.notification_means}
    return _step(
        case, acting_user, Kind.NOTIFIED, status, changed, details=details, audited=audited
    )


@transaction.atomic(durable=True)
def record_response(case: Case, *, acting_user: Actor, response: str, received_on: date) -> Case:
    """An officer records the person's response (encrypted in the step)."""
    _officer(acting_user, case)
    _in(case, CaseStatus.NOTIFIED)
    text = _reasons(response, "response")
    _not_future(received_on, "received_on")
    if case.notified_on and received_on < case.notified_on:
        raise ValidationFailed.one("received_on", _("The response is dated before the notice."))
    late = bool(case.due_on and received_on > case.due_on)
    status = CaseStatus.RESPONSE_RECORDED
    changed = ["due_on"]
    case.due_on = None
    details = {"received_on": received_on.isoformat(), "late": late}
    audited = {"received_on": received_on, "late": late}
    return _step(
        case,
        acting_user,
        Kind.RESPONSE,
        status,
        changed,
        reasons=text,
        details=details,
        audited=audited,
    )


@transaction.atomic(durable=True)
def record_no_response(case: Case, *, acting_user: Actor, reasons: str = "") -> Case:
    """An officer records that no response came by the deadline (only once it has passed)."""
    _officer(acting_user, case)
    _in(case, CaseStatus.NOTIFIED)
    if case.due_on is None or _today() <= case.due_on:
        raise Denied(_("The person may respond until %(date)s.") % {"date": case.due_on or "-"})
    status = CaseStatus.RESPONSE_RECORDED
    changed = ["due_on"]
    audited = {"due_on": case.due_on}
    case.due_on = None
    return _step(
        case,
        acting_user,
        Kind.NO_RESPONSE,
        status,
        changed,
        reasons=(reasons or "").strip(),
        audited=audited,
    )


def _outcome(value: str, field: str = "outcome") -> str:
    if value not in Outcome.values:
        raise ValidationFailed.one(field, _("Choose cleared, excluded or conditional."))
    return value


@transaction.atomic(durable=True)
def propose_decision(case: Case, *, acting_user: Actor, outcome: str, reasons: str) -> Case:
    """A reviewer proposes the decision; a second reviewer must confirm it (four eyes)."""
    _reviewer(acting_user, case)
    _in(case, CaseStatus.RESPONSE_RECORDED)
    errors: list[FieldError] = []
    try:
        _outcome(outcome)
    except ValidationFailed as exc:
        errors += exc.errors
    if not (reasons or "").strip():
        errors.append(FieldError("reasons", _("Give the reasons.")))
    if errors:
        raise ValidationFailed(errors)
    status = CaseStatus.DECISION_PROPOSED
    changed = ["proposed_outcome", "proposed_by"]
    case.proposed_outcome = outcome
    case.proposed_by = person(acting_user)
    return _step(
        case,
        acting_user,
        Kind.DECISION_PROPOSED,
        status,
        changed,
        reasons=reasons.strip(),
        details={"outcome": outcome},
        audited={"proposed_outcome": outcome},
    )


@transaction.atomic(durable=True)
def confirm_decision(case: Case, *, acting_user: Actor, reasons: str = "") -> Case:
    """A second reviewer confirms the proposed decision; the appeal window opens."""
    require(can_confirm_decision(acting_user, case))
    _in(case, CaseStatus.DECISION_PROPOSED)
    status = CaseStatus.DECIDED
    changed = ["outcome", "due_on"]
    case.outcome = case.proposed_outcome
    case.due_on = _today() + timedelta(days=APPEAL_DAYS)
    audited = {"outcome": case.outcome, "due_on": case.due_on}
    return _step(
        case,
        acting_user,
        Kind.DECISION_CONFIRMED,
        status,
        changed,
        reasons=(reasons or "").strip(),
        details={"outcome": case.outcome},
        audited=audited,
    )


@transaction.atomic(durable=True)
def send_back_decision(case: Case, *, acting_user: Actor, reasons: str) -> Case:
    """A reviewer sends a proposed decision back (it is proposed afresh), with reasons."""
    _reviewer(acting_user, case)
    _in(case, CaseStatus.DECISION_PROPOSED)
    text = _reasons(reasons)
    outcome = case.proposed_outcome
    status = CaseStatus.RESPONSE_RECORDED
    changed = ["proposed_outcome", "proposed_by"]
    case.proposed_outcome = ""
    case.proposed_by = None
    return _step(
        case,
        acting_user,
        Kind.DECISION_SENT_BACK,
        status,
        changed,
        reasons=text,
        details={"outcome": outcome},
        audited={"sent_back_outcome": outcome},
    )


@transaction.atomic(durable=True)
def lodge_appeal(case: Case, *, acting_user: Actor, lodged_on: date, grounds: str) -> Case:
    """An officer records the person's appeal, lodged by the appeal deadline."""
    _officer(acting_user, case)
    _in(case, CaseStatus.DECIDED)
    text = _reasons(grounds, "grounds")
    _not_future(lodged_on, "lodged_on")
    if case.due_on is not None and lodged_on > case.due_on:
        raise ValidationFailed.one(
            "lodged_on", _("The appeal deadline was %(date)s.") % {"date": case.due_on}
        )
    status = CaseStatus.APPEALED
    changed = ["due_on"]
    case.due_on = None
    return _step(
        case,
        acting_user,
        Kind.APPEAL_LODGED,
        status,
        changed,
        reasons=text,
        details={"lodged_on": lodged_on.isoformat()},
        audited={"lodged_on": lodged_on},
    )


@transaction.atomic(durable=True)
def decide_appeal(case: Case, *, acting_user: Actor, outcome: str, reasons: str) -> Case:
    """A third reviewer decides the appeal: the decision becomes final (upheld or changed)."""
    require(can_decide_appeal(acting_user, case))
    _in(case, CaseStatus.APPEALED)
    _outcome(outcome)
    text = _reasons(reasons)
    status = CaseStatus.FINAL
    changed = ["final_outcome", "closed_at"]
    case.final_outcome = outcome
    case.closed_at = timezone.now()
    audited = {"final_outcome": outcome, "upheld": outcome == case.outcome}
    return _step(
        case,
        acting_user,
        Kind.APPEAL_DECIDED,
        status,
        changed,
        reasons=text,
        details={"outcome": outcome},
        audited=audited,
    )


@transaction.atomic(durable=True)
def make_final(case: Case, *, acting_user: Actor) -> Case:
    """Record that no appeal was lodged by the deadline: the decision becomes final."""
    require(can_make_final(acting_user, case))
    _in(case, CaseStatus.DECIDED)
    if case.due_on is not None and _today() <= case.due_on:
        raise Denied(_("The person may appeal until %(date)s.") % {"date": case.due_on})
    status = CaseStatus.FINAL
    changed = ["final_outcome", "closed_at", "due_on"]
    case.final_outcome = case.outcome
    case.closed_at = timezone.now()
    case.due_on = None
    return _step(
        case,
        acting_user,
        Kind.MADE_FINAL,
        status,
        changed,
        details={"outcome": case.outcome},
        audited={"final_outcome": case.outcome},
    )
