"""Reading pages: who sees which frameworks, indicators and values, and at what cost."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.models import (
    Framework,
    FrameworkStatus,
    Indicator,
    Measurement,
    MeasurementStatus,
    Owner,
)
from ssrmonitor.testing.factories import (
    BenchmarkFactory,
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parents[2] / "static" / "ssrmonitor"
DRAFT_VALUE = "1.3777"


@dataclass
class World:
    published: Framework
    police: Indicator
    host: Indicator
    approved: Measurement
    draft: Measurement
    internal: Framework
    internal_indicator: Indicator
    cf_framework: Framework


@pytest.fixture
def world(db: None) -> World:
    """Haiti: a published framework (an approved and a draft value) and an internal one; CAR."""
    published = FrameworkFactory(
        title="MINUJUSTH exit strategy benchmarks",
        source_document="S/2018/527",
        source_location="Annex, benchmark 1, page 14",
        adoption_date=date(2018, 5, 2),
    )
    police = IndicatorFactory(
        benchmark__framework=published,
        benchmark__text="The Haitian National Police maintains public order.",
        baseline_text="1.3 officers per 1,000 inhabitants in 2017",
    )
    host = IndicatorFactory(
        benchmark__framework=published,
        benchmark__owner=Owner.HOST,
        benchmark__text="The Government adopts the police development plan.",
        definition="Police development plan 2017-2021 adopted",
    )
    approved = MeasurementFactory(indicator=police, approved=True, value=Decimal("1.35"))
    draft = MeasurementFactory(indicator=police, period_text="2019-Q2", value=Decimal(DRAFT_VALUE))
    internal = FrameworkFactory(
        title="Internal transition plan", is_published=False, status=FrameworkStatus.DRAFT
    )
    internal_indicator = IndicatorFactory(benchmark__framework=internal)
    cf_framework = FrameworkFactory(
        country=country("CF"), title="MINUSCA internal plan", is_published=False
    )
    return World(
        published, police, host, approved, draft, internal, internal_indicator, cf_framework
    )


def _as(client: Client, user: Any) -> Client:
    if user is not None:
        client.force_login(user)
    return client


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_lists_countries_with_ratings_and_links(client: Client, world: World) -> None:
    html = _html(client, reverse("home"))
    assert "Haiti" in html
    assert reverse("benchmarks:country", args=["HT"]) in html
    assert "MINUJUSTH exit strategy benchmarks" in html
    assert "rating--" in html
    assert "Central African Republic" not in html  # its only framework is internal


def test_home_lists_closed_frameworks_apart(client: Client, world: World) -> None:
    FrameworkFactory(title="MINUSTAH benchmarks 2008", status=FrameworkStatus.CLOSED)
    html = _html(client, reverse("home"))
    assert "Closed frameworks" in html
    assert "MINUSTAH benchmarks 2008" in html


@pytest.mark.parametrize("code", ["HT", "ht", "Ht"])
def test_country_code_is_case_insensitive(client: Client, world: World, code: str) -> None:
    html = _html(client, reverse("benchmarks:country", args=[code]))
    assert "MINUJUSTH exit strategy benchmarks" in html


@pytest.mark.parametrize("code", ["ZZ", "XYZ", "1"])
def test_country_page_of_a_code_that_is_no_country_is_404(client: Client, code: str) -> None:
    assert client.get(reverse("benchmarks:country", args=[code])).status_code == 404


def test_country_with_nothing_visible_answers_an_empty_list(client: Client, world: World) -> None:
    html = _html(client, reverse("benchmarks:country", args=["CF"]))
    assert "No framework of Central African Republic is visible to you." in html
    assert "MINUSCA internal plan" not in html


def test_country_page_shows_framework_facts_counts_and_exports(
    client: Client, world: World
) -> None:
    html = _html(client, reverse("benchmarks:country", args=["HT"]))
    assert "S/2018/527" in html
    assert "Active" in html
    assert "2 indicators" in html
    for rating in ("On track", "At risk", "Off track", "No data"):
        assert rating in html
    assert reverse("benchmarks:country_export", args=["HT", "csv"]) in html
    assert reverse("benchmarks:country_export", args=["HT", "xlsx"]) in html
    assert "Internal transition plan" not in html
    assert "New framework" not in html


def test_members_see_internal_frameworks_and_editors_may_create(
    client: Client, world: World, alice: Any
) -> None:
    html = _html(_as(client, alice), reverse("benchmarks:country", args=["HT"]))
    assert "Internal transition plan" in html
    assert "Not published" in html
    assert reverse("benchmarks:framework_create", args=["HT"]) in html


def test_public_sees_approved_values_only(client: Client, world: World) -> None:
    for url in (
        reverse("benchmarks:framework", args=[world.published.pk]),
        reverse("benchmarks:indicator", args=[world.police.pk]),
        reverse("benchmarks:indicator_chart", args=[world.police.pk]),
    ):
        html = _html(client, url)
        assert DRAFT_VALUE not in html, url
        assert "1.35" in html, url
    assert client.get(reverse("benchmarks:measurement", args=[world.draft.pk])).status_code == 404


def test_members_see_drafts_on_the_indicator_page(client: Client, world: World, alice: Any) -> None:
    html = _html(_as(client, alice), reverse("benchmarks:indicator", args=[world.police.pk]))
    assert DRAFT_VALUE in html
    assert "Draft" in html
    assert reverse("benchmarks:measurement_create", args=[world.police.pk]) in html


def test_drafts_never_move_the_ratings(client: Client, world: World, alice: Any) -> None:
    public = _html(client, reverse("benchmarks:framework", args=[world.published.pk]))
    member = _html(_as(Client(), alice), reverse("benchmarks:framework", args=[world.published.pk]))
    pattern = re.compile(r"rating--(\w+)")
    assert pattern.findall(public) == pattern.findall(member)


def _internal_urls(world: World) -> list[str]:
    return [
        reverse("benchmarks:framework", args=[world.internal.pk]),
        reverse("benchmarks:indicator", args=[world.internal_indicator.pk]),
        reverse("benchmarks:indicator_chart", args=[world.internal_indicator.pk]),
        reverse("benchmarks:measurement", args=[world.draft.pk]),
    ]


@pytest.mark.parametrize("persona", ["bob", "public"])
def test_other_countries_internal_pages_answer_404(
    client: Client, world: World, personas: dict[str, Any], persona: str
) -> None:
    _as(client, personas[persona])
    for url in _internal_urls(world):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("persona", ["alice", "rachel", "victor", "ada", "root"])
def test_members_of_the_country_see_its_internal_pages(
    client: Client, world: World, personas: dict[str, Any], persona: str
) -> None:
    _as(client, personas[persona])
    for url in _internal_urls(world)[:3]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("rachel", 200), ("ada", 200), ("victor", 404)]
)
def test_drafts_are_for_those_who_enter_or_review_data(
    client: Client, world: World, personas: dict[str, Any], persona: str, status: int
) -> None:
    _as(client, personas[persona])
    url = reverse("benchmarks:measurement", args=[world.draft.pk])
    assert client.get(url).status_code == status


@pytest.mark.parametrize("persona", ["alice", "rachel", "victor", "ada", "bob", "root", "public"])
def test_reading_pages_render_for_every_persona(
    client: Client, world: World, personas: dict[str, Any], persona: str
) -> None:
    _as(client, personas[persona])
    for url in (
        reverse("home"),
        reverse("benchmarks:country", args=["HT"]),
        reverse("benchmarks:framework", args=[world.published.pk]),
        reverse("benchmarks:indicator", args=[world.police.pk]),
        reverse("benchmarks:measurement", args=[world.approved.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_framework_page_shows_sources_baselines_and_host_commitments(
    client: Client, world: World
) -> None:
    html = _html(client, reverse("benchmarks:framework", args=[world.published.pk]))
    assert "S/2018/527" in html
    assert "Annex, benchmark 1, page 14" in html
    assert "1.3 officers per 1,000 inhabitants in 2017" in html
    host_section = html.split('id="host-heading"', 1)[1]
    assert "The Government adopts the police development plan." in host_section
    assert "The Haitian National Police maintains public order." not in host_section
    assert html.count("<svg") == 1  # a sparkline for the indicator with approved values


def test_indicator_page_shows_definition_chart_and_values(client: Client, world: World) -> None:
    MeasurementFactory(
        indicator=world.police,
        period_text="2018-Q4",
        approved=True,
        is_illustrative=True,
        value=Decimal("1.31"),
        source_document="S/2019/198",
    )
    html = _html(client, reverse("benchmarks:indicator", args=[world.police.pk]))
    assert "Number of police officers per 1,000 inhabitants" in html
    assert "officers per 1,000 inhabitants" in html
    assert "Higher is better" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "Illustrative" in html
    assert "S/2019/198" in html
    assert "Record a value" not in html


def test_chart_file_is_svg(client: Client, world: World) -> None:
    response = client.get(reverse("benchmarks:indicator_chart", args=[world.police.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    body = response.content.decode()
    assert body.startswith("<?xml")
    assert "<title" in body
    assert "<desc" in body


def test_pages_have_no_inline_script_or_style(client: Client, world: World, ada: Any) -> None:
    _as(client, ada)
    for url in (
        reverse("home"),
        reverse("benchmarks:country", args=["HT"]),
        reverse("benchmarks:framework", args=[world.published.pk]),
        reverse("benchmarks:indicator", args=[world.police.pk]),
        reverse("benchmarks:measurement", args=[world.draft.pk]),
    ):
        html = _html(client, url)
        assert ' style="' not in html, url
        assert " on" + "click=" not in html, url
        scripts = re.findall(r"<script[^>]*>", html)
        assert scripts and all("src=" in tag and "defer" in tag for tag in scripts), url
        assert 'lang="en"' in html
        assert "<main" in html


def test_first_page_weighs_well_under_300_kb(client: Client, world: World) -> None:
    html = client.get(reverse("home")).content
    assets = re.findall(rb'(?:href|src)="/static/ssrmonitor/([^"]+)"', html)
    assert {name.decode() for name in assets} >= {"css/app.css", "js/app.js"}
    total = len(html) + sum((STATIC / name.decode()).stat().st_size for name in assets)
    assert total < 150_000


def _many_frameworks(count: int) -> None:
    for number in range(count):
        framework = FrameworkFactory(title=f"Framework {number}")
        for _bench in range(2):
            indicator = IndicatorFactory(benchmark=BenchmarkFactory(framework=framework))
            MeasurementFactory(indicator=indicator, approved=True)


@pytest.mark.parametrize("count", [1, 8])
def test_list_pages_use_a_bounded_number_of_queries(
    client: Client, alice: Any, django_assert_max_num_queries: Any, count: int
) -> None:
    _many_frameworks(count)
    _as(client, alice)
    framework = Framework.objects.order_by("-id").first()
    assert framework is not None
    for url in (
        reverse("home"),
        reverse("benchmarks:country", args=["HT"]),
        reverse("benchmarks:framework", args=[framework.pk]),
    ):
        # the same bound for 1 and 8 frameworks: no query per framework (the home page's panels
        # — worklist, jobs, surveys — add a fixed few)
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200


def test_indicator_page_queries_do_not_grow_with_values(
    client: Client, world: World, alice: Any, django_assert_max_num_queries: Any
) -> None:
    for year in range(2019, 2025):
        MeasurementFactory(
            indicator=world.police, period_text=f"{year}-Q3", status=MeasurementStatus.APPROVED
        )
    _as(client, alice)
    with django_assert_max_num_queries(14):
        _html(client, reverse("benchmarks:indicator", args=[world.police.pk]))


def test_who_entered_and_reviewed_a_value_stays_within_the_team(
    client: Client, world: World, alice: Any, rachel: Any, victor: Any
) -> None:
    Measurement.objects.filter(pk=world.approved.pk).update(
        author=alice, reviewed_by=rachel, review_comment="Checked against the PNH roster"
    )
    url = reverse("benchmarks:measurement", args=[world.approved.pk])
    public = _html(client, url)
    assert "1.35" in public
    for hidden in ("alice", "rachel", "Checked against the PNH roster"):
        assert hidden not in public
    member = _html(_as(Client(), victor), url)
    assert "Reviewed by rachel" in member
    assert "Checked against the PNH roster" in member
