"""Forms of the embargo pages: they check the input's shape and call the services."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks.permissions import frameworks_visible_to
from ssrmonitor.core.actors import Actor, Viewer
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.forms import ModelFieldsForm
from ssrmonitor.core.models import Country
from ssrmonitor.sanctions.models import (
    EmbargoMeasure,
    EquipmentFlag,
    EquipmentKind,
    ExemptionRequest,
)
from ssrmonitor.sanctions.services import embargo
from ssrmonitor.support.models import Activity
from ssrmonitor.support.permissions import activities_visible_to

_ITEM_LINE = re.compile(r"^\s*(\d{1,9})\s*[x×*]?\s+(.+?)\s*$")


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def activity_by_identifier(user: Viewer, identifier: str) -> Activity | None:
    """The support activity ``user`` may see with this IATI identifier (``None`` if blank).

    Raises:
        ValidationFailed: on ``activity`` when no such activity is visible.
    """
    if not identifier.strip():
        return None
    found = activities_visible_to(user).filter(iati_identifier=identifier.strip()).first()
    if found is None:
        raise ValidationFailed.one("activity", str(_("No support activity has this identifier.")))
    return found


def items_to_text(items: list[dict[str, Any]]) -> str:
    """Items as the form shows them: one ``quantity × description`` per line."""
    return "\n".join(f"{item['quantity']} × {item['description']}" for item in items)


def items_from_text(text: str) -> list[dict[str, Any]]:
    """Parse ``12 × body armour`` lines (also ``12 x …`` and ``12 …``).

    Raises:
        ValidationFailed: on ``items`` naming the line that has no quantity.
    """
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _ITEM_LINE.match(line)
        if match is None:
            raise ValidationFailed.one(
                "items", _("Line %d: start with the quantity, e.g. “12 × body armour”.") % number
            )
        items.append({"quantity": int(match[1]), "description": match[2]})
    return items


class MeasureForm(ModelFieldsForm):
    """An embargo measure's regime, resolutions, scope, exemption procedure and benchmarks."""

    model = EmbargoMeasure
    field_names = (
        "title",
        "regime",
        "resolutions",
        "committee",
        "scope",
        "exemption_procedure",
        "in_force_from",
        "in_force_until",
        "benchmark_framework",
        "source",
        "is_illustrative",
    )
    widgets: ClassVar[dict[str, forms.Widget]] = {
        "scope": _textarea(4),
        "exemption_procedure": _textarea(4),
    }

    def __init__(self, *args: Any, country: Country, user: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country = country
        framework = self.fields["benchmark_framework"]
        assert isinstance(framework, forms.ModelChoiceField)  # noqa: S101 - fields_for_model
        framework.queryset = frameworks_visible_to(user).filter(country=country)

    def save(
        self, *, acting_user: Actor, measure: EmbargoMeasure | None = None
    ) -> EmbargoMeasure | None:
        """Create the measure (or change ``measure``); ``None`` with errors if refused."""
        try:
            if measure is None:
                return embargo.create_measure(
                    acting_user=acting_user, country=self.country, **self.values()
                )
            return embargo.update_measure(measure, acting_user=acting_user, **self.values())
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class ExemptionForm(ModelFieldsForm):
    """An exemption request; items are typed one per line with their quantity."""

    model = ExemptionRequest
    field_names = (
        "reference",
        "purpose",
        "supplier",
        "end_user",
        "procedure",
        "committee",
        "submitted_on",
        "decided_on",
        "status",
        "decision",
        "notes",
    )
    widgets: ClassVar[dict[str, forms.Widget]] = {"purpose": _textarea(3), "notes": _textarea(3)}

    def __init__(self, *args: Any, instance: ExemptionRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["items"] = forms.CharField(
            label=_("Items and quantities"),
            widget=_textarea(5),
            help_text=_("One item per line, quantity first: “40 × VHF radio handsets”."),
        )
        self.fields["activity"] = forms.CharField(
            label=_("Support activity (IATI identifier)"),
            required=False,
            max_length=200,
            help_text=_("The support activity that needs these supplies, if recorded."),
        )
        if instance is not None:
            self.initial["items"] = items_to_text(instance.items)
            self.initial["activity"] = (
                instance.activity.iati_identifier if instance.activity else ""
            )

    def form_field_of(self, service_field: str) -> str | None:
        """Errors on ``items[3].quantity`` belong to the items box."""
        if service_field.startswith("items"):
            return "items"
        return super().form_field_of(service_field)

    def save(
        self,
        *,
        acting_user: Actor,
        measure: EmbargoMeasure | None = None,
        exemption: ExemptionRequest | None = None,
    ) -> ExemptionRequest | None:
        """Record the request under ``measure`` (or change ``exemption``)."""
        try:
            values = self.values() | {
                "items": items_from_text(self.cleaned_data["items"]),
                "activity": activity_by_identifier(acting_user, self.cleaned_data["activity"]),
            }
            if exemption is not None:
                return embargo.update_exemption(exemption, acting_user=acting_user, **values)
            assert measure is not None  # noqa: S101 - the view passes one or the other
            return embargo.create_exemption(measure, acting_user=acting_user, **values)
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class FlagForm(forms.Form):
    """Flag a support activity as supplying lethal or security equipment to the country."""

    activity = forms.CharField(label=_("Support activity (IATI identifier)"), max_length=200)
    kind = forms.ChoiceField(label=_("Equipment"), choices=EquipmentKind.choices)
    note = forms.CharField(label=_("What is supplied"), max_length=400, required=False)

    def __init__(self, *args: Any, country: Country, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country = country

    def save(self, *, acting_user: Actor) -> EquipmentFlag | None:
        """Record the flag; ``None`` with errors on the form if refused."""
        try:
            activity = activity_by_identifier(acting_user, self.cleaned_data["activity"])
            assert activity is not None  # noqa: S101 - the field is required
            return embargo.flag_activity(
                activity,
                acting_user=acting_user,
                country=self.country,
                kind=self.cleaned_data["kind"],
                note=self.cleaned_data["note"],
            )
        except ValidationFailed as exc:
            for error in exc.errors:
                self.add_error(error.field if error.field in self.fields else None, error.reason)
            return None
