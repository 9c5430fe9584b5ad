"""On a right-to-left page, stored texts written left to right keep their own direction."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from ssrmonitor.testing.factories import FrameworkFactory

pytestmark = pytest.mark.django_db


def test_a_framework_page_in_arabic_isolates_its_english_sources_and_notes(
    client: Client,
) -> None:
    framework = FrameworkFactory(
        source_document="S/2018/527",
        source_title="Report of the Secretary-General (1 June 2018), annex I 'Benchmarks'",
        source_location="GitHub flixi67/PACT-ML @ bc1ec52, path data/pdfs/S_2018_527.pdf",
        notes="Benchmarks first set in: S/2018/241 (20 March 2018)",
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    html = client.get(framework.get_absolute_url()).content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert (
        "<bdi>Report of the Secretary-General (1 June 2018), annex I &#x27;Benchmarks&#x27;</bdi>"
        in html
    )
    assert "<bdi>GitHub flixi67/PACT-ML @ bc1ec52, path data/pdfs/S_2018_527.pdf</bdi>" in html
    assert '<p class="notes" dir="auto">Benchmarks first set in: S/2018/241' in html
