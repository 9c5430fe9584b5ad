"""Screening thresholds: set by administrators, validated, audited; suggested from capacity."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_vetting import CaseFactory, ScreeningRunFactory
from ssrmonitor.vetting.models import ScreeningPolicy
from ssrmonitor.vetting.services.policy import (
    Thresholds,
    set_thresholds,
    suggest_thresholds,
    thresholds_of,
)


def test_administrator_sets_thresholds_audited(ada: Any) -> None:
    haiti = country("HT")
    set_thresholds(acting_user=ada, country=haiti, probable=26, possible=15)
    set_thresholds(acting_user=ada, country=haiti, probable="30.5", possible="16.25")
    assert thresholds_of(haiti) == Thresholds(30.5, 16.25)
    assert ScreeningPolicy.objects.count() == 1
    events = AuditEvent.objects.filter(object_type="vetting.screeningpolicy").order_by("pk")
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].before == {"probable": 26.0, "possible": 15.0}


@pytest.mark.parametrize("persona", ["vera", "reuben", "chloe", "victor", "fabrice"])
def test_others_may_not_set_thresholds(persona: str, vetting_personas: dict[str, Any]) -> None:
    with pytest.raises(Denied):
        set_thresholds(
            acting_user=vetting_personas[persona], country=country("HT"), probable=24, possible=14
        )


@pytest.mark.parametrize(
    ("probable", "possible", "field"),
    [(14, 24, "probable"), (14, 14, "probable"), (2000, 5, "probable"),
     (24, -1e6, "possible"), ("high", 5, "probable"), (float("nan"), 5, "probable")],
)  # fmt: skip
def test_thresholds_validated(ada: Any, probable: Any, possible: Any, field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        set_thresholds(acting_user=ada, country=country("HT"), probable=probable, possible=possible)
    assert caught.value.errors[0].field == field


def test_defaults_without_a_policy(db: None) -> None:
    found = thresholds_of(country("HT"))
    assert found.probable > found.possible


CURRENT = Thresholds(24.0, 14.0)
SCORES = [39.9, 35.5, 31.1, 28.8, 20.0, 17.2, 17.2, 16.5, 16.0, 15.5, 14.1, 3.0]


def test_suggestion_keeps_thresholds_within_capacity() -> None:
    found = suggest_thresholds(SCORES, 20, current=CURRENT)
    assert found.thresholds == CURRENT
    assert found.cases == 11
    assert not found.limited


@pytest.mark.parametrize("capacity", [0, 1, 3, 5, 6, 7, 10])
def test_suggestion_never_exceeds_capacity(capacity: int) -> None:
    found = suggest_thresholds(SCORES, capacity, current=CURRENT)
    assert found.limited
    assert found.cases <= capacity
    assert sum(s >= found.thresholds.possible for s in SCORES) == found.cases
    assert found.thresholds.probable >= found.thresholds.possible + 0.1 - 1e-9


def test_suggestion_is_the_lowest_that_fits() -> None:
    found = suggest_thresholds(SCORES, 5, current=CURRENT)
    # the 6th score is 17.2: just above it
    assert found.thresholds.possible == pytest.approx(17.3)
    assert found.cases == 5
    # ties: capacity 6 cannot take both 17.2s, so still 5
    assert suggest_thresholds(SCORES, 6, current=CURRENT).cases == 5


def test_probable_raised_when_possible_passes_it() -> None:
    found = suggest_thresholds(SCORES, 1, current=CURRENT)
    assert found.thresholds.possible == pytest.approx(35.6)
    assert found.thresholds.probable == pytest.approx(35.7)


def test_policy_page(ada: Any, vera: Any) -> None:
    haiti = country("HT")
    run = ScreeningRunFactory(country=haiti)
    for score in SCORES:
        CaseFactory(country=haiti, run=run, score=score)
    client = Client()
    client.force_login(ada)
    page = client.get("/vetting/thresholds/HT/", {"capacity": "5"})
    assert page.status_code == 200
    assert "17.3" in page.content.decode()
    response = client.post("/vetting/thresholds/HT/", {"probable": "26", "possible": "17.3"})
    assert response.status_code == 302
    assert thresholds_of(haiti) == Thresholds(26.0, 17.3)
    refused = client.post("/vetting/thresholds/HT/", {"probable": "5", "possible": "7"})
    assert refused.status_code == 422
    other = Client()
    other.force_login(vera)
    assert other.get("/vetting/thresholds/HT/").status_code == 403
