"""Every route is in the matrix: each URL pattern and each operation of the OpenAPI document.

A route added without a case in a ``table_*.py`` fails here, by name, with where it is served
from; a case naming a route that no longer exists fails too. The matrix itself (the
``test_matrix_*.py`` modules) then asks each declared case as every persona.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver

from ssrmonitor.api import api
from tests.routes.deviations import DEVIATIONS
from tests.routes.kit import API_PREFIX, Case
from tests.routes.tables import ALL_CASES

NINJA_NAMESPACE = "api"


def url_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, str]]:
    """``(key, route, view)`` of every URL pattern, recursively: the key is the pattern's name
    with its namespaces (``admin:core_membership_change``), or its route when it has none."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, prefix + str(entry.pattern), inner)
            continue
        assert isinstance(entry, URLPattern)
        route = prefix + str(entry.pattern)
        callback = entry.callback
        view = f"{callback.__module__}.{getattr(callback, '__qualname__', callback)}"
        key = f"{namespace}{entry.name}" if entry.name else route
        yield key, route, view


@cache
def openapi_operations() -> dict[str, str]:
    """``"METHOD /path"`` (after /api/v1) → operation id, from the OpenAPI document."""
    schema = api.get_openapi_schema()
    found: dict[str, str] = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            key = f"{method.upper()} {path.removeprefix(API_PREFIX)}"
            found[key] = str(operation.get("operationId", ""))
    return found


def _openapi_path(route: str) -> str:
    """``api/v1/frameworks/<int:framework_id>`` → ``/frameworks/{framework_id}``."""
    path = "/" + route.removeprefix(API_PREFIX.lstrip("/") + "/")
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)


@cache
def routes() -> dict[str, str]:
    """Every route to declare: key → where it comes from (for the failure message)."""
    operations = openapi_operations()
    api_paths = {key.split(" ", 1)[1] for key in operations}
    found: dict[str, str] = {}
    for key, route, view in url_patterns():
        if key.startswith(f"{NINJA_NAMESPACE}:") and _openapi_path(route) in api_paths:
            continue  # an operation of the OpenAPI document, declared as such below
        found[key] = f"/{route} ({view})"
    for key, operation_id in operations.items():
        method, path = key.split(" ", 1)
        found[key] = f"{method} {API_PREFIX}{path} (operation {operation_id})"
    return found


def _declared(cases: list[Case]) -> set[str]:
    return {case.route for case in cases}


def test_every_route_is_declared_in_the_matrix() -> None:
    missing = {key: where for key, where in routes().items() if key not in _declared(ALL_CASES)}
    assert not missing, (
        f"{len(missing)} route(s) have no case in tests/routes/table_*.py; declare who may do "
        "what with each (see tests/routes/kit.py):\n  "
        + "\n  ".join(f"{key}: {where}" for key, where in sorted(missing.items()))
    )


def test_every_declared_route_exists() -> None:
    stale = sorted(_declared(ALL_CASES) - set(routes()))
    assert not stale, "cases for routes that no longer exist:\n  " + "\n  ".join(stale)


def test_every_api_pattern_is_an_operation_of_the_openapi_document() -> None:
    api_paths = {key.split(" ", 1)[1] for key in openapi_operations()}
    hidden = [
        f"/{route} ({view})"
        for key, route, view in url_patterns()
        if key.startswith(f"{NINJA_NAMESPACE}:")
        and route.startswith(API_PREFIX.lstrip("/"))
        and _openapi_path(route) not in api_paths
        and key not in _declared(ALL_CASES)
    ]
    assert not hidden, "API routes missing from the OpenAPI document:\n  " + "\n  ".join(hidden)


def test_cases_expect_a_status_of_every_persona() -> None:
    incomplete = [case.label for case in ALL_CASES if set(case.expect) != set(case.personas)]
    assert not incomplete, incomplete


def test_case_labels_are_unique() -> None:
    """A label names one case (in failures, test ids and ``deviations.py``): add a state."""
    labels = [case.label for case in ALL_CASES]
    assert not {label for label in labels if labels.count(label) > 1}


def test_every_deviation_names_a_case_and_persona() -> None:
    cases = {case.label: case for case in ALL_CASES}
    unknown = [
        key for key in DEVIATIONS if key[0] not in cases or key[1] not in cases[key[0]].expect
    ]
    assert not unknown, unknown
