"""Every service of the reports app refuses an actor without the action."""

from __future__ import annotations

import pytest

from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.reports import services
from ssrmonitor.testing.actors import DeniedCase, assert_denied, call
from ssrmonitor.testing.factories import country

PERIOD = ReportingPeriod.parse("2019-H2")

CASES: list[DeniedCase] = [
    DeniedCase(
        services.save_narrative,
        lambda: call(country("HT"), PERIOD, "introduction", "The mandate was renewed."),
    ),
    DeniedCase(
        services.freeze_snapshot,
        lambda: call(country("HT"), PERIOD, title="S/2019/805, October 2019"),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_refuses_an_actor_without_the_action(case: DeniedCase) -> None:
    assert_denied(case)
