"""The sanctions demo loader: real measures, one illustrative request, idempotent."""

from __future__ import annotations

import pytest

from ssrmonitor.sanctions.demo import load_demo
from ssrmonitor.sanctions.models import EmbargoMeasure, ExemptionRequest
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country

pytestmark = pytest.mark.django_db


def test_demo_loads_real_measures_once() -> None:
    country("CF")
    country("SS")
    first = load_demo(acting_user=SYSTEM)
    assert first == {"measures_created": 2, "exemption_requests_created": 1}
    assert load_demo(acting_user=SYSTEM) == {"measures_created": 0, "exemption_requests_created": 0}
    assert EmbargoMeasure.objects.filter(is_illustrative=False).count() == 2
    request = ExemptionRequest.objects.get()
    assert request.is_illustrative
    assert request.country.iso2 == "CF"
