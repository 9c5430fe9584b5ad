"""Shared form machinery: forms whose ``save`` calls a service and shows its errors.

The services own the rules. A form catches their :class:`ValidationFailed` and shows each reason
next to the field it names, or at the top of the form when no field of the form matches;
nothing is saved in that case.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db import models
from django.forms.models import fields_for_model, model_to_dict

from ssrmonitor.core.errors import ValidationFailed


class ServiceForm(forms.Form):
    """A form whose ``save`` calls a service and shows its :class:`ValidationFailed`."""

    def form_field_of(self, service_field: str) -> str | None:
        """The form field a service error names, or ``None`` for the whole form."""
        return service_field if service_field in self.fields else None

    def add_service_errors(self, exc: ValidationFailed) -> None:
        """Put every reason next to its field (or at the top of the form)."""
        for error in exc.errors:
            self.add_error(self.form_field_of(error.field), error.reason)


class ModelFieldsForm(ServiceForm):
    """A plain form whose fields mirror a model's, prefilled from an object if given.

    The object itself is never touched: the service compares it with the cleaned data, so
    that it can record what changed.
    """

    model: ClassVar[type[models.Model]]
    field_names: ClassVar[tuple[str, ...]]
    widgets: ClassVar[dict[str, forms.Widget]] = {}

    def __init__(self, *args: Any, instance: models.Model | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs["initial"] = model_to_dict(instance, fields=list(self.field_names))
        super().__init__(*args, **kwargs)
        generated = fields_for_model(self.model, fields=list(self.field_names))
        self.fields = {name: field for name, field in generated.items() if field is not None}
        for name, field in self.fields.items():
            if name in self.widgets:
                field.widget = self.widgets[name]
            elif isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def values(self) -> dict[str, Any]:
        """The cleaned data of the fields this form shows."""
        return {name: self.cleaned_data[name] for name in self.fields}
