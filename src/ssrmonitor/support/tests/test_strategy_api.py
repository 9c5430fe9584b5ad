"""The national strategy and the alignment links through the API: permissions and input rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.services import create_api_token
from ssrmonitor.support.models import Activity, ComponentLink, PriorityLink, StrategyNode
from ssrmonitor.support.services.alignment import create_strategy_node, set_priority_links
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_support import national_activity, partner

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


@pytest.fixture
def world(alice: Any, bob: Any) -> dict[str, Any]:
    """Haiti: pillar 1 → priority 1.1 (police, DAC 15210, “police”) → objective 1.1.a; 1.2.

    A national activity in Haiti (DAC 15210, “Police training”) and one in the CAR.
    """
    haiti, car = country("HT"), country("CF")
    pillar = create_strategy_node(
        haiti, acting_user=alice, level="pillar", code="1", title="Security"
    )
    police = create_strategy_node(
        haiti,
        acting_user=alice,
        level="priority",
        code="1.1",
        title="Police",
        parent=pillar,
        component="police",
        sector_codes="15210",
        keywords="police, gendarmerie",
    )
    justice = create_strategy_node(
        haiti, acting_user=alice, level="priority", code="1.2", title="Justice", parent=pillar
    )
    objective = create_strategy_node(
        haiti, acting_user=alice, level="objective", code="1.1.a", title="Vetting", parent=police
    )
    cf_pillar = create_strategy_node(
        car, acting_user=bob, level="pillar", code="1", title="Sécurité"
    )
    org = partner("XM-NAT", "National donor")
    return {
        "pillar": pillar,
        "police": police,
        "justice": justice,
        "objective": objective,
        "cf_pillar": cf_pillar,
        "ht": national_activity(haiti, org, "HT1", title="Police training"),
        "cf": national_activity(car, org, "CF1"),
    }


@pytest.fixture
def client_of(request: pytest.FixtureRequest) -> Any:
    def make(name: str) -> Client:
        client = Client()
        if name != "public":
            client.force_login(request.getfixturevalue(name))
        return client

    return make


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


# --- alignment links --------------------------------------------------------------------------


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
