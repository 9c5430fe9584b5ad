"""Reading pages: the transition plans, a plan with its timeline, readiness and alerts."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from ssrmonitor.benchmarks.permissions import indicators_visible_to
from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, render_page
from ssrmonitor.core.models import Mission
from ssrmonitor.core.progress import Rating
from ssrmonitor.transitions.charts import render_timeline
from ssrmonitor.transitions.permissions import (
    access_plan_by_id,
    can_create_plan,
    can_edit_plan,
    plans_visible_to,
)
from ssrmonitor.transitions.readiness import due_alerts
from ssrmonitor.transitions.selectors import plan_view

DEFAULT_MONTHS = 6
MAX_MONTHS = 60


def months_of(request: HtmxHttpRequest) -> int:
    """The alert horizon from ``?months=`` (1 to 60, default 6)."""
    text = request.GET.get("months", "")
    if not text.isdigit():
        return DEFAULT_MONTHS
    return min(max(int(text), 1), MAX_MONTHS)


@require_safe
def plans(request: HtmxHttpRequest) -> HttpResponse:
    """Every transition plan the user may see, and the missions where they may start one."""
    rows = list(plans_visible_to(request.user).order_by("country__name", "-end_date"))
    missions = [
        m
        for m in Mission.objects.filter(country__isnull=False).select_related("country")
        if can_create_plan(request.user, m.country_id)[0]  # type: ignore[arg-type]
    ]
    return render_page(request, "transitions/plans.html", {"plans": rows, "missions": missions})


@require_safe
@domain_errors
def plan(request: HtmxHttpRequest, plan_id: int) -> HttpResponse:
    """A plan: readiness summary, timeline, alerts, tasks and their criteria."""
    found = access_plan_by_id(request.user, plan_id)
    view = plan_view(found, indicators_visible_to(request.user))
    today = timezone.localdate()
    months = months_of(request)
    context = {
        "plan": found,
        "view": view,
        "timeline": render_timeline(view, today=today),
        "alerts": due_alerts([t.readiness for t in view.tasks], today=today, months=months),
        "months": months,
        "ratings": list(Rating),
        "may_edit": can_edit_plan(request.user, found)[0],
    }
    return render_page(request, "transitions/plan.html", context, fragment="alerts")
