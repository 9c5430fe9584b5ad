"""Changing and removing elements of the national strategy: the web pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ssrmonitor.support.models import StrategyNode

pytestmark = pytest.mark.django_db


PERSONAS = ["alice", "rachel", "victor", "ada", "bob", "root", "public"]
EDIT_PAGE = {
    "alice": 200,
    "rachel": 403,
    "victor": 403,
    "ada": 200,
    "bob": 404,
    "root": 200,
    "public": 404,
}
EDIT_POST = {**EDIT_PAGE, "alice": 302, "ada": 302, "root": 302}


def _edit_url(node: StrategyNode, iso2: str = "HT") -> str:
    return reverse("support:strategy_node", args=[iso2, node.pk])


def _delete_url(node: StrategyNode, iso2: str = "HT") -> str:
    return reverse("support:strategy_node_delete", args=[iso2, node.pk])


def _form(node: StrategyNode, **changes: Any) -> dict[str, Any]:
    data = {
        "parent": node.parent_id or "",
        "code": node.code,
        "title": node.title,
        "component": node.component,
        "sector_codes": node.sector_codes,
        "keywords": node.keywords,
    }
    return {**data, **changes}


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_page_matrix(client_of: Any, strategy: dict[str, StrategyNode], persona: str) -> None:
    response = client_of(persona).get(_edit_url(strategy["police"]))
    assert response.status_code == EDIT_PAGE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_post_matrix(client_of: Any, strategy: dict[str, StrategyNode], persona: str) -> None:
    node = strategy["police"]
    response = client_of(persona).post(_edit_url(node), _form(node, title=f"By {persona}"))
    assert response.status_code == EDIT_POST[persona]
    node.refresh_from_db()
    assert (node.title == f"By {persona}") == (EDIT_POST[persona] == 302)


@pytest.mark.parametrize("persona", PERSONAS)
def test_delete_post_matrix(
    client_of: Any, strategy: dict[str, StrategyNode], persona: str
) -> None:
    node = strategy["objective"]
    response = client_of(persona).post(_delete_url(node))
    assert response.status_code == EDIT_POST[persona]
    assert StrategyNode.objects.filter(pk=node.pk).exists() == (EDIT_POST[persona] != 302)


def test_edit_page_is_filled_in_and_the_level_cannot_be_changed(
    client_of: Any, strategy: dict[str, StrategyNode]
) -> None:
    node = strategy["police"]
    client = client_of("alice")
    page = client.get(_edit_url(node))
    form = page.context["form"]
    assert form["title"].value() == "Title 1.1"
    assert form.fields["level"].disabled
    assert list(form.fields["parent"].queryset) == [strategy["p1"], strategy["p2"]]  # pillars
    pillar_form = client.get(_edit_url(strategy["p1"])).context["form"]
    assert list(pillar_form.fields["parent"].queryset) == []
    response = client.post(_edit_url(node), _form(node, level="objective", title="New title"))
    assert response.status_code == 302
    assert response["Location"] == reverse("support:strategy", args=["HT"])
    node.refresh_from_db()
    assert (node.level, node.title) == ("priority", "New title")


def test_edit_refusal_answers_422_with_the_reason_on_the_field(
    client_of: Any, strategy: dict[str, StrategyNode]
) -> None:
    node = strategy["police"]
    response = client_of("alice").post(_edit_url(node), _form(node, code="1.2"))
    assert response.status_code == 422
    assert "This code is already used in the strategy." in response.context["form"].errors["code"]
    wrong_parent = _form(node, parent=strategy["justice"].pk)
    response = client_of("alice").post(_edit_url(node), wrong_parent)
    assert response.status_code == 422
    assert response.context["form"].errors["parent"]
    node.refresh_from_db()
    assert (node.code, node.parent_id) == ("1.1", strategy["p1"].pk)


def test_delete_refusal_answers_422_and_says_how_many(
    client_of: Any, strategy: dict[str, StrategyNode]
) -> None:
    response = client_of("alice").post(_delete_url(strategy["p1"]))
    assert response.status_code == 422
    assert "It has 2 elements below it" in response.content.decode()
    assert StrategyNode.objects.filter(pk=strategy["p1"].pk).exists()


def test_another_countrys_element_is_not_found_under_haiti(
    client_of: Any, strategy: dict[str, StrategyNode]
) -> None:
    cf_pillar = strategy["cf_pillar"]
    for persona in ("alice", "root"):
        client = client_of(persona)
        assert client.get(_edit_url(cf_pillar)).status_code == 404
        assert client.post(_delete_url(cf_pillar)).status_code == 404
    assert StrategyNode.objects.filter(pk=cf_pillar.pk).exists()
    assert client_of("bob").post(_delete_url(cf_pillar, "CF")).status_code == 302
    assert not StrategyNode.objects.filter(pk=cf_pillar.pk).exists()


def test_strategy_page_shows_the_tree_and_change_links_to_editors_only(
    client_of: Any, strategy: dict[str, StrategyNode]
) -> None:
    url = reverse("support:strategy", args=["HT"])
    editor = client_of("alice").get(url).content.decode()
    assert _edit_url(strategy["objective"]) in editor
    reading_order = [
        editor.index(f"<strong>{code}</strong>") for code in ("1", "1.1", "1.1.a", "1.2", "2")
    ]
    assert reading_order == sorted(reading_order)  # the tree, not the order of creation
    viewer = client_of("victor").get(url).content.decode()
    assert "Title 1.1.a" in viewer
    assert _edit_url(strategy["objective"]) not in viewer
