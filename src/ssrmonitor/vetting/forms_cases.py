"""Forms of the case pages: the queue's filters and one form per workflow step.

Each step form's ``act`` calls its service (:mod:`ssrmonitor.vetting.services.cases`); a
refused input's :class:`ValidationFailed` is shown next to its field.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.filters import FilterForm, choices_with_any
from ssrmonitor.core.forms import ServiceForm
from ssrmonitor.vetting.forms import date_input, textarea
from ssrmonitor.vetting.models import Band, Case, CaseStatus, Outcome
from ssrmonitor.vetting.services import cases as workflow


class CaseFilterForm(FilterForm):
    """The case queue's filters (GET; a value that does not validate is ignored)."""

    status = forms.ChoiceField(label=_("Status"), choices=choices_with_any(CaseStatus.choices))
    band = forms.ChoiceField(label=_("Band"), choices=choices_with_any(Band.choices[:2]))
    overdue = forms.BooleanField(label=_("Deadline passed"))


# --- case steps ---------------------------------------------------------------------------


class StepForm(ServiceForm):
    """One workflow step: ``act`` calls its service; errors go next to the fields."""

    step: ClassVar[str] = ""
    title: ClassVar[Any] = ""
    button: ClassVar[Any] = _("Record")

    def act(self, case: Case, *, acting_user: Actor) -> Case:
        raise NotImplementedError

    def save(self, case: Case, *, acting_user: Actor) -> Case | None:
        try:
            return self.act(case, acting_user=acting_user)
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


def _reasons(required: bool = True, label: Any = None) -> forms.CharField:
    return forms.CharField(label=label or _("Reasons"), required=required, widget=textarea(3))


class ConfirmIdentityForm(StepForm):
    step = "confirm_identity"
    title = _("Is this the person the record describes?")
    confirmed = forms.TypedChoiceField(
        label=_("Identity"),
        choices=[
            ("yes", _("Yes: the same person")),
            ("no", _("No: another person (namesake)")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reasons = _reasons()

    def act(self, case: Case, *, acting_user: Actor) -> Case:
        data = self.cleaned_data
        return workflow.confirm_identity(
            case, acting_user=acting_user, confirmed=data["confirmed"], reasons=data["reasons"]
        )


class NotificationForm(StepForm):
    step = "record_notification"
    title = _("Record the notification")
    notified_on = forms.DateField(label=_("Notified on"), widget=date_input())
    means = forms.CharField(
        label=_("Means"), max_length=100, help_text=_("e.g. registered letter, in person.")
    )

    def act(self, case: Case, *, acting_user: Actor) -> Case:
        data = self.cleaned_data
        return workflow.record_notification(
            case, acting_user=acting_user, notified_on=data["notified_on"], means=data["means"]
        )


class ResponseForm(StepForm):
    step = "record_response"
    title = _("Record the person's response")
    received_on = forms.DateField(label=_("Received on"), widget=date_input())
    response = _reasons(label=_("Response"))

    def act(self, case: Case, *, acting_user: Actor) -> Case:
        data = self.cleaned_data
        return workflow.record_response(
            case,
            acting_user=acting_user,
            response=data["response"],
            received_on=data["received_on"],
        )


class NoResponseForm(StepForm):
    step = "record_no_response"
    title = _("Record that no response came by the deadline")
    reasons = _reasons(required=False, label=_("Note"))

    def act(self, case: Case, *, acting_user: Actor) -> Case:
        return workflow.record_no_response(
            case, acting_user=acting_user, reasons=self.cleaned_data["reasons"]
        )


class ProposeDecisionForm(StepForm):
    step = "propose_decision"
    title = _("Propose a decision (a second reviewer confirms it)")
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    reasons = _reasons()

    def act(self, case: Case, *, acting_user: Actor) -> Case:
        data = self.cleaned_data
        return workflow.propose_decision(
            case, acting_user=acting_user, outcome=data["outcome"], reasons=data["reasons"]
        )


class ConfirmDecisionForm(StepForm):
    step = "confirm_decision"
    title = _("Confirm the proposed decision (second reviewer)")
    button = _("Confirm the decision")
    reasons = _reasons(required=False, label=_("Note"))

    def act(self, case: Case, *, acting_user: Actor) -> Case:
        return workflow.confirm_decision(
            case, acting_user=acting_user, reasons=self.cleaned_data["reasons"]
        )


class SendBackForm(StepForm):
    step = "send_back_decision"
    title = _("Send the proposed decision back")
    button = _("Send back")
    reasons = _reasons()

    def act(self, case: Case, *, acting_user: Actor) -> Case:
        return workflow.send_back_decision(
            case, acting_user=acting_user, reasons=self.cleaned_data["reasons"]
        )


class AppealForm(StepForm):
    step = "lodge_appeal"
    title = _("Record an appeal")
    lodged_on = forms.DateField(label=_("Lodged on"), widget=date_input())
    grounds = _reasons(label=_("Grounds"))

    def act(self, case: Case, *, acting_user: Actor) -> Case:
        data = self.cleaned_data
        return workflow.lodge_appeal(
            case, acting_user=acting_user, lodged_on=data["lodged_on"], grounds=data["grounds"]
        )


class AppealDecisionForm(StepForm):
    step = "decide_appeal"
    title = _("Decide the appeal (final)")
    outcome = forms.ChoiceField(label=_("Final decision"), choices=Outcome.choices)
    reasons = _reasons()

    def act(self, case: Case, *, acting_user: Actor) -> Case:
        data = self.cleaned_data
        return workflow.decide_appeal(
            case, acting_user=acting_user, outcome=data["outcome"], reasons=data["reasons"]
        )


class MakeFinalForm(StepForm):
    step = "make_final"
    title = _("No appeal by the deadline: make the decision final")
    button = _("Make final")

    def act(self, case: Case, *, acting_user: Actor) -> Case:
        return workflow.make_final(case, acting_user=acting_user)


STEP_FORMS: dict[str, type[StepForm]] = {
    form.step: form
    for form in (
        ConfirmIdentityForm,
        NotificationForm,
        ResponseForm,
        NoResponseForm,
        ProposeDecisionForm,
        ConfirmDecisionForm,
        SendBackForm,
        AppealForm,
        AppealDecisionForm,
        MakeFinalForm,
    )
}
