"""Every service of the transitions app refuses an actor without ``transitions.edit``."""

from __future__ import annotations

import pytest

from ssrmonitor.testing.actors import SYSTEM, DeniedCase, assert_denied, call
from ssrmonitor.testing.factories_transitions import (
    MissionFactory,
    ReadinessCriterionFactory,
    TransitionPlanFactory,
    TransitionTaskFactory,
)
from ssrmonitor.transitions.models import FutureLeadKind
from ssrmonitor.transitions.services import plans

CASES: list[DeniedCase] = [
    DeniedCase(plans.create_plan, lambda: call(mission=MissionFactory(), title="Exit plan")),
    DeniedCase(plans.update_plan, lambda: call(TransitionPlanFactory(), title="Renamed plan")),
    DeniedCase(
        plans.create_task,
        lambda: call(
            TransitionPlanFactory(),
            title="Police handover",
            current_lead="Mission police component",
            future_lead_kind=FutureLeadKind.NATIONAL,
            future_lead="National police",
        ),
    ),
    DeniedCase(plans.update_task, lambda: call(TransitionTaskFactory(), title="Renamed task")),
    DeniedCase(plans.add_criterion, lambda: call(TransitionTaskFactory(), text="Units deployed")),
    DeniedCase(plans.update_criterion, lambda: call(ReadinessCriterionFactory(), is_met=True)),
    DeniedCase(plans.delete_criterion, lambda: call(ReadinessCriterionFactory())),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_refuses_an_actor_without_the_action(case: DeniedCase) -> None:
    assert_denied(case)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_same_call_succeeds_for_an_actor_with_the_action(case: DeniedCase) -> None:
    args, kwargs = case.build()
    case.service(*args, acting_user=SYSTEM, **kwargs)
