"""Forms of the age-assessment pages: they check the input's shape and call the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.forms import ServiceForm
from ssrmonitor.core.models import Country
from ssrmonitor.sector.models import Institution
from ssrmonitor.sector.selectors import institution_name
from ssrmonitor.vetting.age import BirthInterval
from ssrmonitor.vetting.models import AgeAssessment, AgeEvidence, EvidenceKind
from ssrmonitor.vetting.services import age as services

DATE_HELP = _("YYYY-MM-DD, YYYY-MM, YYYY (year only) or a range YYYY/YYYY.")


class InstitutionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return institution_name(obj)


class StartAssessmentForm(ServiceForm):
    """A candidate: names, candidate id, recruiting institution and enlistment date."""

    candidate_names = forms.CharField(
        label=_("Candidate's names"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The full name first; other names or spellings on the following lines."),
    )
    candidate_reference = forms.CharField(label=_("Candidate id"), max_length=100, required=False)
    institution = InstitutionChoice(
        label=_("Recruiting institution"), queryset=Institution.objects.none(), required=False
    )
    enlistment_date = forms.DateField(
        label=_("Enlistment date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The candidate must be 18 or older on this day."),
    )

    def __init__(self, data: Any = None, *, country: Country) -> None:
        super().__init__(data)
        self.country = country
        institutions: QuerySet[Institution] = Institution.objects.filter(country=country)
        field = self.fields["institution"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = institutions

    def save(self, *, acting_user: Actor) -> AgeAssessment | None:
        data = self.cleaned_data
        try:
            return services.start_assessment(
                acting_user=acting_user,
                country=self.country,
                enlistment_date=data["enlistment_date"],
                candidate_names=data["candidate_names"].splitlines(),
                candidate_reference=data["candidate_reference"],
                institution=data["institution"],
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class EvidenceForm(ServiceForm):
    """One evidence item: a date of birth, or an age (± margin) on a given day."""

    kind = forms.ChoiceField(label=_("Evidence"), choices=EvidenceKind.choices)
    birth_date = forms.CharField(
        label=_("Date of birth it shows"), max_length=20, required=False, help_text=DATE_HELP
    )
    age = forms.IntegerField(
        label=_("Or: age in years"),
        min_value=0,
        max_value=120,
        required=False,
        help_text=_("For a medical estimate or an age stated at interview."),
    )
    margin = forms.IntegerField(
        label=_("± years"),
        min_value=0,
        max_value=20,
        required=False,
        initial=0,
        help_text=_("The estimate's margin of error."),
    )
    age_on = forms.DateField(
        label=_("Age on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day of the examination or interview (default: the enlistment date)."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data: Any = None, *, assessment: AgeAssessment) -> None:
        super().__init__(data)
        self.assessment = assessment

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text, age = (data.get("birth_date") or "").strip(), data.get("age")
        if bool(text) == (age is not None):
            raise forms.ValidationError(_("Give either a date of birth or an age, not both."))
        try:
            if text:
                data["interval"] = BirthInterval.parse(text)
            else:
                on: date = data.get("age_on") or self.assessment.enlistment_date
                data["interval"] = BirthInterval.from_age(age or 0, data.get("margin") or 0, on)
        except ValueError:
            field = "birth_date" if text else "margin"
            self.add_error(field, _("This is not a date of birth or an age range we can read."))
        return data

    def save(self, *, acting_user: Actor) -> AgeEvidence | None:
        data = self.cleaned_data
        try:
            return services.add_evidence(
                self.assessment,
                acting_user=acting_user,
                kind=data["kind"],
                birth_date=data["interval"],
                note=data["note"],
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class DecideForm(ServiceForm):
    """Record the computed decision, with a note for the child protection officer."""

    note = forms.CharField(
        label=_("Note for the child protection officer"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def save(self, *, acting_user: Actor, assessment: AgeAssessment) -> AgeAssessment | None:
        try:
            return services.decide(
                assessment, acting_user=acting_user, note=self.cleaned_data["note"]
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class ResolveForm(ServiceForm):
    """A child protection officer's resolution of a referral."""

    resolution = forms.ChoiceField(
        label=_("Resolution"),
        widget=forms.RadioSelect,
        choices=[
            ("child", _("Treat as a child: not eligible, referred to services")),
            ("eligible", _("Eligible: documentary evidence shows 18 or more")),
        ],
    )
    note = forms.CharField(
        label=_("Reasons"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def form_field_of(self, service_field: str) -> str | None:
        if service_field == "eligible":
            return "resolution"
        return service_field if service_field in self.fields else None

    def save(self, *, acting_user: Actor, assessment: AgeAssessment) -> AgeAssessment | None:
        data = self.cleaned_data
        try:
            return services.resolve_referral(
                assessment,
                acting_user=acting_user,
                eligible=data["resolution"] == "eligible",
                note=data["note"],
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None
