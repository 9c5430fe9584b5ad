"""Narrative blocks: each save is a new, audited version; only editors of the country write."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.permissions import Denied
from ssrmonitor.reports.builder import build_document, collect_country_report
from ssrmonitor.reports.models import NarrativeBlock
from ssrmonitor.reports.render import render
from ssrmonitor.reports.services import save_narrative
from ssrmonitor.testing.factories import country

pytestmark = pytest.mark.django_db
PERIOD = ReportingPeriod.parse("2019-H2")


def test_each_save_is_a_new_audited_version(alice: Any) -> None:
    haiti = country("HT")
    save_narrative(haiti, PERIOD, "analysis", "First text.", acting_user=alice)
    block = save_narrative(haiti, PERIOD, "analysis", "Second text.", acting_user=alice)
    assert block.version == 2
    versions = NarrativeBlock.objects.filter(key="analysis").order_by("version")
    assert [b.text for b in versions] == ["First text.", "Second text."]
    events = AuditEvent.objects.filter(object_type="reports.narrativeblock").order_by("id")
    assert [e.after["version"] for e in events] == [1, 2]
    assert events[1].before == {"version": 1, "text": "First text."}


def test_unchanged_text_and_unknown_blocks_are_refused(alice: Any) -> None:
    haiti = country("HT")
    save_narrative(haiti, PERIOD, "analysis", "Same.", acting_user=alice)
    with pytest.raises(ValidationFailed):
        save_narrative(haiti, PERIOD, "analysis", "Same.", acting_user=alice)
    with pytest.raises(ValidationFailed):
        save_narrative(haiti, PERIOD, "preface", "x", acting_user=alice)


@pytest.mark.parametrize("persona", ["victor", "rachel", "bob"])
def test_only_editors_of_the_country_write(personas: dict[str, Any], persona: str) -> None:
    with pytest.raises(Denied):
        save_narrative(country("HT"), PERIOD, "analysis", "x", acting_user=personas[persona])


def test_latest_version_goes_into_the_report_in_place(alice: Any, world: Any) -> None:
    haiti = world.published.country
    save_narrative(haiti, PERIOD, "introduction", "Old intro.", acting_user=alice)
    save_narrative(haiti, PERIOD, "introduction", "Intro.\n\nسلام عليكم", acting_user=alice)
    save_narrative(haiti, PERIOD, "observations", "We recommend.", acting_user=alice)
    document = build_document(collect_country_report(alice, haiti, PERIOD, "internal"), "en")
    keys = [section.key for section in document.sections]
    assert keys[0] == "narrative-introduction" and keys[-1] == "narrative-observations"
    texts = [block.text for block in document.sections[0].blocks]  # type: ignore[union-attr]
    assert texts == ["Intro.", "سلام عليكم"]
    assert document.sections[0].blocks[1].rtl  # type: ignore[union-attr]
    for fmt in ("html", "pdf", "docx"):
        assert render(document, fmt).content  # type: ignore[arg-type]


def test_narrative_page_saves_versions(alice: Any, victor: Any, client: Client) -> None:
    country("HT")
    url = reverse("reports:narrative", args=["HT", "analysis"]) + "?period=2019-H2"
    client.force_login(alice)
    assert client.post(url, {"text": "Written on the page."}).status_code == 302
    assert client.post(url, {"text": "Written on the page."}).status_code == 422
    assert "Written on the page." in client.get(url).content.decode()
    client.force_login(victor)
    assert client.post(url, {"text": "Viewer text"}).status_code == 403
    assert client.get(url).status_code == 200
