"""Forms of the transition pages: they check the input's shape and call the services."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from ssrmonitor.benchmarks.permissions import benchmarks_visible_to, indicators_visible_to
from ssrmonitor.core.actors import Actor, Viewer
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.forms import ModelFieldsForm
from ssrmonitor.core.models import Mission
from ssrmonitor.transitions import services
from ssrmonitor.transitions.models import (
    ReadinessCriterion,
    TransitionPlan,
    TransitionTask,
)


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PlanForm(ModelFieldsForm):
    """A plan's title, successor, dates, summary, source and publication."""

    model = TransitionPlan
    field_names = (
        "title",
        "successor",
        "start_date",
        "end_date",
        "summary",
        "source",
        "is_published",
        "is_illustrative",
    )
    widgets: ClassVar[dict[str, forms.Widget]] = {"summary": _textarea(4)}

    def save(
        self,
        *,
        acting_user: Actor,
        mission: Mission | None = None,
        plan: TransitionPlan | None = None,
    ) -> TransitionPlan | None:
        """Create the plan of ``mission`` (or change ``plan``); ``None`` with errors if refused."""
        try:
            if plan is not None:
                return services.update_plan(plan, acting_user=acting_user, **self.values())
            assert mission is not None  # noqa: S101 - the view passes one or the other
            return services.create_plan(acting_user=acting_user, mission=mission, **self.values())
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class TaskForm(ModelFieldsForm):
    """A task's leads, handover date, status, funding, capacity transfer and risks."""

    model = TransitionTask
    field_names = (
        "title",
        "mandate_reference",
        "component",
        "current_lead",
        "future_lead_kind",
        "future_lead",
        "future_lead_organisation",
        "handover_date",
        "status",
        "handed_over_on",
        "capacity_transfer",
        "funding_needed",
        "funding_identified",
        "funding_sources",
        "risks",
        "source",
        "is_illustrative",
        "position",
    )
    widgets: ClassVar[dict[str, forms.Widget]] = {
        "capacity_transfer": _textarea(3),
        "funding_sources": _textarea(2),
        "risks": _textarea(3),
    }

    def save(
        self,
        *,
        acting_user: Actor,
        plan: TransitionPlan | None = None,
        task: TransitionTask | None = None,
    ) -> TransitionTask | None:
        """Add a task to ``plan`` (or change ``task``)."""
        try:
            if task is not None:
                return services.update_task(task, acting_user=acting_user, **self.values())
            assert plan is not None  # noqa: S101 - the view passes one or the other
            return services.create_task(plan, acting_user=acting_user, **self.values())
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class CriterionForm(ModelFieldsForm):
    """A readiness criterion; the indicator/benchmark lists hold what the user may see."""

    model = ReadinessCriterion
    field_names = ("text", "indicator", "benchmark", "is_met", "position")
    widgets: ClassVar[dict[str, forms.Widget]] = {"text": _textarea(2)}

    def __init__(self, *args: Any, user: Viewer, country_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator = self.fields["indicator"]
        benchmark = self.fields["benchmark"]
        assert isinstance(indicator, forms.ModelChoiceField)  # noqa: S101 - fields_for_model
        assert isinstance(benchmark, forms.ModelChoiceField)  # noqa: S101 - fields_for_model
        indicator.queryset = indicators_visible_to(user).filter(
            benchmark__framework__country_id=country_id
        )
        benchmark.queryset = benchmarks_visible_to(user).filter(framework__country_id=country_id)

    def save(
        self,
        *,
        acting_user: Actor,
        task: TransitionTask | None = None,
        criterion: ReadinessCriterion | None = None,
    ) -> ReadinessCriterion | None:
        """Add a criterion to ``task`` (or change ``criterion``)."""
        try:
            if criterion is not None:
                return services.update_criterion(
                    criterion, acting_user=acting_user, **self.values()
                )
            assert task is not None  # noqa: S101 - the view passes one or the other
            return services.add_criterion(task, acting_user=acting_user, **self.values())
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None
