"""A large XLSX export is made by a background job; its file stays the owner's."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks import exports
from ssrmonitor.benchmarks.tests.test_exports import haiti  # noqa: F401 (a fixture)
from ssrmonitor.core.models import Job, JobState, Membership

pytestmark = pytest.mark.django_db


def test_a_large_xlsx_export_is_offered_as_a_job_then_made_by_it(
    client: Client,
    alice: Any,
    haiti: dict[str, Any],  # noqa: F811 (the fixture)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exports, "INLINE_ROWS", 2)
    client.force_login(alice)
    offer = client.get(reverse("benchmarks:country_export", args=["HT", "xlsx"]))
    assert offer.status_code == 200 and not offer.has_header("Content-Disposition")
    job_url = reverse("benchmarks:export_job", args=["country", "HT"])
    assert job_url in offer.content.decode()
    assert not Job.objects.exists()  # a GET starts nothing
    response = client.post(job_url, follow=True)
    job = Job.objects.get()
    assert response.redirect_chain == [(f"/jobs/{job.pk}/", 303)]
    assert job.state == JobState.SUCCEEDED and job.params["internal"] is True
    download = client.get(reverse("job_result", args=[job.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))  # type: ignore[attr-defined]
    rows = list(workbook["Data"].iter_rows(values_only=True))
    assert rows[0] == exports.COLUMNS and len(rows) > 3
    # values under review: only while the owner may still export internal data
    Membership.objects.filter(user=alice).delete()
    assert client.get(reverse("job_result", args=[job.pk])).status_code == 404


def test_the_csv_export_is_streamed_whatever_its_size(
    client: Client,
    alice: Any,
    haiti: dict[str, Any],  # noqa: F811 (the fixture)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exports, "INLINE_ROWS", 2)
    client.force_login(alice)
    response = client.get(reverse("benchmarks:country_export", args=["HT", "csv"]))
    assert response.streaming and response["Content-Disposition"].endswith('.csv"')


def test_an_export_job_of_what_one_may_not_see_is_refused(client: Client, bob: Any) -> None:
    client.force_login(bob)
    response = client.post(reverse("benchmarks:export_job", args=["framework", "999999"]))
    assert response.status_code == 404
    assert not Job.objects.exists()
