"""Changing and removing elements of the national strategy: the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.support.models import PriorityLink, StrategyNode
from ssrmonitor.support.services.alignment import set_priority_links
from ssrmonitor.support.services.strategy import (
    create_strategy_node,
    delete_strategy_node,
    strategy_tree,
    update_strategy_node,
)
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_support import national_activity, partner

pytestmark = pytest.mark.django_db


def _fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {e.field for e in exc.value.errors}


# --- update_strategy_node -------------------------------------------------------------------


def test_update_changes_the_fields_given_and_records_before_and_after(
    strategy: dict[str, StrategyNode], alice: Any
) -> None:
    node = strategy["police"]
    updated = update_strategy_node(
        node,
        acting_user=alice,
        title="  Professional police  ",
        sector_codes=" 15210   15130 ",
        keywords=" police, gendarmerie ",
        component="",
    )
    node.refresh_from_db()
    assert (node.title, node.sector_codes, node.keywords, node.component) == (
        "Professional police",
        "15210 15130",
        "police, gendarmerie",
        "",
    )
    assert updated.pk == node.pk
    event = AuditEvent.objects.filter(action="update", object_id=str(node.pk)).get()
    assert event.actor_name == "alice"
    assert event.country_iso2 == "HT"
    assert event.before == {
        "title": "Title 1.1",
        "sector_codes": "15210",
        "keywords": "",
        "component": "police",
    }
    assert event.after == {
        "component": "",
        "keywords": "police, gendarmerie",
        "sector_codes": "15210 15130",
        "title": "Professional police",
    }


def test_update_with_nothing_changed_writes_no_audit_event(
    strategy: dict[str, StrategyNode], alice: Any
) -> None:
    before = AuditEvent.objects.count()
    update_strategy_node(strategy["police"], acting_user=alice, title="Title 1.1", code="1.1")
    assert AuditEvent.objects.count() == before


def test_moving_a_priority_to_another_pillar(strategy: dict[str, StrategyNode], alice: Any) -> None:
    update_strategy_node(strategy["justice"], acting_user=alice, parent=strategy["p2"], position=9)
    strategy["justice"].refresh_from_db()
    assert (strategy["justice"].parent_id, strategy["justice"].position) == (
        strategy["p2"].pk,
        9,
    )
    event = AuditEvent.objects.filter(action="update").get()
    assert event.before == {"parent": strategy["p1"].pk, "position": 3}
    assert event.after == {"parent": strategy["p2"].pk, "position": 9}


@pytest.mark.parametrize(
    ("target", "changes", "field"),
    [
        ("police", {"code": "1.2"}, "code"),  # used by another element
        ("police", {"code": "   "}, "code"),
        ("police", {"title": ""}, "title"),
        ("police", {"title": "x" * 301}, "title"),
        ("police", {"component": "navy"}, "component"),
        ("police", {"sector_codes": "15210 152"}, "sector_codes"),
        ("police", {"parent": None}, "parent"),  # a priority needs a pillar
        ("police", {"parent": "justice"}, "parent"),  # a priority is not under a priority
        ("objective", {"parent": "p1"}, "parent"),  # an objective is under a priority
        ("p1", {"parent": "p2"}, "parent"),  # a pillar has no parent
        ("police", {"parent": "cf_pillar"}, "parent"),  # another country's pillar
        ("police", {"parent": "objective"}, "parent"),  # under its own objective
        ("police", {"position": -1}, "position"),
        ("police", {"level": "objective"}, "level"),
        ("police", {"country": "CF"}, "country"),
    ],
)
def test_update_refusals_name_the_field(
    strategy: dict[str, StrategyNode],
    alice: Any,
    target: str,
    changes: dict[str, Any],
    field: str,
) -> None:
    if "parent" in changes and changes["parent"] is not None:
        changes = {"parent": strategy[changes["parent"]]}
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        update_strategy_node(strategy[target], acting_user=alice, **changes)
    assert _fields(caught) == {field}
    assert AuditEvent.objects.count() == before
    stored = StrategyNode.objects.get(pk=strategy[target].pk)
    assert (stored.code, stored.title, stored.parent_id) == (
        strategy[target].code,
        strategy[target].title,
        strategy[target].parent_id,
    )


def test_the_level_cannot_be_changed_and_the_reason_says_what_to_do(
    strategy: dict[str, StrategyNode], alice: Any
) -> None:
    with pytest.raises(ValidationFailed, match="remove it and add it again"):
        update_strategy_node(strategy["police"], acting_user=alice, level="objective")


def test_a_cycle_is_refused_even_when_levels_were_changed_outside_the_services(
    strategy: dict[str, StrategyNode], alice: Any
) -> None:
    """The level rules make a cycle impossible; the explicit check guards data changed by hand."""
    StrategyNode.objects.filter(pk=strategy["objective"].pk).update(level="pillar")
    objective = StrategyNode.objects.get(pk=strategy["objective"].pk)
    with pytest.raises(ValidationFailed, match="under itself") as caught:
        update_strategy_node(strategy["police"], acting_user=alice, parent=objective)
    assert _fields(caught) == {"parent"}


@pytest.mark.parametrize("persona", ["rachel", "victor", "bob"])
def test_only_editors_of_the_country_change_the_strategy(
    strategy: dict[str, StrategyNode], persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(Denied):
        update_strategy_node(strategy["police"], acting_user=user, title="Changed")
    with pytest.raises(Denied):
        delete_strategy_node(strategy["objective"], acting_user=user)
    assert StrategyNode.objects.filter(pk=strategy["objective"].pk).exists()


def test_administrators_change_and_remove(strategy: dict[str, StrategyNode], ada: Any) -> None:
    update_strategy_node(strategy["objective"], acting_user=ada, title="Changed")
    delete_strategy_node(strategy["objective"], acting_user=ada)
    assert not StrategyNode.objects.filter(code="1.1.a").exists()


# --- delete_strategy_node -------------------------------------------------------------------


def test_delete_removes_a_leaf_and_records_its_last_state(
    strategy: dict[str, StrategyNode], alice: Any
) -> None:
    pk = strategy["objective"].pk
    delete_strategy_node(strategy["objective"], acting_user=alice)
    assert not StrategyNode.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.filter(action="delete").get()
    assert (event.object_id, event.actor_name, event.country_iso2) == (str(pk), "alice", "HT")
    assert event.before is not None
    assert event.before["code"] == "1.1.a"
    assert event.after is None


def test_delete_refuses_an_element_with_elements_below_and_says_how_many(
    strategy: dict[str, StrategyNode], alice: Any
) -> None:
    with pytest.raises(ValidationFailed, match="It has 2 elements below it") as caught:
        delete_strategy_node(strategy["p1"], acting_user=alice)
    assert _fields(caught) == {"__all__"}
    with pytest.raises(ValidationFailed, match="It has 1 element below it"):
        delete_strategy_node(strategy["police"], acting_user=alice)
    assert StrategyNode.objects.filter(country__iso2="HT").count() == 5
    assert not AuditEvent.objects.filter(action="delete").exists()


def test_delete_refuses_an_element_with_confirmed_links_and_says_how_many(
    strategy: dict[str, StrategyNode], alice: Any
) -> None:
    haiti = country("HT")
    org = partner("XM-NAT")
    for suffix in ("A", "B"):
        activity = national_activity(haiti, org, suffix)
        set_priority_links(activity, haiti, {strategy["justice"]: Decimal(100)}, acting_user=alice)
    with pytest.raises(ValidationFailed, match="2 activities are linked to it"):
        delete_strategy_node(strategy["justice"], acting_user=alice)
    assert PriorityLink.objects.filter(node=strategy["justice"]).count() == 2
    PriorityLink.objects.filter(node=strategy["justice"]).first().delete()  # type: ignore[union-attr]
    with pytest.raises(ValidationFailed, match="1 activity is linked to it"):
        delete_strategy_node(strategy["justice"], acting_user=alice)


def test_delete_names_both_reasons_together(strategy: dict[str, StrategyNode], alice: Any) -> None:
    haiti = country("HT")
    activity = national_activity(haiti, partner("XM-NAT"), "A")
    set_priority_links(activity, haiti, {strategy["police"]: Decimal(100)}, acting_user=alice)
    with pytest.raises(ValidationFailed) as caught:
        delete_strategy_node(strategy["police"], acting_user=alice)
    reasons = [e.reason for e in caught.value.errors]
    assert len(reasons) == 2
    assert "1 element below" in reasons[0]
    assert "1 activity is linked" in reasons[1]


# --- create, links, tree --------------------------------------------------------------------


def test_create_checks_lengths_and_dac_codes(strategy: dict[str, StrategyNode], alice: Any) -> None:
    haiti = country("HT")
    with pytest.raises(ValidationFailed) as caught:
        create_strategy_node(haiti, acting_user=alice, level="pillar", code="x" * 21, title="T")
    assert _fields(caught) == {"code"}
    with pytest.raises(ValidationFailed, match="15X10") as caught:
        create_strategy_node(
            haiti, acting_user=alice, level="pillar", code="3", title="T", sector_codes="15X10"
        )
    assert _fields(caught) == {"sector_codes"}
    node = create_strategy_node(
        haiti, acting_user=alice, level="pillar", code="3", title="T", sector_codes="1513010"
    )
    assert node.sector_codes == "1513010"


def test_activities_link_to_priorities_and_objectives_not_pillars(
    strategy: dict[str, StrategyNode], alice: Any
) -> None:
    haiti = country("HT")
    activity = national_activity(haiti, partner("XM-NAT"), "A")
    with pytest.raises(ValidationFailed, match="not a pillar"):
        set_priority_links(activity, haiti, {strategy["p1"]: Decimal(100)}, acting_user=alice)
    shares = {strategy["police"]: Decimal(50), strategy["objective"]: Decimal(50)}
    assert len(set_priority_links(activity, haiti, shares, acting_user=alice)) == 2


def test_strategy_tree_orders_each_level_by_position_then_code(
    strategy: dict[str, StrategyNode], alice: Any
) -> None:
    update_strategy_node(strategy["p2"], acting_user=alice, position=0)
    update_strategy_node(strategy["p1"], acting_user=alice, position=1)
    tree = strategy_tree(StrategyNode.objects.filter(country__iso2="HT"))
    assert [e.node.code for e in tree] == ["2", "1"]
    assert [e.node.code for e in tree[1].children] == ["1.1", "1.2"]
    assert [e.node.code for e in tree[1].children[0].children] == ["1.1.a"]
