"""CSV download of a plan's tasks with their readiness (same visibility as the plan page).

Cells a spreadsheet would run as a formula are neutralised with
:func:`~ssrmonitor.benchmarks.exports.escape_formula`.
"""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from ssrmonitor.benchmarks.permissions import indicators_visible_to
from ssrmonitor.core.exports import escape_formula
from ssrmonitor.core.http import HtmxHttpRequest, domain_errors
from ssrmonitor.core.numbers import plain
from ssrmonitor.transitions.permissions import access_plan_by_id
from ssrmonitor.transitions.selectors import TaskView, plan_view

COLUMNS = (
    "country_iso2", "mission", "plan", "task", "mandate_reference", "component", "current_lead",
    "future_lead_kind", "future_lead", "handover_date", "status", "handed_over_on",
    "readiness", "criteria", "criteria_off_track", "funding_needed_usd",
    "funding_identified_usd", "capacity_transfer", "risks", "source", "illustrative",
)  # fmt: skip


def task_row(view: TaskView) -> list[str]:
    """One CSV row for a task (plain strings, formula-escaped)."""
    task, plan = view.task, view.task.plan
    cells = [
        plan.country.iso2, plan.mission.acronym, plan.title, task.title, task.mandate_reference,
        task.component, task.current_lead, task.future_lead_kind, task.future_lead_name,
        task.handover_date.isoformat() if task.handover_date else "", task.status,
        task.handed_over_on.isoformat() if task.handed_over_on else "",
        view.readiness.rating.value, str(len(view.criteria)), str(view.readiness.off_track_count),
        plain(task.funding_needed) if task.funding_needed is not None else "",
        plain(task.funding_identified) if task.funding_identified is not None else "",
        task.capacity_transfer, task.risks, task.source, "yes" if task.is_illustrative else "",
    ]  # fmt: skip
    return [escape_formula(cell) for cell in cells]


@require_GET
@domain_errors
def plan_csv(request: HtmxHttpRequest, plan_id: int) -> HttpResponse:
    """The tasks of a plan the user may see, as CSV."""
    plan = access_plan_by_id(request.user, plan_id)
    view = plan_view(plan, indicators_visible_to(request.user))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(task_row(task) for task in view.tasks)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"transition-{plan.mission.acronym}-{plan.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
