"""The support list: filters by partner, sector, year and status, amounts, one row per activity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ssrmonitor.core.numbers import money
from ssrmonitor.support.filters import names_pattern, other_country_named
from ssrmonitor.support.models import Activity, SectorAllocation
from ssrmonitor.testing.factories import country, member
from ssrmonitor.testing.factories_support import national_activity, partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(db: None) -> Client:
    """An editor of Haiti (national entries are internal)."""
    signed_in = Client()
    signed_in.force_login(member("alice", "HT", "editor"))
    return signed_in


@pytest.fixture
def entries(db: None) -> dict[str, Activity]:
    haiti = country("HT")
    canada, sweden = partner("CA-1", "Canada"), partner("SE-1", "Sweden")
    police = national_activity(
        haiti,
        canada,
        "police",
        money=[("2", date(2019, 1, 10), "47398562", "USD"), ("3", date(2019, 6, 1), "1000", "USD")],
        sectors={"15210": Decimal(100)},
        start=date(2018, 1, 1),
        end=date(2019, 12, 31),
    )
    justice = national_activity(
        haiti,
        sweden,
        "justice",
        sectors={"15130": Decimal(100)},
        start=date(2022, 1, 1),
        status="3",
    )
    return {"police": police, "justice": justice}


def _page(client: Client, **params: str) -> tuple[int, str]:
    answer = client.get(reverse("support:country", args=["HT"]), params)
    return answer.status_code, answer.content.decode()


def test_a_partner_narrows_the_list(client: Client, entries: dict[str, Activity]) -> None:
    partner_id = str(entries["justice"].reporting_org_id)
    status, page = _page(client, partner=partner_id)
    assert status == 200
    assert "SE-1-justice" in page and "CA-1-police" not in page
    assert "Clear filters" in page


def test_a_sector_narrows_the_list(client: Client, entries: dict[str, Activity]) -> None:
    _status, page = _page(client, sector="15210")
    assert "CA-1-police" in page and "SE-1-justice" not in page


def test_a_year_keeps_the_activities_running_that_year(
    client: Client, entries: dict[str, Activity]
) -> None:
    _status, page = _page(client, year="2019")
    assert "CA-1-police" in page and "SE-1-justice" not in page
    _status, page = _page(client, year="2023")
    assert "CA-1-police" not in page and "SE-1-justice" in page


def test_a_status_narrows_the_list(client: Client, entries: dict[str, Activity]) -> None:
    _status, page = _page(client, status="3")
    assert "SE-1-justice" in page and "CA-1-police" not in page


def test_bad_parameters_are_ignored_and_said_never_a_server_error(
    client: Client, entries: dict[str, Activity]
) -> None:
    status, page = _page(client, partner="x", year="soon", sector="99999", status="9")
    assert status == 200
    assert page.count("Ignored:") == 4
    assert "CA-1-police" in page and "SE-1-justice" in page


def test_amounts_are_grouped_with_their_currency(
    client: Client, entries: dict[str, Activity]
) -> None:
    _status, page = _page(client)
    assert "USD\N{NO-BREAK SPACE}47,398,562" in page
    assert "USD\N{NO-BREAK SPACE}1,000" in page


def test_money_groups_thousands_as_the_language_does() -> None:
    with translation.override("fr"):
        assert money(Decimal("47398562.4"), "USD").replace("\N{NARROW NO-BREAK SPACE}", " ") in (
            "USD\N{NO-BREAK SPACE}47 398 562",
            "USD\N{NO-BREAK SPACE}47\N{NO-BREAK SPACE}398\N{NO-BREAK SPACE}562",
        )


def test_a_sector_given_on_each_transaction_is_listed_once(
    client: Client, entries: dict[str, Activity]
) -> None:
    police = entries["police"]
    for transaction in police.transactions.all():
        SectorAllocation.objects.create(activity=police, transaction=transaction, code="15210")
    _status, page = _page(client)
    assert page.count("15210 ") == 1 + page.count('value="15210"')


def test_a_title_naming_another_country_is_flagged() -> None:
    names = names_pattern(["Haiti", "Guyana", "Guinea", "Guinea-Bissau", "Chad"])
    title = "Strengthening Guyana's capacity to effectively combat TIP"
    assert other_country_named(title, "Haiti", names) == "Guyana"
    assert other_country_named("Police reform in Haiti and Guyana", "Haiti", names) == ""
    assert other_country_named("Courts of Guinea-Bissau", "Haiti", names) == "Guinea-Bissau"
    assert other_country_named("Chadian border posts", "Haiti", names) == ""
    assert other_country_named("Community policing", "Haiti", names) == ""


def test_the_list_flags_an_activity_whose_title_names_another_country(
    client: Client, entries: dict[str, Activity]
) -> None:
    haiti, other = country("HT"), country("CF")
    title = f"Border police of the {other.name}"
    national_activity(haiti, partner("US-1", "State"), "border", title=title)
    _status, page = _page(client)
    assert page.count(f"Check: the title names {other.name}, not Haiti") == 1
