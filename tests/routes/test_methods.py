"""A page declared only for reading must not write when posted to: it refuses the method (405)
or answers without a trace (the footprint of ``runner.py``), so that no write path hides behind
a route whose matrix has no write case. The superuser asks: it passes the most checks, on the
admin site too (whose pages answer any method)."""

from __future__ import annotations

import pytest

from tests.routes.kit import Case
from tests.routes.runner import RouteWorld, footprint, rolled_back, send, url_of
from tests.routes.tables import ALL_CASES

POSTED = {case.route for case in ALL_CASES if case.method == "POST"}
READ_ONLY: list[Case] = list(
    {
        case.route: case for case in ALL_CASES if not case.is_api and case.route not in POSTED
    }.values()
)


@pytest.mark.django_db
@pytest.mark.parametrize("case", READ_ONLY, ids=[case.route for case in READ_ONLY])
def test_a_page_without_a_write_case_writes_nothing_when_posted(
    case: Case, route_world: RouteWorld
) -> None:
    posted = Case(
        route=case.route, expect={}, ok=frozenset(), args=case.args, method="POST", query=case.query
    )
    with rolled_back():
        before = footprint([])
        response = send(posted, "superuser", url_of(posted, route_world.objects), {}, route_world)
        after = footprint([])
    changed = [key for key in before if before[key] != after[key]]
    assert response.status_code == 405 or (response.status_code < 500 and not changed), (
        f"{case.route} answers POST with {response.status_code} and changes {changed}: "
        "declare its write cases"
    )
