"""Every API error has the one shape and is declared; bodies refuse unknown fields; paging is
bounded (findings 6, 7, 9 and 13 of issue 13).

Before: 404 as ``text/html`` on API paths that match no route, an undocumented 400 for a
body that is not JSON, ``/transitions/alerts`` declared with the items of
``/sanctions/alerts`` (two schemas named ``AlertOut``), ``?q=a%00b`` and a huge ``offset``
answered 500, and vetting bodies accepted unknown fields.
"""

from __future__ import annotations

import typing
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from ninja.params.models import BodyModel, FormModel
from pydantic import BaseModel

from ssrmonitor.api import api
from ssrmonitor.core.api_support import MAX_OFFSET
from ssrmonitor.core.schemas import InputSchema

SCHEMA = api.get_openapi_schema()


def _operations() -> list[Any]:
    return [
        operation
        for bound in api._get_bound_routers()
        for path_view in bound.path_operations.values()
        for operation in path_view.operations
    ]


def _models(annotation: Any, seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    """Every pydantic model inside ``annotation`` (fields, lists, unions), recursively."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in seen:
            seen.add(annotation)
            for field in annotation.model_fields.values():
                _models(field.annotation, seen)
        return seen
    for argument in typing.get_args(annotation):
        _models(argument, seen)
    return seen


def _bodies() -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    for operation in _operations():
        for params in operation.models:
            if issubclass(params, BodyModel | FormModel):
                for field in params.model_fields.values():
                    _models(field.annotation, found)
    return found


def test_every_request_body_refuses_unknown_fields() -> None:
    bodies = _bodies()
    assert len(bodies) > 30
    loose = sorted(
        f"{m.__module__}.{m.__qualname__}" for m in bodies if not issubclass(m, InputSchema)
    )
    assert not loose, loose


def test_no_two_schemas_share_a_name_in_the_document() -> None:
    """Two models of one name become one component: a route then declares another's items."""
    models: set[type[BaseModel]] = _bodies()
    for operation in _operations():
        for response in (operation.response_models or {}).values():
            _models(response, models)
    names: dict[str, set[str]] = defaultdict(set)
    for model in models:
        names[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    assert {name: where for name, where in names.items() if len(where) > 1} == {}


def test_transition_alerts_declare_their_own_items() -> None:
    route = SCHEMA["paths"]["/api/v1/transitions/alerts"]["get"]
    reference = route["responses"][200]["content"]["application/json"]["schema"]["items"]["$ref"]
    item = SCHEMA["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert "flag_id" not in item["required"]
    assert {"plan_id", "task_id", "handover_date"} <= set(item["required"])


def _declared(path: str, method: str, status: int) -> bool:
    return status in SCHEMA["paths"][path][method]["responses"]


def _shape(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["detail"] and {"field", "reason"} <= set(body["detail"][0])
    return body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/lessons/999999",
        "/api/v1/lessons/abc",
        "/api/v1/sanctions/parties/-1",
        "/api/v1/transitions/plans/1x",
        "/api/v1/frameworks/999999",
        "/api/v1/no-such-route",
    ],
)
def test_an_unknown_id_or_path_answers_the_json_404(client: Client, url: str) -> None:
    _shape(client.get(url), 404)


@pytest.mark.django_db
def test_a_method_no_route_takes_answers_the_shape(client: Client) -> None:
    response = client.put("/api/v1/lessons")
    _shape(response, 405)
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_a_declared_400(client: Client, alice: Any) -> None:
    client.force_login(alice)
    for path in ("/api/v1/sanctions/exemptions", "/api/v1/frameworks"):
        response = client.post(path, "{not json", content_type="application/json")
        body = _shape(response, 400)
        assert body["detail"][0]["reason"] == "The request body is not valid JSON."
        assert _declared(path, "post", 400)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/lessons", "/api/v1/sanctions/parties"])
def test_paging_is_bounded(client: Client, path: str) -> None:
    for query, field in (
        ({"offset": str(MAX_OFFSET + 1)}, "offset"),
        ({"offset": "99999999999999999999"}, "offset"),
        ({"limit": "201"}, "limit"),
    ):
        assert _shape(client.get(path, query), 422)["detail"][0]["field"] == field
    assert client.get(path, {"offset": str(MAX_OFFSET)}).json()["items"] == []


@pytest.mark.django_db
def test_control_characters_in_the_query_are_a_declared_422(client: Client) -> None:
    for query in ("q=a%00b", "q=a%1Bb", "country=H%00T", "a%00b=1"):
        body = _shape(client.get(f"/api/v1/lessons?{query}"), 422)
        assert "U+00" in body["detail"][0]["reason"]
    assert _shape(client.get("/api/v1/lessons?q=a%00b"), 422)["detail"][0]["field"] == "q"
    assert client.get("/api/v1/lessons?q=caf%C3%A9+police").status_code == 200
