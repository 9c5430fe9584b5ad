"""Transition plans: services, linked ratings, pages, API, command and the permission matrix."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ssrmonitor.benchmarks.models import MeasurementStatus
from ssrmonitor.benchmarks.permissions import indicators_visible_to
from ssrmonitor.benchmarks.selectors import progress_of
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent, Mission
from ssrmonitor.core.permissions import Denied
from ssrmonitor.core.progress import Rating
from ssrmonitor.testing.factories import (
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)
from ssrmonitor.testing.factories_transitions import (
    MissionFactory,
    ReadinessCriterionFactory,
    TransitionPlanFactory,
    TransitionTaskFactory,
)
from ssrmonitor.transitions import services
from ssrmonitor.transitions.models import FutureLeadKind, TaskStatus
from ssrmonitor.transitions.selectors import plan_view

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "rachel", "victor", "ada", "bob", "root", "public"]
HT_MEMBERS = {"alice", "rachel", "victor", "ada", "root"}
EVERYONE = set(PERSONAS)
CF_MEMBERS = {"bob", "root"}


def _client(personas: dict[str, Any], name: str) -> Client:
    client = Client()
    if personas[name] is not None:
        client.force_login(personas[name])
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    ht = MissionFactory(acronym="MINUJUSTH", country=country("HT"))
    cf = MissionFactory(acronym="MINUSCA", country=country("CF"))
    return {
        "ht_published": TransitionPlanFactory(mission=ht, is_published=True),
        "ht_internal": TransitionPlanFactory(mission=ht, is_published=False),
        "cf_internal": TransitionPlanFactory(mission=cf, is_published=False),
    }


READERS = {"ht_published": EVERYONE, "ht_internal": HT_MEMBERS, "cf_internal": CF_MEMBERS}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("surface", ["page", "api"])
@pytest.mark.parametrize("target", list(READERS))
def test_reading_plans(
    world: dict[str, Any], personas: dict[str, Any], persona: str, surface: str, target: str
) -> None:
    plan = world[target]
    url = plan.get_absolute_url() if surface == "page" else f"/api/v1/transitions/plans/{plan.pk}"
    response = _client(personas, persona).get(url)
    assert response.status_code == (200 if persona in READERS[target] else 404)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("target", list(READERS))
def test_downloading_plan_tasks(
    world: dict[str, Any], personas: dict[str, Any], persona: str, target: str
) -> None:
    plan = world[target]
    TransitionTaskFactory(plan=plan, title="=HYPERLINK(1)")
    response = _client(personas, persona).get(reverse("transitions:plan_csv", args=[plan.pk]))
    assert response.status_code == (200 if persona in READERS[target] else 404)
    if response.status_code == 200:
        assert "'=HYPERLINK(1)" in response.content.decode()


EDIT = {
    "alice": 200,
    "ada": 200,
    "root": 200,
    "rachel": 403,
    "victor": 403,
    "bob": 404,
    "public": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_editing_an_internal_plan(
    world: dict[str, Any], personas: dict[str, Any], persona: str
) -> None:
    url = reverse("transitions:plan_edit", args=[world["ht_internal"].pk])
    assert _client(personas, persona).get(url).status_code == EDIT[persona]


def test_creating_a_plan_takes_the_missions_country_and_is_audited(alice: Any) -> None:
    mission = MissionFactory(acronym="BINUH", country=country("HT"))
    plan = services.create_plan(acting_user=alice, mission=mission, title="BINUH transition")
    assert plan.country.iso2 == "HT"
    assert AuditEvent.objects.filter(
        object_type="transitions.transitionplan", action="create"
    ).exists()


def test_other_country_editor_cannot_create_a_plan(bob: Any) -> None:
    mission = MissionFactory(acronym="BINUH", country=country("HT"))
    with pytest.raises(Denied):
        services.create_plan(acting_user=bob, mission=mission, title="x")


def test_a_mission_without_country_cannot_have_a_plan(alice: Any) -> None:
    mission = Mission.objects.create(acronym="UNTSO", name="UNTSO", kind="peacekeeping")
    with pytest.raises(ValidationFailed) as info:
        services.create_plan(acting_user=alice, mission=mission, title="x")
    assert info.value.errors[0].field == "mission"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"future_lead": ""}, "future_lead"),
        ({"funding_needed": Decimal("-1")}, "funding_needed"),
        ({"status": TaskStatus.HANDED_OVER}, "handed_over_on"),
        ({"handed_over_on": date(2026, 1, 1)}, "status"),
    ],
)
def test_task_rules(world: dict[str, Any], alice: Any, changes: dict[str, Any], field: str) -> None:
    base = {
        "title": "Public order",
        "current_lead": "Mission",
        "future_lead_kind": FutureLeadKind.NATIONAL,
        "future_lead": "National police",
    }
    with pytest.raises(ValidationFailed) as info:
        services.create_task(world["ht_internal"], acting_user=alice, **(base | changes))
    assert info.value.errors[0].field == field


def test_criteria_link_only_to_indicators_of_the_plans_country(
    world: dict[str, Any], alice: Any
) -> None:
    task = TransitionTaskFactory(plan=world["ht_internal"])
    other = IndicatorFactory(benchmark__framework__country=country("CF"))
    with pytest.raises(ValidationFailed) as info:
        services.add_criterion(task, acting_user=alice, text="x", indicator=other)
    assert info.value.errors[0].field == "indicator"


def test_criteria_show_the_computed_rating_of_their_indicator(
    world: dict[str, Any], alice: Any
) -> None:
    indicator = IndicatorFactory(benchmark__framework__country=country("HT"))
    MeasurementFactory(
        indicator=indicator, period_text="2019-Q1", status=MeasurementStatus.APPROVED
    )
    task = TransitionTaskFactory(plan=world["ht_published"])
    linked = ReadinessCriterionFactory(task=task, indicator=indicator)
    by_hand = ReadinessCriterionFactory(task=task, is_met=False)
    view = plan_view(world["ht_published"], indicators_visible_to(alice))
    ratings = {row.criterion.pk: row.rating for row in view.tasks[0].criteria}
    assert ratings[linked.pk] is progress_of([indicator])[indicator.pk].rating
    assert ratings[by_hand.pk] is Rating.OFF_TRACK


def test_the_public_does_not_see_ratings_of_unpublished_indicators(world: dict[str, Any]) -> None:
    framework = FrameworkFactory(country=country("HT"), is_published=False)
    indicator = IndicatorFactory(benchmark__framework=framework)
    MeasurementFactory(indicator=indicator, status=MeasurementStatus.APPROVED)
    criterion = ReadinessCriterionFactory(task__plan=world["ht_published"], indicator=indicator)
    view = plan_view(world["ht_published"], indicators_visible_to(AnonymousUser()))
    row = view.tasks[0].criteria[0]
    assert (row.criterion.pk, row.rating, row.linked_visible) == (
        criterion.pk,
        Rating.NO_DATA,
        False,
    )


@pytest.fixture
def due_task(world: dict[str, Any]) -> Any:
    """A task of the published HT plan due in 30 days with a criterion judged not met."""
    task = TransitionTaskFactory(
        plan=world["ht_published"],
        title="Hand over prison security",
        handover_date=timezone.localdate() + timedelta(days=30),
    )
    ReadinessCriterionFactory(task=task, is_met=False)
    return task


def test_plan_page_shows_summary_timeline_and_alerts(due_task: Any, client: Client) -> None:
    body = client.get(due_task.plan.get_absolute_url()).content.decode()
    assert "<svg" in body
    assert "Hand over prison security" in body
    assert f'href="#task-{due_task.pk}"' in body
    fragment = client.get(
        due_task.plan.get_absolute_url(), {"months": "1"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Hand over prison security" in fragment
    assert "<svg" not in fragment


def test_alerts_api_and_command(due_task: Any, client: Client) -> None:
    alerts = client.get("/api/v1/transitions/alerts", {"months": 2}).json()
    assert [a["task_id"] for a in alerts] == [due_task.pk]
    assert alerts[0]["days_left"] == 30
    assert client.get("/api/v1/transitions/alerts", {"months": 2, "country": "CF"}).json() == []
    out, err = StringIO(), StringIO()
    call_command("transition_alerts", "--months", "2", stdout=out, stderr=err)
    assert "Hand over prison security" in out.getvalue()
    assert "1 alert(s)" in err.getvalue()


def test_editor_adds_a_task_through_the_page(
    world: dict[str, Any], personas: dict[str, Any]
) -> None:
    plan = world["ht_internal"]
    response = _client(personas, "alice").post(
        reverse("transitions:task_create", args=[plan.pk]),
        {
            "title": "Border posts",
            "component": "border_customs",
            "current_lead": "Mission",
            "future_lead_kind": "national",
            "future_lead": "Customs",
            "status": "not_started",
            "position": "0",
        },
    )
    assert response.status_code == 302
    assert plan.tasks.get().title == "Border posts"
