"""Forms of the sector pages: register an institution, record a change from a date.

They check the input's shape and call the services, which own the rules; a service's
:class:`ValidationFailed` is shown next to the field it names (``names`` → the name fields).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.forms import ServiceForm
from ssrmonitor.core.models import Country
from ssrmonitor.sector import services
from ssrmonitor.sector.models import (
    Coverage,
    FunctionRole,
    Institution,
    InstitutionKind,
    InstitutionStatus,
    InstitutionVersion,
    SecurityFunction,
)

VERSION_FIELDS = (
    "acronym",
    "kind",
    "parent",
    "legal_basis_text",
    "legal_basis_reference",
    "mandate",
    "head",
    "coverage",
    "status",
    "source",
)


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class VersionFields(ServiceForm):
    """The fields of an institution version (names per language, type, mandate, …)."""

    name_en = forms.CharField(label=_("Name in English"), max_length=250, required=False)
    name_fr = forms.CharField(label=_("Name in French"), max_length=250, required=False)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=InstitutionKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Parent institution"), queryset=Institution.objects.none(), required=False
    )
    legal_basis_text = forms.CharField(label=_("Legal basis"), required=False, widget=_text())
    legal_basis_reference = forms.CharField(
        label=_("Legal basis reference"), max_length=250, required=False
    )
    mandate = forms.CharField(label=_("Mandate"), required=False, widget=_text(4))
    head = forms.CharField(label=_("Head"), max_length=200, required=False)
    coverage = forms.ChoiceField(label=_("Geographic coverage"), choices=Coverage.choices)
    status = forms.ChoiceField(label=_("Status"), choices=InstitutionStatus.choices)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    valid_from = forms.DateField(
        label=_("Valid from"),
        help_text=_("The first day these details apply (YYYY-MM-DD)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, data: Any, *, parents: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        parent_field.queryset = parents

    def form_field_of(self, service_field: str) -> str | None:
        if service_field == "names":
            return "name_en"
        return super().form_field_of(service_field)

    def version_values(self) -> dict[str, Any]:
        """The cleaned version fields, with ``names`` built from the language fields."""
        data = self.cleaned_data
        names = {"en": data["name_en"], "fr": data["name_fr"]}
        values = {name: data[name] for name in VERSION_FIELDS}
        values["names"] = {code: text for code, text in names.items() if text}
        return values


class InstitutionForm(VersionFields):
    """A new institution."""

    key = forms.SlugField(
        label=_("Key"), max_length=40, help_text=_("Stable identifier, e.g. LNP.")
    )
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)
    is_illustrative = forms.BooleanField(label=_("Illustrative"), required=False)

    field_order = ["key", "name_en", "name_fr"]

    def save(self, *, acting_user: Actor, country: Country) -> Institution | None:
        """Create the institution; ``None`` (with the errors on the form) when refused."""
        data = self.cleaned_data
        try:
            return services.create_institution(
                acting_user=acting_user,
                country=country,
                key=data["key"],
                valid_from=data["valid_from"],
                is_public=data["is_public"],
                is_illustrative=data["is_illustrative"],
                **self.version_values(),
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class ChangeForm(VersionFields):
    """A change from ``valid_from``: the current version is closed, a new one opened."""

    change_note = forms.CharField(label=_("What changed and why"), max_length=300)

    field_order = ["valid_from", "change_note"]

    @staticmethod
    def initial_from(version: InstitutionVersion) -> dict[str, Any]:
        initial = {name: getattr(version, name) for name in VERSION_FIELDS}
        initial["parent"] = version.parent_id
        initial["name_en"] = version.names.get("en", "")
        initial["name_fr"] = version.names.get("fr", "")
        initial["valid_from"] = timezone.localdate()  # a suggestion the user edits
        return initial

    def save(self, *, acting_user: Actor, institution: Institution) -> InstitutionVersion | None:
        """Record the change; ``None`` (with the errors on the form) when refused."""
        data = self.cleaned_data
        try:
            return services.change_institution(
                institution,
                acting_user=acting_user,
                valid_from=data["valid_from"],
                change_note=data["change_note"],
                **self.version_values(),
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class KeyChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Institutions listed by their key (their names depend on the date)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.key)


class RoleForm(ServiceForm):
    """An institution's role in a function (or none, to remove it)."""

    function = forms.ModelChoiceField(label=_("Function"), queryset=SecurityFunction.objects.none())
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("No role")), *FunctionRole.choices], required=False
    )
    is_illustrative = forms.BooleanField(label=_("Illustrative"), required=False)

    def __init__(self, data: Any, *, country: Country, institutions: QuerySet[Institution]) -> None:
        super().__init__(data)
        function_field = self.fields["function"]
        institution_field = self.fields["institution"]
        assert isinstance(function_field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        assert isinstance(institution_field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        function_field.queryset = SecurityFunction.objects.filter(country=country)
        institution_field.queryset = institutions.order_by("key")

    def save(self, *, acting_user: Actor) -> bool:
        """Set the role; ``False`` (with the errors on the form) when refused."""
        data = self.cleaned_data
        try:
            services.set_role(
                data["function"],
                data["institution"],
                acting_user=acting_user,
                role=data["role"] or None,
                is_illustrative=data["is_illustrative"],
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return False
        return True
