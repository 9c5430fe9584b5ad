"""The plan editor: plans, tasks and readiness criteria (``transitions.edit``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ssrmonitor.core.http import (
    INVALID_FORM,
    HtmxHttpRequest,
    allowed,
    domain_errors,
    posted,
    render_page,
)
from ssrmonitor.core.models import Mission
from ssrmonitor.transitions.forms import CriterionForm, PlanForm, TaskForm
from ssrmonitor.transitions.permissions import (
    access_criterion_by_id,
    access_plan_by_id,
    access_task_by_id,
    can_create_plan,
    can_edit_plan,
)

FORM = "transitions/form.html"


def _status(request: HtmxHttpRequest) -> int:
    return INVALID_FORM if request.method == "POST" else 200


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def plan_create(request: HtmxHttpRequest, acronym: str) -> HttpResponse:
    """Start the transition plan of a mission."""
    mission = Mission.objects.filter(acronym__iexact=acronym, country__isnull=False).first()
    if mission is None or mission.country_id is None:
        raise Http404
    allowed(can_create_plan(request.user, mission.country_id))
    form = PlanForm(posted(request))
    if form.is_bound and form.is_valid():
        created = form.save(acting_user=request.user, mission=mission)
        if created is not None:
            messages.success(request, _("Transition plan created. Add its tasks."))
            return redirect(created)
    context = {"form": form, "heading": _("New transition plan of %s") % mission.acronym}
    return render_page(request, FORM, context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def plan_edit(request: HtmxHttpRequest, plan_id: int) -> HttpResponse:
    """Change a plan."""
    found = access_plan_by_id(request.user, plan_id)
    allowed(can_edit_plan(request.user, found))
    form = PlanForm(posted(request), instance=found)
    if form.is_bound and form.is_valid():
        changed = form.save(acting_user=request.user, plan=found)
        if changed is not None:
            messages.success(request, _("Transition plan saved."))
            return redirect(changed)
    context = {"form": form, "plan": found, "heading": _("Edit transition plan")}
    return render_page(request, FORM, context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def task_create(request: HtmxHttpRequest, plan_id: int) -> HttpResponse:
    """Add a task to a plan."""
    found = access_plan_by_id(request.user, plan_id)
    allowed(can_edit_plan(request.user, found))
    form = TaskForm(posted(request))
    if form.is_bound and form.is_valid():
        created = form.save(acting_user=request.user, plan=found)
        if created is not None:
            messages.success(request, _("Task added."))
            return redirect(created)
    context = {"form": form, "plan": found, "heading": _("New task")}
    return render_page(request, FORM, context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def task_edit(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    """Change a task."""
    found = access_task_by_id(request.user, task_id)
    allowed(can_edit_plan(request.user, found.plan))
    form = TaskForm(posted(request), instance=found)
    if form.is_bound and form.is_valid():
        changed = form.save(acting_user=request.user, task=found)
        if changed is not None:
            messages.success(request, _("Task saved."))
            return redirect(changed)
    context = {"form": form, "plan": found.plan, "heading": _("Edit task")}
    return render_page(request, FORM, context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def criterion_create(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    """Add a readiness criterion to a task."""
    task = access_task_by_id(request.user, task_id)
    allowed(can_edit_plan(request.user, task.plan))
    form = CriterionForm(posted(request), user=request.user, country_id=task.plan.country_id)
    if form.is_bound and form.is_valid():
        created = form.save(acting_user=request.user, task=task)
        if created is not None:
            messages.success(request, _("Criterion added."))
            return redirect(task)
    context = {"form": form, "plan": task.plan, "heading": _("New readiness criterion")}
    return render_page(request, FORM, context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def criterion_edit(request: HtmxHttpRequest, criterion_id: int) -> HttpResponse:
    """Change a readiness criterion (or judge it met by hand)."""
    found = access_criterion_by_id(request.user, criterion_id)
    plan = found.task.plan
    allowed(can_edit_plan(request.user, plan))
    form = CriterionForm(
        posted(request), instance=found, user=request.user, country_id=plan.country_id
    )
    if form.is_bound and form.is_valid():
        changed = form.save(acting_user=request.user, criterion=found)
        if changed is not None:
            messages.success(request, _("Criterion saved."))
            return redirect(found.task)
    context = {"form": form, "plan": plan, "heading": _("Edit readiness criterion")}
    return render_page(request, FORM, context, status=_status(request))
