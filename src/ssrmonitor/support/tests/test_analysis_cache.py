"""The cached coordination analysis: recomputed after every kind of change, never shared across
visitors who see different activities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.support.analytics import Window, visible_analysis
from ssrmonitor.support.services.alignment import set_component_links
from ssrmonitor.support.services.imports import import_iati_file
from ssrmonitor.support.services.rates import load_exchange_rates
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_support import national_activity, partner

pytestmark = pytest.mark.django_db

ALL_TIME = Window()


def _entry(
    suffix: str, value: str, currency: str = "USD", *, acting_user: Any, org: Any = None
) -> Any:
    """A national entry of Haiti committing ``value`` in March 2024 (Partner A by default)."""
    return national_activity(
        country("HT"),
        org or partner("XM-A", "Partner A"),
        suffix,
        money=[("2", date(2024, 3, 1), value, currency)],
        acting_user=acting_user,
    )


def test_every_kind_of_change_is_seen_at_the_next_request(alice: Any) -> None:
    haiti = country("HT")
    first = _entry("1", "1000", acting_user=alice)
    assert visible_analysis(alice, haiti, ALL_TIME).activity_count == 1
    _entry("2", "500", currency="EUR", acting_user=alice)  # a national entry: service, audited
    analysis = visible_analysis(alice, haiti, ALL_TIME)
    assert analysis.activity_count == 2
    assert not analysis.total.commitments.fully_converted
    load_exchange_rates("currency,period,rate_to_usd\nEUR,2024,1.10\n", acting_user=alice)
    analysis = visible_analysis(alice, haiti, ALL_TIME)
    assert analysis.total.commitments.usd == Decimal("1550.00")  # 1000 + 500 × 1.10
    set_component_links(first, haiti, {"police": Decimal(100)}, acting_user=alice)
    assert visible_analysis(alice, haiti, ALL_TIME).who_does_what == {
        "Partner A": {"police": 1, "unclassified": 1}
    }


def test_an_imported_iati_file_is_seen_at_the_next_request(
    alice: Any, fixtures: Path, countries: None
) -> None:
    """The importer writes in bulk, without save signals: its audit event changes the version."""
    haiti = country("HT")
    before = visible_analysis(alice, haiti, ALL_TIME).activity_count
    import_iati_file(fixtures / "doj-haiti.xml", acting_user=SYSTEM)
    assert visible_analysis(alice, haiti, ALL_TIME).activity_count > before


def test_a_national_entry_stays_with_the_countrys_members(alice: Any, bob: Any) -> None:
    """Bob (Central African Republic) does not see Haiti's national entries, even when Alice's
    analysis of Haiti is in the cache."""
    haiti = country("HT")
    _entry("1", "1000", acting_user=alice)
    assert visible_analysis(alice, haiti, ALL_TIME).activity_count == 1
    assert visible_analysis(bob, haiti, ALL_TIME).activity_count == 0
    assert visible_analysis(alice, haiti, ALL_TIME).activity_count == 1


def test_the_coordination_page_shows_a_new_partner_at_once(alice: Any) -> None:
    client = Client()
    client.force_login(alice)
    _entry("1", "1000", acting_user=alice)
    page = client.get("/support/c/HT/coordination/")
    assert page.status_code == 200 and b"Partner B" not in page.content
    _entry("1", "700", acting_user=alice, org=partner("XM-B", "Partner B"))
    assert b"Partner B" in client.get("/support/c/HT/coordination/").content


def test_the_partner_filter_offers_a_new_partner_at_once_and_to_members_only(
    alice: Any, bob: Any
) -> None:
    """The filter's choices are cached per visitor scope: a partner known only from Haiti's
    national entries is offered to Haiti's members, not to Bob, even after Alice's visit."""
    member, other = Client(), Client()
    member.force_login(alice)
    other.force_login(bob)
    _entry("1", "1000", acting_user=alice)
    assert b"Partner B" not in member.get("/support/c/HT/").content
    _entry("1", "700", acting_user=alice, org=partner("XM-B", "Partner B"))
    assert b"Partner B" in member.get("/support/c/HT/").content
    page = other.get("/support/c/HT/")
    assert page.status_code == 200 and b"Partner B" not in page.content


def test_the_activities_api_shows_a_new_entry_at_once_and_to_members_only(
    alice: Any, bob: Any
) -> None:
    """The list route is cached per visitor scope too: Bob never gets Alice's cached page."""
    member, other = Client(), Client()
    member.force_login(alice)
    other.force_login(bob)
    url = "/api/v1/support/activities?country=HT"
    _entry("1", "1000", acting_user=alice)
    assert member.get(url).json()["count"] == 1
    _entry("2", "700", acting_user=alice)
    assert member.get(url).json()["count"] == 2
    assert other.get(url).json()["count"] == 0


def test_the_activity_list_is_kept_per_language(alice: Any) -> None:
    _entry("1", "1000", acting_user=alice)
    english, french = Client(), Client(HTTP_ACCEPT_LANGUAGE="fr")
    english.force_login(alice)
    french.force_login(alice)
    assert "Disbursed or spent" in english.get("/support/c/HT/").content.decode()
    cached = english.get("/support/c/HT/").content.decode()  # markup, not escaped text
    assert '<table class="table table--stack support-activities">' in cached
    page = french.get("/support/c/HT/").content.decode()
    assert "Décaissé ou dépensé" in page and "Disbursed or spent" not in page
