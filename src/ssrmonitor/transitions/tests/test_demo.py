"""The transitions demo: real plans of MINUJUSTH, UNMIT, UNMIL and an illustrative MONUSCO one."""

from __future__ import annotations

import pytest

from ssrmonitor.core.services import load_countries, load_missions
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.transitions.demo import load_demo
from ssrmonitor.transitions.models import TransitionPlan, TransitionTask

pytestmark = pytest.mark.django_db


def test_demo_loads_the_plans_once_and_marks_what_is_illustrative() -> None:
    load_countries(acting_user=SYSTEM)
    load_missions(acting_user=SYSTEM)
    first = load_demo(acting_user=SYSTEM)
    assert first["plans_created"] == 4
    assert first["plans_skipped"] == 0
    assert load_demo(acting_user=SYSTEM) == {
        "plans_created": 0,
        "tasks_created": 0,
        "plans_skipped": 0,
    }
    assert set(TransitionPlan.objects.values_list("mission__acronym", flat=True)) == {
        "MINUJUSTH", "UNMIT", "UNMIL", "MONUSCO",
    }  # fmt: skip
    real = TransitionTask.objects.filter(is_illustrative=False)
    assert real.exists()
    assert not real.filter(source="").exists()
    monusco = TransitionTask.objects.filter(plan__mission__acronym="MONUSCO")
    assert monusco.count() == monusco.filter(is_illustrative=True).count() == 2
