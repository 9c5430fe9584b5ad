"""The form of data entry: a measurement, what it covers, and its parts.

It checks the input's shape and calls the services, which own the rules (range, unit, period,
coverage, sums of disaggregations, permissions). It catches their :class:`ValidationFailed` and
shows each reason next to the field it names, or at the top of the form when no field matches;
nothing is saved in that case. The review and evidence forms are in :mod:`.forms_review`.
"""

from __future__ import annotations

import re
from itertools import chain
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.forms import textarea
from ssrmonitor.benchmarks.models import Indicator, IndicatorKind, Measurement
from ssrmonitor.benchmarks.models.choices import DIMENSION_CATEGORIES, Dimension
from ssrmonitor.benchmarks.services import Coverage, DisaggregationInput
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.forms import ServiceForm
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.periods import PeriodParseError, ReportingPeriod
from ssrmonitor.core.progress import ValueNature

CATEGORY_LABELS: dict[str, Any] = {
    "female": _("Female"),
    "male": _("Male"),
    "under_18": _("Under 18"),
    "18_24": _("18 to 24"),
    "25_34": _("25 to 34"),
    "35_49": _("35 to 49"),
    "50_plus": _("50 and over"),
}
EMPTY_REGION_ROWS = 3
MAX_REGION_ROWS = 60
_REGION_KEY = re.compile(r"^region_(?:name|value)_(\d{1,3})$")
_INDEXED = re.compile(r"^disaggregations\[(\d+)\]$")
_CATEGORY = re.compile(r"^disaggregations\.(\w+)\.(.+)$")


