"""Every service of the scale-data app refuses an actor without the actions it needs."""

from __future__ import annotations

import pytest

from ssrmonitor.scaledata import activities, frameworks, persons, services
from ssrmonitor.scaledata.plan import ScalePlan
from ssrmonitor.testing.actors import DeniedCase, assert_denied, call
from ssrmonitor.testing.factories import country

CASES: list[DeniedCase] = [
    DeniedCase(services.generate_scale_data, lambda: call(ScalePlan.at(0.0025))),
    DeniedCase(frameworks.generate_framework, lambda: call(country("HT"), 1)),
    DeniedCase(activities.import_copies, lambda: call(5, ("HT",))),
    DeniedCase(persons.import_rosters, lambda: call(country("HT"), 5)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_service_refuses_an_actor_without_the_action(case: DeniedCase) -> None:
    assert_denied(case)
