"""Read-only admin views of transition plans (writes go through the services only)."""

from __future__ import annotations

from django.contrib import admin

from ssrmonitor.core.adminkit import ReadOnlyAdmin
from ssrmonitor.transitions.models import ReadinessCriterion, TransitionPlan, TransitionTask


@admin.register(TransitionPlan)
class TransitionPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "mission", "country", "end_date", "is_published")


@admin.register(TransitionTask)
class TransitionTaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "plan", "future_lead", "handover_date", "status")
    list_filter = ("status",)


@admin.register(ReadinessCriterion)
class ReadinessCriterionAdmin(ReadOnlyAdmin):
    list_display = ("text", "task", "indicator", "benchmark", "is_met")
