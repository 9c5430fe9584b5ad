"""The case queue's filters (shared GET filters): a bad value is ignored and said, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.testing.factories_vetting import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_bad_status_is_ignored_while_the_band_still_filters(vera: Any) -> None:
    likely = CaseFactory()
    possible = CaseFactory(band="possible")
    client = Client()
    client.force_login(vera)
    answer = client.get(
        reverse("vetting:cases", args=["HT"]), {"status": "nonsense", "band": "possible"}
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "Ignored:" in page
    assert f"case #{possible.pk}<" in page
    assert f"case #{likely.pk}<" not in page
    assert "Clear filters" in page


def test_the_queue_without_filters_offers_no_clear_link(vera: Any) -> None:
    client = Client()
    client.force_login(vera)
    page = client.get(reverse("vetting:cases", args=["HT"])).content.decode()
    assert 'class="filters"' in page
    assert "Clear filters" not in page
