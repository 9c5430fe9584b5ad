"""Data entry through the pages: evidence (files and links) and the review queue."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import Evidence, Indicator, Measurement
from ssrmonitor.benchmarks.tests.helpers import entry_url, signed_in, submitted_measurement
from ssrmonitor.testing.factories import (
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _pdf(name: str = "roster.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% police roster\n", "application/pdf")


def test_uploaded_evidence_is_stored_under_media_root_and_served_as_attachment(
    client: Client, officers: Indicator, alice: Any, bob: Any, media: Path
) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500), author=alice)
    response = signed_in(client, alice).post(
        entry_url("evidence_add", measurement.pk), {"title": "PNH roster", "file": _pdf()}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(media)
    assert stored.read_bytes().startswith(b"%PDF")

    download = client.get(entry_url("evidence_download", evidence.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "roster" in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]

    for outsider in (signed_in(Client(), bob), Client()):
        assert outsider.get(entry_url("evidence_download", evidence.pk)).status_code == 404


def test_evidence_of_an_approved_value_follows_the_value(
    client: Client, officers: Indicator, alice: Any, rachel: Any, media: Path
) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500), author=alice)
    signed_in(client, alice).post(
        entry_url("evidence_add", measurement.pk), {"title": "PNH roster", "file": _pdf()}
    )
    services.submit_measurement(measurement, acting_user=alice)
    services.approve_measurement(measurement, acting_user=rachel)
    evidence = Evidence.objects.get()
    assert Client().get(entry_url("evidence_download", evidence.pk)).status_code == 200


def test_evidence_link_and_refusals(
    client: Client, officers: Indicator, alice: Any, media: Path
) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500), author=alice)
    signed_in(client, alice)
    url = entry_url("evidence_add", measurement.pk)
    neither = client.post(url, {"title": "Nothing"})
    assert neither.status_code == 422
    assert "Give either a link or a file." in neither.content.decode()
    bad_type = client.post(url, {"title": "Script", "file": SimpleUploadedFile(
        "run.sh", b"#!/bin/sh", "application/x-sh")})  # fmt: skip
    assert bad_type.status_code == 422
    assert "are not accepted" in bad_type.content.decode()
    assert Evidence.objects.count() == 0

    link = "https://www.un.org/securitycouncil/content/reports"
    assert client.post(url, {"title": "Report", "url": link}).status_code == 302
    assert f'href="{link}"' in client.get(entry_url("indicator", officers.pk)).content.decode()
    link_only = Evidence.objects.get()
    assert client.get(entry_url("evidence_download", link_only.pk)).status_code == 404


def test_htmx_evidence_returns_the_evidence_section(
    client: Client, officers: Indicator, alice: Any, media: Path
) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500), author=alice)
    response = signed_in(client, alice).post(
        entry_url("evidence_add", measurement.pk),
        {"title": "Roster", "url": "https://example.org/roster"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="evidence"')
    assert "Roster" in html


def test_review_queue_lists_submissions_oldest_first(
    client: Client, officers: Indicator, alice: Any, rachel: Any, bob: Any
) -> None:
    newer = submitted_measurement(officers, alice, period_text="2019-Q2")
    older = submitted_measurement(officers, alice, period_text="2019-Q1")
    Measurement.objects.filter(pk=older.pk).update(submitted_at=datetime(2019, 4, 2, tzinfo=UTC))
    cf_indicator = IndicatorFactory(
        benchmark__framework=FrameworkFactory(country=country("CF")), definition="CAR count"
    )
    submitted_measurement(cf_indicator, bob)
    MeasurementFactory(indicator=officers, period_text="2019-Q3", value=Decimal(1))  # draft

    html = signed_in(client, rachel).get(reverse("benchmarks:review_queue")).content.decode()
    first = html.index(entry_url("measurement", older.pk))
    second = html.index(entry_url("measurement", newer.pk))
    assert first < second
    assert "CAR count" not in html
    assert html.count('class="button" href="/measurements/') == 2

    alice_view = signed_in(Client(), alice).get(reverse("benchmarks:review_queue"))
    assert "You are not a reviewer in any country." in alice_view.content.decode()
    assert Client().get(reverse("benchmarks:review_queue")).status_code == 302


def test_review_queue_uses_a_bounded_number_of_queries(
    client: Client, officers: Indicator, alice: Any, rachel: Any,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    for month in range(1, 10):
        submitted_measurement(officers, alice, period_text=f"2019-{month:02d}")
    signed_in(client, rachel)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("benchmarks:review_queue")).status_code == 200
