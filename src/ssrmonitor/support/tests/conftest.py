"""Shared fixtures of the support tests: the real IATI files, countries, strategies, clients."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.support.models import StrategyNode
from ssrmonitor.support.services.strategy import create_strategy_node
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_support import national_activity, partner

ROOT = Path(__file__).resolve().parents[4]
FIXTURES = ROOT / "tests" / "fixtures" / "support" / "iati"
SHARED_ACTIVITIES = ROOT.parent / "shared" / "data" / "iati" / "activities"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def countries(db: None) -> None:
    """The real countries the fixtures name (HT, CF, CD, SS, TL)."""
    for iso2 in ("HT", "CF", "CD", "SS", "TL"):
        country(iso2)


@pytest.fixture
def client_of(request: pytest.FixtureRequest) -> Any:
    """A test client signed in as the named persona (only that persona is created)."""

    def make(name: str) -> Client:
        client = Client()
        if name != "public":
            client.force_login(request.getfixturevalue(name))
        return client

    return make


@pytest.fixture
def strategy(alice: Any) -> dict[str, StrategyNode]:
    """Haiti: pillars 1 and 2; priorities 1.1 (with objective 1.1.a) and 1.2 under pillar 1."""
    haiti = country("HT")

    def add(level: str, code: str, parent: StrategyNode | None = None, **kw: str) -> StrategyNode:
        return create_strategy_node(
            haiti,
            acting_user=alice,
            level=level,
            code=code,
            title=f"Title {code}",
            parent=parent,
            **kw,
        )

    p1 = add("pillar", "1")
    p2 = add("pillar", "2")
    police = add("priority", "1.1", p1, component="police", sector_codes="15210")
    justice = add("priority", "1.2", p1)
    objective = add("objective", "1.1.a", police)
    cf_pillar = create_strategy_node(
        country("CF"), acting_user=SYSTEM, level="pillar", code="1", title="Sécurité"
    )
    return {
        "p1": p1,
        "p2": p2,
        "police": police,
        "justice": justice,
        "objective": objective,
        "cf_pillar": cf_pillar,
    }


@pytest.fixture
def world(alice: Any, bob: Any) -> dict[str, Any]:
    """Haiti: pillar 1 → priority 1.1 (police, DAC 15210, “police”) → objective 1.1.a; 1.2.

    A national activity in Haiti (DAC 15210, “Police training”) and one in the CAR.
    """
    haiti, car = country("HT"), country("CF")
    pillar = create_strategy_node(
        haiti, acting_user=alice, level="pillar", code="1", title="Security"
    )
    police = create_strategy_node(
        haiti,
        acting_user=alice,
        level="priority",
        code="1.1",
        title="Police",
        parent=pillar,
        component="police",
        sector_codes="15210",
        keywords="police, gendarmerie",
    )
    justice = create_strategy_node(
        haiti, acting_user=alice, level="priority", code="1.2", title="Justice", parent=pillar
    )
    objective = create_strategy_node(
        haiti, acting_user=alice, level="objective", code="1.1.a", title="Vetting", parent=police
    )
    cf_pillar = create_strategy_node(
        car, acting_user=bob, level="pillar", code="1", title="Sécurité"
    )
    org = partner("XM-NAT", "National donor")
    return {
        "pillar": pillar,
        "police": police,
        "justice": justice,
        "objective": objective,
        "cf_pillar": cf_pillar,
        "ht": national_activity(haiti, org, "HT1", title="Police training"),
        "cf": national_activity(car, org, "CF1"),
    }
