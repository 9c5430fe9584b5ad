"""The home page of a deployment with many countries stays short: the visitor's own countries
in full, the others one line each."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.home import FULL_COUNTRIES
from ssrmonitor.core.models import Country
from ssrmonitor.testing.factories import FrameworkFactory, IndicatorFactory, country

pytestmark = pytest.mark.django_db

OTHERS = [  # real ISO 3166 / M49 codes
    ("ML", "MLI", "466", "Mali"),
    ("LR", "LBR", "430", "Liberia"),
    ("SO", "SOM", "706", "Somalia"),
    ("LY", "LBY", "434", "Libya"),
    ("IQ", "IRQ", "368", "Iraq"),
    ("AF", "AFG", "004", "Afghanistan"),
    ("SD", "SDN", "729", "Sudan"),
    ("CI", "CIV", "384", "Côte d'Ivoire"),
    ("GW", "GNB", "624", "Guinea-Bissau"),
]


@pytest.fixture
def many() -> None:
    """Haiti and nine other countries, each with two active frameworks of one indicator."""
    places = [country("HT")] + [
        Country.objects.create(iso2=a, iso3=b, m49_code=c, name=d) for a, b, c, d in OTHERS
    ]
    assert len(places) > FULL_COUNTRIES
    for place in places:
        for number in (1, 2):
            framework = FrameworkFactory(country=place, title=f"{place.name} framework {number}")
            IndicatorFactory(benchmark__framework=framework, target_value=None)


def _active_part(client: Client) -> str:
    html = client.get(reverse("home")).content.decode()
    return re.sub(r"\s+", " ", html.split('id="active-heading"', 1)[1])


def test_the_public_sees_every_country_on_one_line(client: Client, many: None) -> None:
    active = _active_part(client)
    assert "Mali framework 1" not in active and "Haiti framework 1" not in active
    assert "with a baseline" not in active  # no completeness counted
    for name in ("Mali", "Haiti", "Côte d&#x27;Ivoire"):
        assert name in active
    assert active.count("2 active frameworks") == 10
    assert reverse("benchmarks:country", args=["ML"]) in active


def test_a_member_sees_their_own_country_in_full_and_the_others_on_one_line(
    victor: Any, many: None
) -> None:
    client = Client()
    client.force_login(victor)  # a viewer in Haiti
    active = _active_part(client)
    assert "Haiti framework 1" in active and "Haiti framework 2" in active
    assert "1 indicator: 1 with a baseline, 0 with a target" in active  # its completeness
    own, others = active.split("Other countries", 1)
    assert "Haiti framework 1" in own and "Mali" not in own
    assert "Mali" in others and "Mali framework 1" not in others
    assert others.count("2 active frameworks") == 9


def test_with_few_countries_every_country_keeps_its_full_card(client: Client) -> None:
    for place in (country("HT"), country("SS")):
        FrameworkFactory(country=place, title=f"{place.name} framework")
    active = _active_part(client)
    assert "Haiti framework" in active and "South Sudan framework" in active
    assert "Other countries" not in active and "brief-countries" not in active
