"""The transition status section of the country report."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

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
from ssrmonitor.transitions.models import TaskStatus

pytestmark = pytest.mark.django_db
Y2026 = ReportingPeriod.parse("2026")
SECRET = "Unpublished drawdown plan"


@pytest.fixture
def plans() -> None:
    """HT: a published plan (one task handed over, one due 31 March 2027 with a criterion not
    met, one due 2028 with no criterion) and an unpublished plan."""
    mission = MissionFactory(acronym="BINUH", country=country("HT"))
    plan = TransitionPlanFactory(mission=mission, title="BINUH drawdown")
    TransitionTaskFactory(
        plan=plan, title="Prison registry", status=TaskStatus.HANDED_OVER, position=1
    )
    due = TransitionTaskFactory(plan=plan, title="Police vetting", position=2)
    ReadinessCriterionFactory(task=due, is_met=False)
    TransitionTaskFactory(
        plan=plan, title="Border posts", handover_date=date(2028, 6, 30), position=3
    )
    TransitionPlanFactory(mission=mission, title=SECRET, is_published=False)


def test_internal_report_shows_tasks_summary_and_alerts(alice: Any, plans: None) -> None:
    payload = collect_country_report(alice, country("HT"), Y2026, "internal")
    data = payload["sections"]["transition_status"]
    titles = [plan["title"] for plan in data["plans"]]
    assert sorted(titles) == ["BINUH drawdown", SECRET]
    binuh = next(plan for plan in data["plans"] if plan["title"] == "BINUH drawdown")
    assert [t["title"] for t in binuh["tasks"]] == [
        "Prison registry",
        "Police vetting",
        "Border posts",
    ]
    assert binuh["handed_over"] == 1
    assert binuh["alerts"] == [
        {"title": "Police vetting", "handover": "2027-03-31", "days_left": 90, "off_track": 1}
    ]
    json.dumps(payload, sort_keys=True)
    document = build_document(payload, "en")
    assert any(
        line.startswith("BINUH transition: 1 of 3 tasks handed over") for line in document.summary
    )
    html = render(document, "html").content.decode()
    assert "Transition status" in html and "31 March 2027" in html


def test_public_report_has_published_plans_only(alice: Any, plans: None) -> None:
    payload = collect_country_report(alice, country("HT"), Y2026, "public")
    assert [plan["title"] for plan in payload["sections"]["transition_status"]["plans"]] == [
        "BINUH drawdown"
    ]
    assert SECRET not in json.dumps(payload)
    assert SECRET not in render(build_document(payload, "en"), "html").content.decode()


def test_section_left_out_before_the_transition(alice: Any, plans: None) -> None:
    payload = collect_country_report(
        alice, country("HT"), ReportingPeriod.parse("2024"), "internal"
    )
    assert "transition_status" not in payload["sections"]
