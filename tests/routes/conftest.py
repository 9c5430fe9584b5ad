"""The route matrix's world: personas and objects built once per test module, rolled back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ssrmonitor.testing.route_personas import route_personas
from ssrmonitor.testing.route_world import build_route_world
from tests.routes.runner import RouteWorld, rolled_back


@pytest.fixture(scope="module")
def route_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[RouteWorld]:
    with django_db_blocker.unblock(), rolled_back():
        personas = route_personas()
        yield RouteWorld(personas, build_route_world(personas.users))
