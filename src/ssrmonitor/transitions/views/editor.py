"""The plan editor: plans, tasks and readiness criteria (``transitions.edit``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ssrmonitor.core.http import (
    HtmxHttpRequest,
    allowed,
    domain_errors,
    form_page,
    posted,
    signed_in,
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


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def plan_create(request: HtmxHttpRequest, acronym: str) -> HttpResponseBase:
    """Start the transition plan of a mission."""
    user = signed_in(request)
    mission = Mission.objects.filter(acronym__iexact=acronym, country__isnull=False).first()
    if mission is None or mission.country_id is None:
        raise Http404
    allowed(can_create_plan(user, mission.country_id))
    form = PlanForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, mission=mission),
        success=_("Transition plan created. Add its tasks."),
        template=FORM,
        context={"heading": _("New transition plan of %s") % mission.acronym},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def plan_edit(request: HtmxHttpRequest, plan_id: int) -> HttpResponseBase:
    """Change a plan."""
    user = signed_in(request)
    found = access_plan_by_id(user, plan_id)
    allowed(can_edit_plan(user, found))
    form = PlanForm(posted(request), instance=found)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, plan=found),
        success=_("Transition plan saved."),
        template=FORM,
        context={"plan": found, "heading": _("Edit transition plan")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def task_create(request: HtmxHttpRequest, plan_id: int) -> HttpResponseBase:
    """Add a task to a plan."""
    user = signed_in(request)
    found = access_plan_by_id(user, plan_id)
    allowed(can_edit_plan(user, found))
    form = TaskForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, plan=found),
        success=_("Task added."),
        template=FORM,
        context={"plan": found, "heading": _("New task")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def task_edit(request: HtmxHttpRequest, task_id: int) -> HttpResponseBase:
    """Change a task."""
    user = signed_in(request)
    found = access_task_by_id(user, task_id)
    allowed(can_edit_plan(user, found.plan))
    form = TaskForm(posted(request), instance=found)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, task=found),
        success=_("Task saved."),
        template=FORM,
        context={"plan": found.plan, "heading": _("Edit task")},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def criterion_create(request: HtmxHttpRequest, task_id: int) -> HttpResponseBase:
    """Add a readiness criterion to a task."""
    user = signed_in(request)
    task = access_task_by_id(user, task_id)
    allowed(can_edit_plan(user, task.plan))
    form = CriterionForm(posted(request), user=user, country_id=task.plan.country_id)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, task=task),
        success=_("Criterion added."),
        template=FORM,
        context={"plan": task.plan, "heading": _("New readiness criterion")},
        to=lambda _criterion: redirect(task),
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def criterion_edit(request: HtmxHttpRequest, criterion_id: int) -> HttpResponseBase:
    """Change a readiness criterion (or judge it met by hand)."""
    user = signed_in(request)
    found = access_criterion_by_id(user, criterion_id)
    plan = found.task.plan
    allowed(can_edit_plan(user, plan))
    form = CriterionForm(posted(request), instance=found, user=user, country_id=plan.country_id)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, criterion=found),
        success=_("Criterion saved."),
        template=FORM,
        context={"plan": plan, "heading": _("Edit readiness criterion")},
        to=lambda _criterion: redirect(found.task),
    )
