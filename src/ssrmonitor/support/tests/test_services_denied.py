"""Every service of the support app refuses an actor without ``support.edit``/``support.import``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ssrmonitor.support.models import Activity, StrategyNode
from ssrmonitor.support.services import activities, alignment, imports, rates, strategy
from ssrmonitor.support.services.activities import NationalActivity
from ssrmonitor.testing.actors import SYSTEM, DeniedCase, assert_denied, call
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_support import national_activity, partner

HAITI_FILE = Path(__file__).resolve().parents[4] / "tests/fixtures/support/iati/doj-haiti.xml"
RATES = "currency,period,rate_to_usd\nEUR,2024,1.08\n"


def _entry() -> NationalActivity:
    return NationalActivity(
        identifier="XM-DENIED-1",
        reporting_org=partner("XM-DENIED", "A partner"),
        title="Police training",
        description="Training of the national police.",
        start=date(2024, 1, 1),
        sectors={"15210": Decimal(100)},
    )


def _pillar() -> StrategyNode:
    return strategy.create_strategy_node(
        country("HT"), acting_user=SYSTEM, level="pillar", code="1", title="Security"
    )


def _priority() -> StrategyNode:
    return strategy.create_strategy_node(
        country("HT"),
        acting_user=SYSTEM,
        level="priority",
        code="1.1",
        title="Police",
        parent=_pillar(),
    )


def _activity() -> Activity:
    return national_activity(country("HT"), partner("XM-DENIED", "A partner"), "A1")


CASES: list[DeniedCase] = [
    DeniedCase(activities.record_activity, lambda: call(country("HT"), _entry())),
    DeniedCase(
        strategy.create_strategy_node,
        lambda: call(country("HT"), level="pillar", code="1", title="Security"),
    ),
    DeniedCase(strategy.update_strategy_node, lambda: call(_pillar(), title="Justice")),
    DeniedCase(strategy.delete_strategy_node, lambda: call(_pillar())),
    DeniedCase(
        alignment.set_priority_links,
        lambda: call(_activity(), country("HT"), {_priority(): Decimal(100)}),
    ),
    DeniedCase(
        alignment.set_component_links,
        lambda: call(_activity(), country("HT"), {"police": Decimal(100)}),
    ),
    DeniedCase(imports.import_iati_file, lambda: call(HAITI_FILE, country=country("HT"))),
    DeniedCase(rates.load_exchange_rates, lambda: call(RATES)),
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
