"""An activity's alignment through the API: confirmed links, their input rules, suggestions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.support.models import Activity, ComponentLink, PriorityLink
from ssrmonitor.support.services.alignment import set_priority_links
from ssrmonitor.testing.factories import country

pytestmark = pytest.mark.django_db

API = "/api/v1/support"
JSON = "application/json"


def test_put_priorities_replaces_the_links_and_answers_the_alignment(
    client_of: Any, world: dict[str, Any]
) -> None:
    client = client_of("alice")
    url = f"{API}/countries/HT/activities/{world['ht'].pk}/priorities"
    body = {
        "priorities": [
            {"node_id": world["police"].pk, "share": "60"},
            {"node_id": world["objective"].pk, "share": 40},
        ]
    }
    response = client.put(url, body, content_type=JSON)
    assert response.status_code == 200
    out = response.json()
    assert out["activity_id"] == world["ht"].pk
    assert [(p["code"], p["share"], p["confirmed_by"]) for p in out["priorities"]] == [
        ("1.1", "60", "alice"),
        ("1.1.a", "40", "alice"),
    ]
    assert client.get(url.replace("priorities", "alignment")).json() == out
    replaced = client.put(
        url, {"priorities": [{"node_id": world["justice"].pk, "share": "100"}]}, content_type=JSON
    )
    assert [p["code"] for p in replaced.json()["priorities"]] == ["1.2"]
    removed = client.put(url, {"priorities": []}, content_type=JSON)
    assert removed.status_code == 200
    assert removed.json()["priorities"] == []
    assert not PriorityLink.objects.exists()


@pytest.mark.parametrize(
    ("items", "field", "reason_contains"),
    [
        ([("police", "60"), ("justice", "30")], "priorities", "90"),
        ([("police", "60"), ("justice", "50")], "priorities", "110"),
        ([("police", "0"), ("justice", "100")], "priorities.0.share", ""),
        ([("police", "150")], "priorities.0.share", ""),
        ([("police", "-10"), ("justice", "110")], "priorities.0.share priorities.1.share", ""),
        (
            [("police", "33.333"), ("justice", "66.667")],
            "priorities.0.share priorities.1.share",
            "",
        ),
        ([("police", "ten")], "priorities.0.share", ""),
        ([("police", "50"), ("police", "50")], "priorities.1.node_id", "more than once"),
        ([("justice", "50"), ("cf_pillar", "50")], "priorities.1.node_id", "this id"),
        ([(999999, "100")], "priorities.0.node_id", "this id"),
        ([("pillar", "100")], "priorities", "not a pillar"),
    ],
)
def test_bad_priority_shares_answer_422_with_the_field(
    client_of: Any,
    world: dict[str, Any],
    items: list[tuple[Any, str]],
    field: str,
    reason_contains: str,
) -> None:
    body = {
        "priorities": [
            {"node_id": world[n].pk if isinstance(n, str) else n, "share": s} for n, s in items
        ]
    }
    url = f"{API}/countries/HT/activities/{world['ht'].pk}/priorities"
    response = client_of("alice").put(url, body, content_type=JSON)
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert [e["field"] for e in detail] == field.split()  # every wrong field, in order
    assert reason_contains in detail[0]["reason"]
    assert not PriorityLink.objects.exists()


def test_put_components_replaces_the_classification(client_of: Any, world: dict[str, Any]) -> None:
    client = client_of("ada")
    url = f"{API}/countries/HT/activities/{world['ht'].pk}/components"
    body = {
        "components": [
            {"component": "police", "share": "70.5"},
            {"component": "justice", "share": "29.5"},
        ]
    }
    response = client.put(url, body, content_type=JSON)
    assert response.status_code == 200
    assert [(c["component"], c["label"], c["share"]) for c in response.json()["components"]] == [
        ("justice", "Justice", "29.5"),
        ("police", "Police", "70.5"),
    ]
    assert client.put(url, {"components": []}, content_type=JSON).json()["components"] == []
    assert not ComponentLink.objects.exists()


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([("police", "50")], "components"),
        ([("navy", "100")], "components.0.component"),
        ([("police", "50"), ("police", "50")], "components.1.component"),
        ([("police", "100.5")], "components.0.share"),
    ],
)
def test_bad_component_shares_answer_422_with_the_field(
    client_of: Any, world: dict[str, Any], items: list[tuple[str, str]], field: str
) -> None:
    body = {"components": [{"component": c, "share": s} for c, s in items]}
    url = f"{API}/countries/HT/activities/{world['ht'].pk}/components"
    response = client_of("alice").put(url, body, content_type=JSON)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == [field]
    assert not ComponentLink.objects.exists()


def test_a_missing_list_is_refused_rather_than_read_as_empty(
    client_of: Any, world: dict[str, Any], alice: Any
) -> None:
    set_priority_links(
        world["ht"], country("HT"), {world["police"]: Decimal(100)}, acting_user=alice
    )
    url = f"{API}/countries/HT/activities/{world['ht'].pk}/priorities"
    response = client_of("alice").put(url, {}, content_type=JSON)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["priorities"]
    assert PriorityLink.objects.count() == 1


def test_suggestions_come_from_sector_codes_and_keywords(
    client_of: Any, world: dict[str, Any]
) -> None:
    activity: Activity = world["ht"]
    response = client_of("victor").get(f"{API}/countries/HT/activities/{activity.pk}/suggestions")
    assert response.status_code == 200
    body = response.json()
    assert body["priorities"] == [
        {"node_id": world["police"].pk, "code": "1.1", "title": "Police", "reason": "DAC 15210"}
    ]
    components = {c["component"]: c["reason"] for c in body["components"]}
    # the reason quotes what the component's pattern matched (the stem “polic”)
    assert components == {"oversight": "DAC 15210", "police": "“polic”"}
    assert not PriorityLink.objects.exists()  # a suggestion is not a link


def test_openapi_describes_the_new_routes(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths[f"{API}/countries/{{iso2}}/strategy"]) == {"get", "post"}
    assert set(paths[f"{API}/countries/{{iso2}}/strategy/{{node_id}}"]) == {"patch", "delete"}
    for tail in ("priorities", "components"):
        put = paths[f"{API}/countries/{{iso2}}/activities/{{activity_id}}/{tail}"]["put"]
        assert {"200", "401", "403", "404", "422"} <= set(put["responses"])
    for tail in ("alignment", "suggestions"):
        assert "get" in paths[f"{API}/countries/{{iso2}}/activities/{{activity_id}}/{tail}"]
