"""Issue 14: a handed-over task showed "On track" beside criteria ✔ and ✖, on its page and in the
report; its readiness is now the roll-up of its criteria wherever it is shown."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.reports.builder import build_document, collect_country_report
from ssrmonitor.reports.render import render
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_transitions import (
    MissionFactory,
    ReadinessCriterionFactory,
    TransitionPlanFactory,
    TransitionTaskFactory,
)
from ssrmonitor.transitions.models import TaskStatus, TransitionPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> TransitionPlan:
    """One handed-over task whose criteria are one met, one not met."""
    mission = MissionFactory(acronym="MINUJUSTH", country=country("HT"))
    plan = TransitionPlanFactory(mission=mission, title="MINUJUSTH exit")
    task = TransitionTaskFactory(
        plan=plan,
        title="Public-order operations",
        status=TaskStatus.HANDED_OVER,
        handed_over_on=date(2026, 3, 1),
    )
    ReadinessCriterionFactory(task=task, text="Units deployed", is_met=True)
    ReadinessCriterionFactory(task=task, text="Logistics autonomous", is_met=False)
    return plan


def _task_badge(html: str) -> str:
    card = html[html.index("Public-order operations") :]
    return re.search(r'class="badge rating rating--(\w+)"', card).group(1)  # type: ignore[union-attr]


def test_the_plan_page_rates_a_handed_over_task_by_its_criteria(plan: TransitionPlan) -> None:
    html = Client().get(plan.get_absolute_url()).content.decode()
    assert _task_badge(html) == "at_risk"  # ✔ and ✖: mean score 1 → at risk, not on track
    assert "rating--on_track" in html and "rating--off_track" in html  # the two criteria


def test_the_report_gives_the_same_readiness(alice: Any, plan: TransitionPlan) -> None:
    payload = collect_country_report(alice, country("HT"), ReportingPeriod.parse("2026"), "public")
    task = payload["sections"]["transition_status"]["plans"][0]["tasks"][0]
    assert (task["status"], task["rating"]) == (TaskStatus.HANDED_OVER, "at_risk")
    html = render(build_document(payload, "en"), "html").content.decode()
    row = html[html.index("Public-order operations") :]
    assert row.index("At risk") < row.index("</tr>")