class DimensionGroup:
    """The inputs of one disaggregation dimension, as the template lays them out.

    Sex and age band have one input per category (``fields``); regions are free rows of a
    name and a value (``rows``).
    """

    def __init__(
        self,
        dimension: Dimension,
        categories: list[str] | None = None,
        region_rows: list[tuple[str, str]] | None = None,
    ) -> None:
        self.dimension = dimension
        self.label = dimension.label
        self.categories = categories or []
        self.region_rows = region_rows or []
        self.fields: list[forms.BoundField] = []
        self.rows: list[tuple[forms.BoundField, forms.BoundField]] = []

    @property
    def is_region(self) -> bool:
        return self.dimension == Dimension.REGION


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeasurementForm(ServiceForm):
    """A value of an indicator for a period, with what it covers and its parts by sex, age band
    and region."""

    period = forms.CharField(
        label=_("Reporting period"),
        max_length=7,
        help_text=_("A year, half-year, quarter or month: 2026, 2026-H1, 2026-Q3 or 2026-07."),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=18, decimal_places=4)
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=250,
        widget=forms.TextInput(attrs={"readonly": True}),
        help_text=_("The indicator's unit: give the value in this unit."),
    )
    nature = forms.ChoiceField(
        label=_("Nature of the value"),
        choices=ValueNature.choices,
        initial=ValueNature.STOCK,
        required=False,
        help_text=_(
            "As the source gives it: a level at a date, or a count or rate over the dates covered."
        ),
    )
    coverage_start = forms.DateField(
        label=_("Covers from"),
        required=False,
        widget=_date_input(),
        help_text=_(
            "First day a total or rate covers, e.g. 1 January for a year-to-date count "
            "(empty: the start of the reporting period). Leave empty for a level."
        ),
    )
    coverage_end = forms.DateField(
        label=_("Covers to"),
        required=False,
        widget=_date_input(),
        help_text=_(
            "Last day the value covers, or the day of a level (empty: the end of the reporting "
            "period)."
        ),
    )
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        widget=textarea(4),
        help_text=_("What happened in the period, and where the value comes from."),
    )
    obstacles = forms.CharField(
        label=_("Obstacles"),
        required=False,
        widget=textarea(3),
        help_text=_("What stood in the way, if anything."),
    )

    def __init__(
        self,
        indicator: Indicator,
        *args: Any,
        measurement: Measurement | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.measurement = measurement
        self.fields["unit"].initial = indicator.unit
        self._hint_range(indicator)
        if measurement is not None:
            del self.fields["period"]
            self._fill_from(measurement)
        self.groups = [self._add_dimension(Dimension(dim)) for dim in self._dimensions()]
        self._part_fields: list[str] = []

    def _hint_range(self, indicator: Indicator) -> None:
        """Let the browser check the range too (the service checks it again)."""
        low, high = indicator.allowed_range()
        attrs = self.fields["value"].widget.attrs
        if low is not None:
            attrs["min"] = plain(low)
        if high is not None:
            attrs["max"] = plain(high)
        if indicator.kind in (IndicatorKind.MILESTONE, IndicatorKind.RATING):
            attrs["step"] = "1"

    def clean_period(self) -> str:
        """The period in its canonical form (2026-Q3); whether it fits is the service's call."""
        try:
            return str(ReportingPeriod.parse(self.cleaned_data["period"]))
        except PeriodParseError as exc:
            raise forms.ValidationError(str(exc), code="invalid_period") from None

    def _dimensions(self) -> list[str]:
        dims = self.indicator.disaggregations
        return [dim for dim in Dimension.values if isinstance(dims, list) and dim in dims]

    def _fill_from(self, measurement: Measurement) -> None:
        self.initial.update(
            value=measurement.value,
            nature=measurement.nature,
            coverage_start=measurement.coverage_start,
            coverage_end=measurement.coverage_end,
            narrative=measurement.narrative,
            obstacles=measurement.obstacles,
        )
        regions = 0
        for part in measurement.disaggregated_values.all():
            if part.dimension == Dimension.REGION:
                self.initial[f"region_name_{regions}"] = part.category
                self.initial[f"region_value_{regions}"] = part.value
                regions += 1
            else:
                self.initial[f"{part.dimension}__{part.category}"] = part.value

    def _region_rows(self) -> int:
        """Rows for every region given (prefilled or posted) and a few empty ones."""
        filled = [
            int(match.group(1))
            for key, value in chain(self.initial.items(), self.data.items())
            if value not in (None, "") and (match := _REGION_KEY.match(key))
        ]
        wanted = max(filled, default=-1) + 1 + EMPTY_REGION_ROWS
        return min(wanted, MAX_REGION_ROWS)

    def _add_dimension(self, dimension: Dimension) -> DimensionGroup:
        if dimension in DIMENSION_CATEGORIES:
            names = [f"{dimension}__{category}" for category in DIMENSION_CATEGORIES[dimension]]
            for name, category in zip(names, DIMENSION_CATEGORIES[dimension], strict=True):
                self.fields[name] = forms.DecimalField(
                    label=CATEGORY_LABELS.get(category, category),
                    required=False,
                    max_digits=18,
                    decimal_places=4,
                )
            return DimensionGroup(dimension, categories=names)
        rows = [(f"region_name_{i}", f"region_value_{i}") for i in range(self._region_rows())]
        for name_field, value_field in rows:
            self.fields[name_field] = forms.CharField(
                label=_("Region"), required=False, max_length=60
            )
            self.fields[value_field] = forms.DecimalField(
                label=_("Value"), required=False, max_digits=18, decimal_places=4
            )
        return DimensionGroup(dimension, region_rows=rows)

    def dimension_groups(self) -> list[DimensionGroup]:
        """The disaggregation inputs as bound fields, grouped by dimension, for the template."""
        for group in self.groups:
            group.rows = [(self[name], self[value]) for name, value in group.region_rows]
            group.fields = [self[name] for name in group.categories]
        return self.groups

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for group in self.groups:
            for name_field, value_field in group.region_rows:
                name, value = cleaned.get(name_field), cleaned.get(value_field)
                if name and value is None and value_field not in self.errors:
                    self.add_error(value_field, _("Give the value of this region."))
                if value is not None and not name:
                    self.add_error(name_field, _("Name the region of this value."))
        return cleaned

    def parts(self) -> list[DisaggregationInput]:
        """The disaggregated values given, in form order (blank inputs are left out)."""
        parts: list[DisaggregationInput] = []
        self._part_fields = []
        for group in self.groups:
            for field, part in self._group_parts(group):
                parts.append(part)
                self._part_fields.append(field)
        return parts

    def _group_parts(self, group: DimensionGroup) -> list[tuple[str, DisaggregationInput]]:
        data = self.cleaned_data
        regions = [
            (value, DisaggregationInput(group.dimension, data[name], data[value]))
            for name, value in group.region_rows
            if data.get(name) and data.get(value) is not None
        ]
        categories = [
            (name, DisaggregationInput(group.dimension, name.split("__", 1)[1], data[name]))
            for name in group.categories
            if data.get(name) is not None
        ]
        return categories + regions

    def form_field_of(self, service_field: str) -> str | None:
        if service_field in self.fields:
            return service_field
        indexed = _INDEXED.match(service_field)
        if indexed and int(indexed.group(1)) < len(self._part_fields):
            return self._part_fields[int(indexed.group(1))]
        category = _CATEGORY.match(service_field)
        if category:
            return self._category_field(category.group(1), category.group(2))
        return None

    def _category_field(self, dimension: str, category: str) -> str | None:
        name = f"{dimension}__{category}"
        if name in self.fields:
            return name
        for field in self._part_fields:
            if field.startswith("region_value_"):
                row = field.removeprefix("region_value_")
                if self.cleaned_data.get(f"region_name_{row}") == category:
                    return field
        return None

    def _unit(self) -> str | None:
        """The posted unit, checked by the service; ``None`` when the client sent none."""
        return self.cleaned_data["unit"] if "unit" in self.data else None

    def coverage(self) -> Coverage | None:
        """The coverage given; ``None`` when a client that knows no coverage changes a value."""
        data = self.cleaned_data
        if "nature" not in self.data and self.measurement is not None:
            return None
        return Coverage(
            data.get("coverage_start"),
            data.get("coverage_end"),
            data.get("nature") or ValueNature.STOCK,
        )

    def save(self, *, acting_user: Actor) -> Measurement | None:
        """Record (or change) the measurement; ``None`` with errors on the form if refused.

        Raises:
            Denied: when ``acting_user`` may not enter data here (the view answers 403).
        """
        data = self.cleaned_data
        try:
            if self.measurement is None:
                return services.record_measurement(
                    self.indicator,
                    acting_user=acting_user,
                    period=data["period"],
                    value=data["value"],
                    unit=self._unit(),
                    narrative=data["narrative"],
                    obstacles=data["obstacles"],
                    disaggregations=self.parts(),
                    coverage=self.coverage(),
                )
            return services.update_measurement(
                self.measurement,
                acting_user=acting_user,
                value=data["value"],
                unit=self._unit(),
                narrative=data["narrative"],
                obstacles=data["obstacles"],
                disaggregations=self.parts(),
                coverage=self.coverage(),
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None
