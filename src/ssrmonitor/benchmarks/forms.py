"""Forms of the framework editor: frameworks, benchmarks and indicators, all fields.

The forms check the input's shape and call the services, which own the rules (ranges, dates,
sources, permissions). A form catches their :class:`ValidationFailed` and shows each reason
next to the field it names, or at the top of the form when no field of the form matches;
nothing is saved in that case. The data-entry forms are in :mod:`.forms_measurement` (a
measurement) and :mod:`.forms_review` (its review and evidence).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import Benchmark, Framework, Indicator, IndicatorSource
from ssrmonitor.benchmarks.models.choices import Dimension
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.forms import ModelFieldsForm
from ssrmonitor.core.models import Country, Mission
from ssrmonitor.core.progress import TargetBasis
from ssrmonitor.sector.models import Institution, RankCategory
from ssrmonitor.sector.selectors import institution_name


def textarea(rows: int = 3) -> forms.Textarea:
    """A text area ``rows`` lines high."""
    return forms.Textarea(attrs={"rows": rows})


class FrameworkForm(ModelFieldsForm):
    """A framework's fields; ``is_published`` only for those who may publish."""

    model = Framework
    field_names = (
        "title",
        "kind",
        "mission",
        "source_document",
        "source_title",
        "source_location",
        "adoption_date",
        "end_date",
        "status",
        "is_published",
        "notes",
    )
    widgets: ClassVar[dict[str, forms.Widget]] = {
        "source_title": textarea(2),
        "source_location": textarea(2),
        "notes": textarea(4),
    }

    def __init__(self, *args: Any, country: Country, may_publish: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country = country
        mission = self.fields["mission"]
        assert isinstance(mission, forms.ModelChoiceField)  # noqa: S101 - fields_for_model
        mission.queryset = Mission.objects.filter(Q(country=country) | Q(country__isnull=True))
        if not may_publish:
            del self.fields["is_published"]

    def save(self, *, acting_user: Actor, framework: Framework | None = None) -> Framework | None:
        """Create the framework (or change ``framework``); ``None`` with errors if refused."""
        try:
            if framework is None:
                return services.create_framework(
                    acting_user=acting_user, country=self.country, **self.values()
                )
            return services.update_framework(framework, acting_user=acting_user, **self.values())
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class BenchmarkForm(ModelFieldsForm):
    """A benchmark's text, component, owner and position."""

    model = Benchmark
    field_names = ("code", "text", "area", "component", "owner", "position", "notes")
    widgets: ClassVar[dict[str, forms.Widget]] = {"text": textarea(4), "notes": textarea(3)}

    def save(
        self,
        *,
        acting_user: Actor,
        framework: Framework | None = None,
        benchmark: Benchmark | None = None,
    ) -> Benchmark | None:
        """Add a benchmark to ``framework`` (or change ``benchmark``)."""
        try:
            if benchmark is None:
                assert framework is not None  # noqa: S101 - a caller's contract
                return services.create_benchmark(
                    framework, acting_user=acting_user, **self.values()
                )
            return services.update_benchmark(benchmark, acting_user=acting_user, **self.values())
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class IndicatorForm(ModelFieldsForm):
    """Every field of an indicator: definition, kind, unit, range, baseline, target."""

    model = Indicator
    field_names = (
        "code",
        "definition",
        "kind",
        "unit",
        "direction",
        "minimum",
        "maximum",
        "baseline_value",
        "baseline_date",
        "baseline_text",
        "target_value",
        "target_date",
        "target_text",
        "target_basis",
        "disaggregations",
        "data_source",
        "source",
        "frequency",
        "responsible_entity",
        "position",
        "notes",
    )
    widgets: ClassVar[dict[str, forms.Widget]] = {
        "definition": textarea(3),
        "baseline_text": textarea(2),
        "target_text": textarea(2),
        "notes": textarea(3),
    }

    def __init__(self, *args: Any, country_id: int | None = None, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        super().__init__(*args, **kwargs)
        spec = instance.source_spec if isinstance(instance, Indicator) else {}
        institutions = (
            Institution.objects.filter(country_id=country_id).order_by("key")
            if country_id is not None
            else Institution.objects.none()
        )
        self.fields["source_institution"] = forms.TypedChoiceField(
            label=_("Institution of the personnel returns"),
            choices=[("", "—"), *((i.pk, institution_name(i)) for i in institutions)],
            coerce=int,
            empty_value=None,
            required=False,
            initial=spec.get("institution"),
            help_text=_("Only for values from personnel returns."),
        )
        self.fields["source_rank"] = forms.ChoiceField(
            label=_("Rank category of the personnel returns"),
            choices=[("", _("All ranks")), *RankCategory.choices],
            required=False,
            initial=spec.get("rank", ""),
        )
        self.fields["source"].required = False  # older clients send no source: measured
        self.fields["target_basis"].required = False  # nor a basis: kept, or a level at a date
        order = list(self.fields)
        order.remove("source_institution")
        order.remove("source_rank")
        at = order.index("source") + 1
        order[at:at] = ["source_institution", "source_rank"]
        self.fields = {name: self.fields[name] for name in order}
        self.fields["disaggregations"] = forms.MultipleChoiceField(
            label=_("Disaggregated by"),
            choices=Dimension.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Parts of each value to collect, e.g. by sex."),
        )

    def clean_disaggregations(self) -> list[str]:
        chosen = set(self.cleaned_data.get("disaggregations") or [])
        return [dim for dim in Dimension.values if dim in chosen]

    def form_field_of(self, service_field: str) -> str | None:
        """Errors on the source settings go next to the institution."""
        if service_field == "source_spec":
            return "source_institution"
        return super().form_field_of(service_field)

    def values(self) -> dict[str, Any]:
        """The indicator's fields, with the source settings gathered in ``source_spec``."""
        values = super().values()
        institution = values.pop("source_institution", None)
        rank = values.pop("source_rank", "")
        values["source"] = values.get("source") or IndicatorSource.MEASURED
        basis = values.get("target_basis") or self.initial.get("target_basis")
        values["target_basis"] = basis or TargetBasis.AT_DATE
        measured = values["source"] == IndicatorSource.MEASURED
        values["source_spec"] = {} if measured else {"institution": institution, "rank": rank}
        return values

    def save(
        self,
        *,
        acting_user: Actor,
        benchmark: Benchmark | None = None,
        indicator: Indicator | None = None,
    ) -> Indicator | None:
        """Add an indicator to ``benchmark`` (or change ``indicator``)."""
        try:
            if indicator is None:
                assert benchmark is not None  # noqa: S101 - a caller's contract
                return services.create_indicator(
                    benchmark, acting_user=acting_user, **self.values()
                )
            return services.update_indicator(indicator, acting_user=acting_user, **self.values())
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None
