"""Version 1 of the API only changes by addition: every route and operation id it published stays.

``tests/fixtures/openapi-v1-operation-ids.json`` holds the method, path and operation id of every
route of v1 as published (generated from ``/api/v1/openapi.json`` of release 0.1.0). New routes
may be added; none may disappear or be renamed, whatever modules the routers are split into.
"""

from __future__ import annotations

import json
from pathlib import Path

from ssrmonitor.api import api

PUBLISHED = Path(__file__).parent / "fixtures" / "openapi-v1-operation-ids.json"


def _current() -> dict[str, str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}": operation["operationId"]
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


def test_every_published_route_keeps_its_operation_id() -> None:
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    current = _current()
    assert len(published) > 100
    changed = {
        route: (operation_id, current.get(route))
        for route, operation_id in published.items()
        if current.get(route) != operation_id
    }
    assert not changed, changed
