"""Snapshots: frozen content regenerates byte for byte after the data changed; differences."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.models import MeasurementStatus
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.reports.builder import build_document, collect_country_report
from ssrmonitor.reports.diff import diff_snapshots
from ssrmonitor.reports.models import Snapshot
from ssrmonitor.reports.render import render
from ssrmonitor.reports.services import freeze_snapshot, is_intact, save_narrative
from ssrmonitor.testing.factories import MeasurementFactory
from ssrmonitor.testing.factories_reports import ReportWorld

pytestmark = pytest.mark.django_db
PERIOD = ReportingPeriod.parse("2019-H2")
FORMATS = ("html", "pdf", "docx")


def files(payload: dict[str, Any], lang: str = "en") -> dict[str, bytes]:
    document = build_document(payload, lang)
    return {fmt: render(document, fmt).content for fmt in FORMATS}  # type: ignore[arg-type]


def change_the_data(world: ReportWorld) -> None:
    """Approve the draft (prisons 2019-H2 → on track) and add a police value."""
    world.draft.value = Decimal(59)
    world.draft.status = MeasurementStatus.APPROVED
    world.draft.save(update_fields=["value", "status"])
    MeasurementFactory(indicator=world.police, period_text="2019-Q4", value=Decimal("1.45"),
                       status=MeasurementStatus.APPROVED)  # fmt: skip


def test_snapshot_regenerates_identically_after_the_data_changed(
    alice: Any, world: ReportWorld
) -> None:
    country = world.published.country
    save_narrative(country, PERIOD, "analysis", "Progress slowed.", acting_user=alice)
    snapshot = freeze_snapshot(country, PERIOD, title="Input to S/2019/805", acting_user=alice)
    at_freeze = files(snapshot.payload)
    change_the_data(world)
    save_narrative(country, PERIOD, "analysis", "Progress resumed.", acting_user=alice)
    again = Snapshot.objects.get(pk=snapshot.pk)
    for lang in ("en", "fr"):
        first, second = files(again.payload, lang), files(again.payload, lang)
        assert first == second
    assert files(again.payload) == at_freeze
    live = files(collect_country_report(alice, country, PERIOD, "internal"))
    for fmt in FORMATS:
        assert live[fmt] != at_freeze[fmt]
    assert b"Progress slowed." in at_freeze["html"]
    assert b"Progress resumed." in live["html"]
    assert is_intact(again)


def test_freezing_is_audited_and_needs_the_right(alice: Any, bob: Any, world: ReportWorld) -> None:
    country = world.published.country
    snapshot = freeze_snapshot(country, PERIOD, title="June submission", acting_user=alice)
    event = AuditEvent.objects.get(action="freeze")
    assert event.object_id == str(snapshot.pk) and event.country_iso2 == "HT"
    assert event.after["digest"] == snapshot.digest
    from ssrmonitor.core.permissions import Denied

    with pytest.raises(Denied):
        freeze_snapshot(country, PERIOD, title="x", acting_user=bob)


def test_a_changed_payload_is_detected(alice: Any, world: ReportWorld) -> None:
    snapshot = freeze_snapshot(world.published.country, PERIOD, title="t", acting_user=alice)
    snapshot.payload["period"] = "2020-H1"
    assert not is_intact(snapshot)


def test_differences_between_two_snapshots(alice: Any, world: ReportWorld) -> None:
    country = world.published.country
    old = freeze_snapshot(country, PERIOD, title="before", acting_user=alice)
    change_the_data(world)
    save_narrative(country, PERIOD, "introduction", "New introduction.", acting_user=alice)
    new = freeze_snapshot(country, PERIOD, title="after", acting_user=alice)
    changes = {
        (c.item, c.aspect): (c.before, c.after) for c in diff_snapshots(old.payload, new.payload)
    }
    framework = "MINUJUSTH exit strategy benchmarks"
    assert changes[(f"{framework} / 2.1", "rating")] == ("Off track", "On track")
    assert changes[(f"{framework} / 2.1", "latest approved value")] == (
        "74 (2019-H1)",
        "59 (2019-H2)",
    )
    assert changes[(f"{framework} / 1.1", "latest approved value")] == (
        "1.4 (2019-H2)",
        "1.45 (2019-Q4)",
    )
    assert changes[("Introduction", "narrative")] == ("—", "version 1")
    assert diff_snapshots(old.payload, old.payload) == []


def test_diff_page_and_snapshot_downloads(alice: Any, world: ReportWorld, client: Client) -> None:
    country = world.published.country
    old = freeze_snapshot(country, PERIOD, title="before", acting_user=alice)
    change_the_data(world)
    new = freeze_snapshot(country, PERIOD, title="after", acting_user=alice)
    client.force_login(alice)
    page = client.get(reverse("reports:snapshot_diff", args=[old.pk, new.pk]))
    assert page.status_code == 200
    assert "59 (2019-H2)" in page.content.decode()
    url = reverse("reports:snapshot_download", args=[old.pk, "pdf"])
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200 and first.content == second.content
    assert first.content == files(old.payload)["pdf"]
    assert client.get(reverse("reports:snapshot", args=[old.pk])).status_code == 200


def test_snapshot_page_creates_a_snapshot(alice: Any, world: ReportWorld, client: Client) -> None:
    client.force_login(alice)
    url = reverse("reports:snapshot_create", args=["HT"]) + "?period=2019-H2"
    response = client.post(url, {"title": "S/2019/805 input", "audience": "internal"})
    snapshot = Snapshot.objects.get()
    assert response.status_code == 302 and response["Location"] == snapshot.get_absolute_url()
    assert snapshot.payload["period"] == "2019-H2"
