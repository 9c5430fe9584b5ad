"""Coordination analytics on a hand-made case with known answers; money never mixed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.permissions import Denied
from ssrmonitor.support.analytics import Window, analyse_country, country_share
from ssrmonitor.support.models import Activity, StrategyNode
from ssrmonitor.support.money import MoneyBag, RateTable
from ssrmonitor.support.services.alignment import set_component_links, set_priority_links
from ssrmonitor.support.services.rates import load_exchange_rates
from ssrmonitor.support.services.strategy import create_strategy_node
from ssrmonitor.support.suggestions import suggest_components, suggest_priorities
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_support import national_activity, partner

pytestmark = pytest.mark.django_db

Y2024 = date(2024, 3, 1)


@pytest.fixture
def case(alice: Any) -> dict[str, Any]:
    """Haiti: three priorities, three partners, five activities (see each line)."""
    haiti = country("HT")
    pillar = create_strategy_node(
        haiti, acting_user=alice, level="pillar", code="1", title="Security"
    )

    def priority(code: str, title: str, component: str, **kw: str) -> StrategyNode:
        return create_strategy_node(
            haiti,
            acting_user=alice,
            level="priority",
            code=code,
            title=title,
            parent=pillar,
            component=component,
            **kw,
        )

    police = priority("1.1", "Police professionalisation", "police", keywords="police, gendarmerie")
    justice = priority("1.2", "Access to justice", "justice", sector_codes="15130")
    border = priority("1.3", "Border management", "border_customs")
    a, b, c = (
        partner("XM-A", "Partner A"),
        partner("XM-B", "Partner B"),
        partner("XM-C", "Partner C"),
    )

    def activity(
        org: Any, suffix: str, value: str, currency: str = "USD", day: date = Y2024, **kw: Any
    ) -> Activity:
        return national_activity(
            haiti,
            org,
            suffix,
            money=[("2", day, value, currency)],
            start=day,
            acting_user=alice,
            **kw,
        )

    a1 = activity(a, "1", "100000", gender="2", title="Police training")  # 1.1, police
    b1 = activity(b, "1", "50000", gender="1")  # 1.1, police → overlap with A
    c1 = activity(c, "1", "3000")  # 1.2, justice → little support (3000 / 153000 < 5 %)
    activity(c, "2", "10000", currency="EUR")  # not aligned, euros
    a2 = activity(a, "2", "40000", day=date(2020, 5, 1), end=date(2020, 12, 31))  # 1.3 in 2020 only
    for act, node, component in (
        (a1, police, "police"),
        (b1, police, "police"),
        (c1, justice, "justice"),
        (a2, border, "border_customs"),
    ):
        set_priority_links(act, haiti, {node: Decimal(100)}, acting_user=alice)
        set_component_links(act, haiti, {component: Decimal(100)}, acting_user=alice)
    return {"haiti": haiti, "police": police, "justice": justice, "border": border, "a1": a1}


def _analysis(case: dict[str, Any], period: str) -> Any:
    return analyse_country(case["haiti"], Activity.objects.all(), Window.parse(period))


def test_gaps_and_overlaps_of_the_hand_made_case(case: dict[str, Any]) -> None:
    result = _analysis(case, "2024")
    status = {c.node.code: c.status for c in result.coverage}
    assert status == {"1.1": "covered", "1.2": "little", "1.3": "gap"}
    assert [(o.node.code, o.component, o.partners) for o in result.overlaps] == [
        ("1.1", "police", ["Partner A", "Partner B"])
    ]
    assert (result.activity_count, result.aligned_activities) == (4, 3)
    assert result.gender == {"2": 1, "1": 1, "none": 2}
    assert result.who_does_what["Partner A"] == {"police": 1}


def test_another_period_gives_other_answers(case: dict[str, Any]) -> None:
    result = _analysis(case, "2020")
    status = {c.node.code: c.status for c in result.coverage}
    assert status == {"1.1": "gap", "1.2": "gap", "1.3": "covered"}
    assert result.overlaps == []


def test_currencies_are_never_summed_without_a_rate(case: dict[str, Any], alice: Any) -> None:
    result = _analysis(case, "2024")
    assert result.total.commitments.usd == Decimal("153000")
    assert dict(result.total.commitments.unconverted) == {"EUR": Decimal("10000")}
    assert str(result.total.commitments) == "USD 153000 + EUR 10000"
    load_exchange_rates("currency,period,rate_to_usd\nEUR,2024,1.10\n", acting_user=alice)
    converted = _analysis(case, "2024").total.commitments
    assert (converted.usd, converted.fully_converted) == (Decimal("164000"), True)


def test_day_rate_wins_over_year_rate(alice: Any) -> None:
    load_exchange_rates(
        "currency,period,rate_to_usd,source\nEUR,2024,1.10,ECB\nEUR,2024-03-01,1.20,ECB\n",
        acting_user=alice,
    )
    rates = RateTable()
    assert rates.rate("EUR", date(2024, 3, 1)) == Decimal("1.2")
    assert rates.rate("EUR", date(2024, 3, 2)) == Decimal("1.1")
    assert rates.rate("GBP", date(2024, 3, 2)) is None
    bag = MoneyBag()
    bag.add(Decimal(10), "GBP", date(2024, 1, 1), rates)
    assert str(bag) == "GBP 10"


def test_bad_rate_file_names_line_and_column(alice: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        load_exchange_rates(
            "currency,period,rate_to_usd\nEUX,2024,1\nEUR,24,-1\n", acting_user=alice
        )
    fields = {e.field for e in caught.value.errors}
    assert fields == {"line 2: currency", "line 3: period", "line 3: rate_to_usd"}


def test_link_shares_must_add_up_to_100(case: dict[str, Any], alice: Any) -> None:
    shares = {case["police"]: Decimal(60), case["justice"]: Decimal(50)}
    with pytest.raises(ValidationFailed, match="110"):
        set_priority_links(case["a1"], case["haiti"], shares, acting_user=alice)
    shares = {case["police"]: Decimal(60), case["justice"]: Decimal(40)}
    links = set_priority_links(case["a1"], case["haiti"], shares, acting_user=alice)
    assert sorted(link.share for link in links) == [Decimal(40), Decimal(60)]


def test_other_country_editor_cannot_align(case: dict[str, Any], bob: Any) -> None:
    with pytest.raises(Denied):
        set_priority_links(case["a1"], case["haiti"], {}, acting_user=bob)


def test_suggestions_from_sectors_and_keywords(case: dict[str, Any]) -> None:
    a1 = case["a1"]
    components = {s.target for s in suggest_components(a1)}
    assert {"oversight", "police"} <= components  # DAC 15210, and “police” in the title
    nodes = StrategyNode.objects.filter(country=case["haiti"])
    assert [s.target for s in suggest_priorities(a1, nodes)] == ["1.1"]


def test_imported_activities_count_for_their_recipient_country(
    fixtures: Any, countries: None
) -> None:
    from ssrmonitor.support.services.imports import import_iati_file

    import_iati_file(fixtures / "dod-centralafricanrepublic.xml", acting_user=SYSTEM)
    result = analyse_country(country("CF"), Activity.objects.all(), Window())
    assert result.activity_count == Activity.objects.count() == 4
    assert not result.total.commitments.is_empty or not result.total.disbursements.is_empty
    assert analyse_country(country("HT"), Activity.objects.all(), Window()).activity_count == 0
    haiti = national_activity(country("HT"), partner("XM-A"), "9")
    assert country_share(haiti, "HT") == Decimal(1)
    assert country_share(haiti, "CF") == Decimal(0)


def test_coordination_page_and_downloads_show_the_known_answers(
    case: dict[str, Any], client: Any, alice: Any
) -> None:
    client.force_login(alice)
    page = client.get("/support/c/HT/coordination/?period=2024").content.decode()
    assert "Gap: no support" in page and "Little support" in page
    assert "Partner A, Partner B" in page
    assert "USD 153000 + EUR 10000" in page
    csv_text = b"".join(
        client.get("/support/c/HT/coordination.csv?table=coverage&period=2024").streaming_content
    ).decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0].startswith("code,priority,status")
    assert lines[3].startswith("1.3,Border management,gap,0")
    xlsx = client.get("/support/c/HT/coordination.xlsx?period=2024")
    assert xlsx.content[:2] == b"PK"
    api = client.get("/api/v1/support/countries/HT/coordination?period=2024").json()
    assert api["commitments"] == {"usd": "153000", "other": {"EUR": "10000"}}
    assert [o["partners"] for o in api["overlaps"]] == [["Partner A", "Partner B"]]
    assert client.get("/api/v1/support/countries/HT/coordination?period=20x4").status_code == 422
