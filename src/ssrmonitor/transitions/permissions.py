"""Who sees and edits transition plans.

Built on :mod:`ssrmonitor.core.permissions`:

* the public sees published plans;
* members holding ``transitions.view_internal`` in the plan's country also see unpublished ones;
* editors and administrators (``transitions.edit``) change plans, tasks and criteria.

Ratings of linked indicators come only from indicators the reader may see
(:func:`ssrmonitor.benchmarks.permissions.indicators_visible_to`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.permissions import Action, NotFound, country_ids_with, has_action
from ssrmonitor.transitions.models import ReadinessCriterion, TransitionPlan, TransitionTask


def _plan_q(user: Viewer, prefix: str = "") -> Q:
    ids = country_ids_with(user, Action.VIEW_TRANSITIONS_INTERNAL)
    if ids is None:
        return Q()
    return Q(**{f"{prefix}is_published": True}) | Q(**{f"{prefix}country_id__in": ids})


def plans_visible_to(user: Viewer) -> QuerySet[TransitionPlan]:
    """Transition plans ``user`` may see."""
    return TransitionPlan.objects.filter(_plan_q(user)).select_related("mission", "country")


def tasks_visible_to(user: Viewer) -> QuerySet[TransitionTask]:
    """Tasks of the plans ``user`` may see."""
    return TransitionTask.objects.filter(_plan_q(user, "plan__"))


def access_plan_by_id(user: Viewer, plan_id: int) -> TransitionPlan:
    """A plan ``user`` may see, or :class:`NotFound`."""
    plan = plans_visible_to(user).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound
    return plan


def access_task_by_id(user: Viewer, task_id: int) -> TransitionTask:
    """A task of a plan ``user`` may see, or :class:`NotFound`."""
    task = tasks_visible_to(user).select_related("plan", "plan__country").filter(pk=task_id)
    found = task.first()
    if found is None:
        raise NotFound
    return found


def access_criterion_by_id(user: Viewer, criterion_id: int) -> ReadinessCriterion:
    """A criterion of a plan ``user`` may see, or :class:`NotFound`."""
    rows = ReadinessCriterion.objects.filter(_plan_q(user, "task__plan__"), pk=criterion_id)
    found = rows.select_related("task", "task__plan", "task__plan__country").first()
    if found is None:
        raise NotFound
    return found


def can_edit_plan(user: Viewer, plan: TransitionPlan) -> tuple[bool, str]:
    """May ``user`` change ``plan``, its tasks and criteria?"""
    if has_action(user, plan.country_id, Action.EDIT_TRANSITIONS):
        return True, ""
    return False, _("Only editors and administrators of the country edit transition plans.")


def can_create_plan(user: Viewer, country_id: int) -> tuple[bool, str]:
    """May ``user`` start a transition plan in the country?"""
    if has_action(user, country_id, Action.EDIT_TRANSITIONS):
        return True, ""
    return False, _("Only editors and administrators of the country edit transition plans.")
