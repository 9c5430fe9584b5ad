"""Forms of the lessons pages: the editor and the search filters."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks.models import Benchmark, Component
from ssrmonitor.benchmarks.permissions import benchmarks_visible_to
from ssrmonitor.core.actors import Actor, Viewer
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.filters import FilterForm
from ssrmonitor.core.forms import ModelFieldsForm
from ssrmonitor.core.models import Country
from ssrmonitor.lessons import services
from ssrmonitor.lessons.models import OPERATIVE_PARAGRAPHS, Language, Lesson, Theme
from ssrmonitor.support.models import Activity
from ssrmonitor.support.permissions import activities_visible_to
from ssrmonitor.transitions.models import TransitionPlan
from ssrmonitor.transitions.permissions import plans_visible_to

OP_CHOICES = [(op, op) for op in OPERATIVE_PARAGRAPHS]


class LessonForm(ModelFieldsForm):
    """A lesson's text, place, component, themes, operative paragraphs and source."""

    model = Lesson
    field_names = (
        "title",
        "summary",
        "body",
        "country",
        "mission",
        "component",
        "language",
        "source_document",
        "lesson_date",
        "is_published",
        "is_illustrative",
    )
    widgets: ClassVar[dict[str, forms.Widget]] = {
        "summary": forms.Textarea(attrs={"rows": 3}),
        "body": forms.Textarea(attrs={"rows": 10}),
    }

    def __init__(
        self,
        *args: Any,
        countries: QuerySet[Country],
        instance: Lesson | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ModelChoiceField)  # noqa: S101 - fields_for_model
        country.queryset = countries
        self.fields["source_url"] = forms.URLField(
            label=_("Source link"), required=False, max_length=500, assume_scheme="https"
        )
        self.fields["themes"] = forms.MultipleChoiceField(
            label=_("Themes"),
            choices=Theme.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["op_tags"] = forms.MultipleChoiceField(
            label=_("Operative paragraphs of resolution 2553"),
            choices=OP_CHOICES,
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )
        if instance is not None:
            self.initial["source_url"] = instance.source_url
            self.initial["themes"] = instance.themes
            self.initial["op_tags"] = instance.op_tags

    def save(self, *, acting_user: Actor, lesson: Lesson | None = None) -> Lesson | None:
        """Create the lesson (or change ``lesson``); ``None`` with errors if refused."""
        values = self.values()
        try:
            if lesson is None:
                return services.create_lesson(acting_user=acting_user, **values)
            return services.update_lesson(lesson, acting_user=acting_user, **values)
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class LessonFilters(FilterForm):
    """The search box and filters of the library (all optional; GET, so links keep them)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.filter(lessons__isnull=False).distinct(),
        required=False,
        to_field_name="iso2",
    )
    component = forms.ChoiceField(
        label=_("SSR component"), choices=[("", "—"), *Component.choices], required=False
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", "—"), *Theme.choices], required=False)
    op = forms.ChoiceField(
        label=_("Operative paragraph"), choices=[("", "—"), *OP_CHOICES], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", "—"), *Language.choices], required=False
    )


def add_errors(form: forms.Form, exc: ValidationFailed) -> None:
    """Show the service's field errors on ``form`` (unknown fields as form errors)."""
    for error in exc.errors:
        form.add_error(error.field if error.field in form.fields else None, error.reason)


class AttachmentForm(forms.Form):
    """One file to attach to a lesson."""

    file = forms.FileField(
        label=_("File (TXT, MD, CSV, DOCX or PDF; 10 MB at most)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.csv,.docx,.pdf"}),
    )


class LinksForm(forms.Form):
    """The benchmarks, support activities and transition plans a lesson speaks to."""

    benchmarks = forms.ModelMultipleChoiceField(
        label=_("Benchmarks"), queryset=Benchmark.objects.none(), required=False
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Support activities"), queryset=Activity.objects.none(), required=False
    )
    transition_plans = forms.ModelMultipleChoiceField(
        label=_("Transition plans"), queryset=TransitionPlan.objects.none(), required=False
    )

    def __init__(self, data: Any, *, user: Viewer, lesson: Lesson) -> None:
        initial = {
            "benchmarks": list(lesson.benchmarks.values_list("pk", flat=True)),
            "activities": list(lesson.activities.values_list("pk", flat=True)),
            "transition_plans": list(lesson.transition_plans.values_list("pk", flat=True)),
        }
        super().__init__(data, initial=initial)
        place: dict[str, Any] = {"country_id": lesson.country_id} if lesson.country_id else {}
        benchmarks = benchmarks_visible_to(user).select_related("framework")
        if lesson.country_id:
            benchmarks = benchmarks.filter(framework__country_id=lesson.country_id)
        self.set_choices("benchmarks", benchmarks)
        activities = activities_visible_to(user)
        if lesson.country_id:
            activities = activities.filter(
                Q(country_id=lesson.country_id) | Q(countries__country_id=lesson.country_id)
            ).distinct()
        self.set_choices("activities", activities)
        self.set_choices("transition_plans", plans_visible_to(user).filter(**place))

    def set_choices(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.queryset = queryset

    def save(self, *, acting_user: Actor, lesson: Lesson) -> Lesson | None:
        """Replace the lesson's links; ``None`` with errors if refused."""
        try:
            return services.set_links(
                lesson,
                acting_user=acting_user,
                benchmarks=self.cleaned_data["benchmarks"],
                activities=self.cleaned_data["activities"],
                transition_plans=self.cleaned_data["transition_plans"],
            )
        except ValidationFailed as exc:
            add_errors(self, exc)
            return None
