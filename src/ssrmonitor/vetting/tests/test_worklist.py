"""Issue 14: the vetting part of the home worklist — case deadlines and referrals, only for the
vetting roles of the country, without any personal data."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_vetting import AgeAssessmentFactory, CaseFactory
from ssrmonitor.vetting.models.age import AgeOutcome
from ssrmonitor.vetting.models.cases import CaseStatus

pytestmark = pytest.mark.django_db


def _home(user: Any) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(reverse("home")).content.decode()


def worklist_of(user: Any) -> dict[tuple[str, str], int]:
    html = _home(user)
    if 'id="worklist-heading"' not in html:
        return {}
    section = html.split('id="worklist-heading"', 1)[1].split('id="active-heading"', 1)[0]
    found = {}
    for block in section.split('class="card worklist__country"')[1:]:
        name = re.search(r'class="card__title"[^>]*>([^<]+)<', block).group(1)  # type: ignore[union-attr]
        for kind, count in re.findall(
            r'data-kind="(\w+)">\s*<a [^>]*><strong class="worklist__count">(\d+)<', block
        ):
            found[(name, kind)] = int(count)
    return found


@pytest.fixture
def cases() -> dict[str, Any]:
    """Haiti: a case notified (due in 30 days), one decided with its appeal deadline in 3 days,
    one final; a referral and a pending assessment. The CAR: one notified case."""
    today = timezone.localdate()
    notified = CaseFactory(notified=True)
    soon = CaseFactory(decided=True, due_on=today + timedelta(days=3))
    CaseFactory(status=CaseStatus.FINAL, due_on=today - timedelta(days=3))
    AgeAssessmentFactory(outcome=AgeOutcome.REFERRED)
    AgeAssessmentFactory()
    car = CaseFactory(notified=True, country=country("CF"))
    return {"notified": notified, "soon": soon, "car": car}


HT, CF = "Haiti", "Central African Republic"
EXPECTED = {
    "vera": {(HT, "case_deadlines"): 2},  # vetting officer: the open cases, not the final one
    "reuben": {(HT, "case_deadlines"): 2},  # vetting reviewer
    "chloe": {(HT, "referrals"): 1},  # child protection: referrals only, no case
    "fabrice": {(CF, "case_deadlines"): 1},  # vetting officer of the CAR: his country only
    "victor": {},  # a viewer of Haiti: no vetting work
    "root": {},  # superuser: no personal data, so no case
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_vetting_work_by_persona(
    cases: dict[str, Any], vetting_personas: dict[str, Any], name: str
) -> None:
    assert worklist_of(vetting_personas[name]) == EXPECTED[name]


def test_case_deadlines_are_nearest_first_urgent_and_name_nobody(
    cases: dict[str, Any], vera: Any
) -> None:
    html = _home(vera)
    section = html.split('id="worklist-heading"', 1)[1].split('id="active-heading"', 1)[0]
    soon, later = cases["soon"], cases["notified"]
    assert section.index(f"Case {soon.pk}, due") < section.index(f"Case {later.pk}, due")
    assert "worklist__item--urgent" in section
    for case in (soon, later):  # encrypted personal data never reaches the home page
        assert case.person.full_name and case.person.full_name not in section
