"""The shared GET filters: optional fields, bad values ignored and shown, never a failure."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from ssrmonitor.core.filters import FilterForm, choices_with_any


class Fruit(FilterForm):
    kind = forms.ChoiceField(choices=choices_with_any([("apple", "Apple"), ("pear", "Pear")]))
    year = forms.IntegerField(min_value=1960, max_value=2100)
    ripe = forms.BooleanField()
    count = forms.IntegerField()


def test_a_plain_visit_is_unbound_and_filters_nothing() -> None:
    form = Fruit(QueryDict("page=2"))
    assert not form.is_bound
    assert form.selected() == {}
    assert not form.is_filtered
    assert not form.errors


def test_every_field_is_optional_even_if_declared_required() -> None:
    assert all(not field.required for field in Fruit(None).fields.values())


def test_valid_filters_are_selected_and_empty_ones_left_out() -> None:
    form = Fruit(QueryDict("kind=pear&year=2019&ripe=on&count="))
    assert form.selected() == {"kind": "pear", "year": 2019, "ripe": True}
    assert form.is_filtered


def test_a_bad_value_is_ignored_and_shown_while_the_others_still_apply() -> None:
    form = Fruit(QueryDict("kind=banana&year=abc&ripe=on"))
    assert form.selected() == {"ripe": True}
    assert set(form.errors) == {"kind", "year"}
    assert form.is_filtered


def test_zero_is_a_value_not_an_empty_filter() -> None:
    assert Fruit(QueryDict("count=0")).selected() == {"count": 0}


def test_an_unticked_box_is_no_filter() -> None:
    assert Fruit(QueryDict("kind=")).selected() == {}
    assert not Fruit(QueryDict("kind=")).is_filtered


def test_only_usual_queries_may_key_a_cached_page() -> None:
    from django.http import QueryDict

    from ssrmonitor.core.filters import cacheable_query

    allowed = {"status": {"", "active"}, "page": None}
    assert cacheable_query(QueryDict(""), allowed)
    assert cacheable_query(QueryDict("status=active&page=12"), allowed)
    assert not cacheable_query(QueryDict("status=active&x=1"), allowed)  # a name not read
    assert not cacheable_query(QueryDict("status=closed"), allowed)  # not a choice
    assert not cacheable_query(QueryDict("status=active&status=active"), allowed)  # repeated
    assert not cacheable_query(QueryDict("page=12345"), allowed)  # five digits
    assert not cacheable_query(QueryDict("page=2a"), allowed)
    assert cacheable_query({"status": ["active"]}, allowed)  # a plain mapping of lists too
