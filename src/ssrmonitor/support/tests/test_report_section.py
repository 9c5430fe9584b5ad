"""The support sections of the country and thematic reports: numbers, audience, omission."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.sections.document import Document, Table
from ssrmonitor.reports.builder import (
    build_document,
    collect_country_report,
    collect_thematic_report,
)
from ssrmonitor.reports.render import render
from ssrmonitor.support.services.alignment import set_component_links, set_priority_links
from ssrmonitor.support.services.imports import import_iati_file
from ssrmonitor.support.services.rates import load_exchange_rates
from ssrmonitor.support.services.strategy import create_strategy_node
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_support import national_activity, partner

pytestmark = pytest.mark.django_db
Y2024 = ReportingPeriod.parse("2024")
DAY = date(2024, 3, 1)
NATIONAL_VALUE = "987654"


@pytest.fixture
def haiti_case(alice: Any) -> dict[str, Any]:
    """Haiti 2024: A 100,000 USD police, B 50,000 USD police (overlap), C 3,000 USD justice
    (little support), C 10,000 EUR unclassified and unaligned; border priority: a gap."""
    haiti = country("HT")
    pillar = create_strategy_node(haiti, acting_user=alice, level="pillar", code="1", title="S")
    nodes = {
        code: create_strategy_node(
            haiti,
            acting_user=alice,
            level="priority",
            code=code,
            title=title,
            parent=pillar,
            component=component,
        )
        for code, title, component in (
            ("1.1", "Police professionalisation", "police"),
            ("1.2", "Access to justice", "justice"),
            ("1.3", "Border management", "border_customs"),
        )
    }
    a, b, c = (
        partner("XM-A", "Partner A"),
        partner("XM-B", "Partner B"),
        partner("XM-C", "Partner C"),
    )
    for org, suffix, value, currency, code, component in (
        (a, "1", "100000", "USD", "1.1", "police"),
        (b, "1", "50000", "USD", "1.1", "police"),
        (c, "1", "3000", "USD", "1.2", "justice"),
        (c, "2", "10000", "EUR", None, None),
    ):
        act = national_activity(
            haiti, org, suffix, money=[("2", DAY, value, currency)], start=DAY, acting_user=alice
        )
        if code and component:
            set_priority_links(act, haiti, {nodes[code]: Decimal(100)}, acting_user=alice)
            set_component_links(act, haiti, {component: Decimal(100)}, acting_user=alice)
    return {"haiti": haiti}


def _table(document: Document, caption: str) -> list[list[str]]:
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Table) and block.caption == caption:
                return [row.cells for row in block.rows]
    raise AssertionError(caption)


def test_internal_report_numbers_match_the_hand_made_case(
    alice: Any, haiti_case: dict[str, Any]
) -> None:
    payload = collect_country_report(alice, haiti_case["haiti"], Y2024, "internal")
    data = payload["sections"]["support_coordination"]
    assert data["total"]["commitments"] == [["USD", "153000"], ["EUR", "10000"]]
    assert [p["partner"] for p in data["partners"]] == ["Partner A", "Partner B", "Partner C"]
    assert data["alignment"]["activities"] == 3
    assert data["alignment"]["share"] == "75"
    assert [(g["code"], g["status"]) for g in data["alignment"]["gaps"]] == [
        ("1.2", "little"),
        ("1.3", "gap"),
    ]
    assert [(o["code"], o["partners"]) for o in data["alignment"]["overlaps"]] == [
        ("1.1", ["Partner A", "Partner B"])
    ]
    json.dumps(payload, sort_keys=True)  # snapshot-ready
    document = build_document(payload, "en")
    assert _table(document, "Support by partner")[2] == ["Partner C", "USD 3,000 + EUR 10,000", "—"]
    assert _table(document, "Support by SSR component") == [
        ["Justice", "USD 3,000", "—"],
        ["Police", "USD 150,000", "—"],
        ["Not classified", "EUR 10,000", "—"],
    ]
    assert "3 of 4 active activities (75%) are aligned with national priorities." in (
        document.summary
    )
    french = " ".join(build_document(payload, "fr").summary)
    assert "153\u202f000 USD + 10\u202f000 EUR" in french
    html = render(document, "html").content.decode()
    assert "Coordination of international support" in html
    assert "Possible overlaps" in html


def test_a_loaded_rate_converts_instead_of_listing_currencies(
    alice: Any, haiti_case: dict[str, Any]
) -> None:
    load_exchange_rates("currency,period,rate_to_usd\nEUR,2024,1.10\n", acting_user=alice)
    payload = collect_country_report(alice, haiti_case["haiti"], Y2024, "internal")
    assert payload["sections"]["support_coordination"]["total"]["commitments"] == [
        ["USD", "164000"]
    ]


def test_section_is_left_out_without_support_in_the_period(
    alice: Any, haiti_case: dict[str, Any]
) -> None:
    payload = collect_country_report(
        alice, haiti_case["haiti"], ReportingPeriod.parse("2019"), "internal"
    )
    assert "support_coordination" not in payload["sections"]
    assert (
        "Coordination of international support"
        not in render(build_document(payload, "en"), "html").content.decode()
    )


def test_public_report_shows_only_published_iati_activities(bob: Any) -> None:
    fixtures = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "support" / "iati"
    car = country("CF")
    import_iati_file(fixtures / "dod-centralafricanrepublic.xml", acting_user=SYSTEM)
    national_activity(
        car,
        partner("XM-N", "Secret national partner"),
        "1",
        money=[("2", date(2019, 3, 1), NATIONAL_VALUE, "USD")],
        start=date(2019, 3, 1),
        acting_user=bob,
    )
    everything = ReportingPeriod.parse("2019")
    internal = collect_country_report(bob, car, everything, "internal")["sections"]
    assert "Secret national partner" in json.dumps(internal)
    public = collect_country_report(bob, car, everything, "public")
    text = json.dumps(public)
    assert "Secret national partner" not in text
    assert NATIONAL_VALUE not in text
    section = public["sections"]["support_coordination"]
    assert section["alignment"] is None
    assert section["activities"] == internal["support_coordination"]["activities"] - 1
    html = render(build_document(public, "en"), "html").content.decode()
    assert "Secret national partner" not in html


def test_thematic_support_by_component(alice: Any, haiti_case: dict[str, Any]) -> None:
    payload = collect_thematic_report(alice, [haiti_case["haiti"]], Y2024, "internal")
    rows = payload["sections"]["support_by_component"]["components"]
    assert [(r["component"], r["commitments"]) for r in rows] == [
        ("justice", [["USD", "3000"]]),
        ("police", [["USD", "150000"]]),
        ("unclassified", [["EUR", "10000"]]),
    ]
    public = collect_thematic_report(alice, [haiti_case["haiti"]], Y2024, "public")
    assert "support_by_component" not in public["sections"]
    document = build_document(payload, "en")
    assert "International support by SSR component" in [s.title for s in document.sections]


def test_a_frozen_snapshot_regenerates_identically(alice: Any, haiti_case: dict[str, Any]) -> None:
    from ssrmonitor.reports.models import Snapshot
    from ssrmonitor.reports.services import freeze_snapshot, is_intact

    haiti = haiti_case["haiti"]
    snapshot = freeze_snapshot(haiti, Y2024, title="Input to S/2024/1", acting_user=alice)
    assert "support_coordination" in snapshot.payload["sections"]
    document = build_document(snapshot.payload, "en")
    at_freeze = {fmt: render(document, fmt).content for fmt in ("html", "pdf", "docx")}
    national_activity(
        haiti,
        partner("XM-D", "Partner D"),
        "1",
        money=[("2", DAY, "5000", "USD")],
        start=DAY,
        acting_user=alice,
    )
    again = Snapshot.objects.get(pk=snapshot.pk)
    assert is_intact(again)
    for fmt, content in at_freeze.items():
        assert render(build_document(again.payload, "en"), fmt).content == content  # type: ignore[arg-type]
    live = collect_country_report(alice, haiti, Y2024, "internal")
    assert (
        live["sections"]["support_coordination"]
        != again.payload["sections"]["support_coordination"]
    )
