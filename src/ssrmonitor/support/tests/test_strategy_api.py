"""The national strategy through the API: permissions and input rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.services import create_api_token
from ssrmonitor.support.models import StrategyNode
from ssrmonitor.support.services.alignment import set_priority_links
from ssrmonitor.support.services.strategy import create_strategy_node
from ssrmonitor.testing.factories import country

pytestmark = pytest.mark.django_db

API = "/api/v1/support"
JSON = "application/json"
PERSONAS = ["alice", "rachel", "victor", "ada", "bob", "root", "public"]
READ_HT = {"alice": 200, "rachel": 200, "victor": 200, "ada": 200, "bob": 404, "root": 200}
READ_HT["public"] = 404
READ_CF = {"alice": 404, "rachel": 404, "victor": 404, "ada": 404, "bob": 200, "root": 200}
READ_CF["public"] = 404


def _write(ok: int) -> dict[str, int]:
    """Editors and administrators of Haiti and the superuser: ``ok``; other members: 403."""
    return {
        "alice": ok,
        "rachel": 403,
        "victor": 403,
        "ada": ok,
        "bob": 404,
        "root": ok,
        "public": 401,
    }


def _call(client: Client, method: str, url: str, body: Any = None) -> Any:
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type=JSON)


# (name, method, url template, body, expected by persona)
ROUTES: list[tuple[str, str, str, Any, dict[str, int]]] = [
    ("GET strategy", "get", "/countries/HT/strategy", None, READ_HT),
    ("GET strategy of the CAR", "get", "/countries/CF/strategy", None, READ_CF),
    (
        "POST element",
        "post",
        "/countries/HT/strategy",
        {"level": "priority", "code": "1.9", "title": "New", "parent_id": "{pillar}"},
        _write(201),
    ),
    (
        "PATCH element",
        "patch",
        "/countries/HT/strategy/{police}",
        {"title": "Changed"},
        _write(200),
    ),
    ("DELETE element", "delete", "/countries/HT/strategy/{objective}", None, _write(204)),
    ("GET alignment", "get", "/countries/HT/activities/{ht}/alignment", None, READ_HT),
    (
        "PUT priorities",
        "put",
        "/countries/HT/activities/{ht}/priorities",
        {"priorities": [{"node_id": "{police}", "share": "100"}]},
        _write(200),
    ),
    (
        "PUT components",
        "put",
        "/countries/HT/activities/{ht}/components",
        {"components": [{"component": "police", "share": 100}]},
        _write(200),
    ),
    ("GET suggestions", "get", "/countries/HT/activities/{ht}/suggestions", None, READ_HT),
]


def _fill(value: Any, world: dict[str, Any]) -> Any:
    """Replace ``"{name}"`` by the primary key of ``world[name]``, in URLs and bodies."""
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in world:
            return world[value[1:-1]].pk
        return value.format(**{k: v.pk for k, v in world.items()})
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, world) for v in value]
    return value


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("route", "method", "url", "body", "expected"), ROUTES, ids=[r[0] for r in ROUTES]
)
def test_permission_matrix(
    client_of: Any,
    world: dict[str, Any],
    persona: str,
    route: str,
    method: str,
    url: str,
    body: Any,
    expected: dict[str, int],
) -> None:
    events = AuditEvent.objects.count()
    response = _call(client_of(persona), method, API + _fill(url, world), _fill(body, world))
    assert response.status_code == expected[persona], (route, response.content)
    if response.status_code >= 400:
        assert response.json()["status"] == response.status_code
        assert AuditEvent.objects.count() == events  # nothing written
    elif method != "get":
        assert AuditEvent.objects.count() == events + 1


# Objects of another country under Haiti's URL: 404 for everybody, the superuser included.
ELSEWHERE = [
    ("get", "/countries/HT/activities/{cf}/alignment", None),
    ("get", "/countries/HT/activities/{cf}/suggestions", None),
    ("put", "/countries/HT/activities/{cf}/priorities", {"priorities": []}),
    ("put", "/countries/HT/activities/{cf}/components", {"components": []}),
    ("patch", "/countries/HT/strategy/{cf_pillar}", {"title": "x"}),
    ("delete", "/countries/HT/strategy/{cf_pillar}", None),
    ("delete", "/countries/HT/strategy/999999", None),
    ("get", "/countries/XX/strategy", None),
]


@pytest.mark.parametrize("persona", ["alice", "root"])
@pytest.mark.parametrize(("method", "url", "body"), ELSEWHERE)
def test_other_countries_objects_are_not_found(
    client_of: Any, world: dict[str, Any], persona: str, method: str, url: str, body: Any
) -> None:
    response = _call(client_of(persona), method, API + _fill(url, world), body)
    assert response.status_code == 404
    assert StrategyNode.objects.filter(pk=world["cf_pillar"].pk).exists()


def test_bearer_token_may_write_and_a_token_is_needed(world: dict[str, Any], alice: Any) -> None:
    _token, raw = create_api_token(alice, acting_user=alice, name="script")
    client = Client()
    url = f"{API}/countries/HT/activities/{world['ht'].pk}/components"
    body = {"components": [{"component": "justice", "share": "100"}]}
    assert client.put(url, body, content_type=JSON).status_code == 401
    response = client.put(url, body, content_type=JSON, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["components"][0]["confirmed_by"] == "alice"


# --- the tree ---------------------------------------------------------------------------------


def test_tree_nests_elements_and_counts_linked_activities(
    client_of: Any, world: dict[str, Any], alice: Any
) -> None:
    set_priority_links(
        world["ht"], country("HT"), {world["police"]: Decimal(100)}, acting_user=alice
    )
    body = client_of("victor").get(f"{API}/countries/HT/strategy").json()
    assert body["country"] == "HT"
    [pillar] = body["nodes"]
    assert (pillar["code"], pillar["level"], pillar["parent_id"]) == ("1", "pillar", None)
    police, justice = pillar["children"]
    assert police == {
        "id": world["police"].pk,
        "level": "priority",
        "code": "1.1",
        "title": "Police",
        "parent_id": world["pillar"].pk,
        "component": "police",
        "sector_codes": ["15210"],
        "keywords": ["police", "gendarmerie"],
        "position": 1,
        "linked_activities": 1,
        "children": [
            {
                "id": world["objective"].pk,
                "level": "objective",
                "code": "1.1.a",
                "title": "Vetting",
                "parent_id": world["police"].pk,
                "component": "",
                "sector_codes": [],
                "keywords": [],
                "position": 3,
                "linked_activities": 0,
                "children": [],
            }
        ],
    }
    assert (justice["code"], justice["linked_activities"]) == ("1.2", 0)


# --- creating, changing, removing elements ----------------------------------------------------


def test_post_creates_an_element_and_answers_it(client_of: Any, world: dict[str, Any]) -> None:
    payload = {
        "level": "objective",
        "code": "1.2.a",
        "title": "Legal aid",
        "parent_id": world["justice"].pk,
        "component": "justice",
        "sector_codes": ["15130", "1516010"],
        "keywords": ["legal aid", " aide juridique "],
    }
    response = client_of("alice").post(f"{API}/countries/HT/strategy", payload, content_type=JSON)
    assert response.status_code == 201
    body = response.json()
    node = StrategyNode.objects.get(pk=body["id"])
    assert (node.parent_id, node.sector_codes, node.keywords) == (
        world["justice"].pk,
        "15130 1516010",
        "legal aid, aide juridique",
    )
    assert body["keywords"] == ["legal aid", "aide juridique"]
    event = AuditEvent.objects.get(action="create", object_id=str(node.pk))
    assert event.actor_name == "alice"


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"level": "priority"}, {"parent_id"}),  # a priority needs a pillar
        ({"level": "objective", "parent_id": "{pillar}"}, {"parent_id"}),  # not under a pillar
        ({"level": "pillar", "parent_id": "{pillar}"}, {"parent_id"}),
        ({"level": "priority", "parent_id": "{cf_pillar}"}, {"parent_id"}),  # another country's
        ({"level": "priority", "parent_id": 999999}, {"parent_id"}),
        ({"level": "pillar", "code": "1"}, {"code"}),  # already used
        ({"level": "pillar", "code": ""}, {"code"}),
        ({"level": "pillar", "title": "x" * 301}, {"title"}),
        ({"level": "branch"}, {"level"}),
        ({"level": "pillar", "component": "navy"}, {"component"}),
        ({"level": "pillar", "sector_codes": ["152"]}, {"sector_codes"}),
        ({"level": "pillar", "keywords": ["police, army"]}, {"keywords"}),
        ({"level": "pillar", "colour": "red"}, {"colour"}),  # unknown fields are refused
    ],
)
def test_post_refusals_name_the_field(
    client_of: Any, world: dict[str, Any], changes: dict[str, Any], fields: set[str]
) -> None:
    payload = _fill({"code": "9", "title": "New", **changes}, world)
    count = StrategyNode.objects.count()
    response = client_of("alice").post(f"{API}/countries/HT/strategy", payload, content_type=JSON)
    assert response.status_code == 422, response.content
    assert {e["field"] for e in response.json()["detail"]} == fields
    assert StrategyNode.objects.count() == count


def test_patch_changes_only_what_is_sent(client_of: Any, world: dict[str, Any]) -> None:
    url = f"{API}/countries/HT/strategy/{world['justice'].pk}"
    response = client_of("alice").patch(
        url, {"title": "Access to justice", "keywords": ["court"], "position": 0}, content_type=JSON
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["keywords"], body["position"], body["code"]) == (
        "Access to justice",
        ["court"],
        0,
        "1.2",
    )
    event = AuditEvent.objects.get(action="update")
    assert event.before == {"title": "Justice", "keywords": "", "position": 2}
    cleared = client_of("alice").patch(
        f"{API}/countries/HT/strategy/{world['police'].pk}", {"component": None}, content_type=JSON
    )
    assert cleared.json()["component"] == ""


@pytest.mark.parametrize(
    ("node", "changes", "fields"),
    [
        ("justice", {"code": "1.1"}, {"code"}),
        ("justice", {"code": None}, {"code"}),  # may be left out, not set to null
        ("justice", {"title": ""}, {"title"}),
        ("justice", {"parent_id": None}, {"parent_id"}),
        ("justice", {"parent_id": "{police}"}, {"parent_id"}),
        ("justice", {"parent_id": "{cf_pillar}"}, {"parent_id"}),
        ("police", {"parent_id": "{objective}"}, {"parent_id"}),  # under its own objective
        ("justice", {"level": "objective"}, {"level"}),
        ("justice", {"position": -1}, {"position"}),
    ],
)
def test_patch_refusals_name_the_field(
    client_of: Any, world: dict[str, Any], node: str, changes: dict[str, Any], fields: set[str]
) -> None:
    url = f"{API}/countries/HT/strategy/{world[node].pk}"
    response = client_of("alice").patch(url, _fill(changes, world), content_type=JSON)
    assert response.status_code == 422, response.content
    assert {e["field"] for e in response.json()["detail"]} == fields
    stored = StrategyNode.objects.get(pk=world[node].pk)
    assert (stored.code, stored.title, stored.parent_id) == (
        world[node].code,
        world[node].title,
        world[node].parent_id,
    )


def test_patch_moves_a_priority_to_another_pillar(
    client_of: Any, world: dict[str, Any], alice: Any
) -> None:
    other = create_strategy_node(
        country("HT"), acting_user=alice, level="pillar", code="2", title="Justice"
    )
    url = f"{API}/countries/HT/strategy/{world['justice'].pk}"
    response = client_of("alice").patch(url, {"parent_id": other.pk}, content_type=JSON)
    assert response.status_code == 200
    tree = client_of("alice").get(f"{API}/countries/HT/strategy").json()["nodes"]
    assert [(p["code"], [c["code"] for c in p["children"]]) for p in tree] == [
        ("1", ["1.1"]),
        ("2", ["1.2"]),
    ]


def test_delete_refusals_say_how_many(client_of: Any, world: dict[str, Any], alice: Any) -> None:
    set_priority_links(
        world["ht"], country("HT"), {world["justice"]: Decimal(100)}, acting_user=alice
    )
    client = client_of("alice")
    pillar = client.delete(f"{API}/countries/HT/strategy/{world['pillar'].pk}")
    assert pillar.status_code == 422
    assert pillar.json()["detail"] == [
        {"field": "__all__", "reason": "It has 2 elements below it; remove or move them first."}
    ]
    linked = client.delete(f"{API}/countries/HT/strategy/{world['justice'].pk}")
    assert linked.status_code == 422
    assert "1 activity is linked to it" in linked.json()["detail"][0]["reason"]
    assert StrategyNode.objects.filter(country__iso2="HT").count() == 4
    assert client.delete(f"{API}/countries/HT/strategy/{world['objective'].pk}").status_code == 204
    assert not StrategyNode.objects.filter(pk=world["objective"].pk).exists()
