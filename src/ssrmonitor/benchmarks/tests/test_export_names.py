"""Exports name the country in the language of the request (CLDR), even when streamed."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ssrmonitor.benchmarks import exports
from ssrmonitor.benchmarks.tests.test_exports import (  # noqa: F401 (haiti: a fixture)
    country_url,
    haiti,
    read_csv,
)
from ssrmonitor.core.models import Job

pytestmark = pytest.mark.django_db


def _in(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(("language", "name"), [("fr", "Haïti"), ("ar", "هايتي"), ("en", "Haiti")])
def test_the_csv_names_the_country_in_the_language_of_the_request(
    client: Client,
    haiti: dict[str, Any],  # noqa: F811 (the fixture)
    language: str,
    name: str,
) -> None:
    response = _in(client, language).get(country_url("csv"))
    with translation.override("en"):  # a streamed body is read after the view returned
        rows = read_csv(response)
    assert rows and {(row["country_iso2"], row["country"]) for row in rows} == {("HT", name)}


def test_the_xlsx_and_its_background_job_name_the_country_in_french(
    client: Client,
    alice: Any,
    haiti: dict[str, Any],  # noqa: F811 (the fixture)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    column = exports.COLUMNS.index("country")
    inline = _in(client, "fr").get(country_url("xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(inline.content)).worksheets[0]
    assert {row[column] for row in list(sheet.iter_rows(values_only=True))[1:]} == {"Haïti"}

    monkeypatch.setattr(exports, "INLINE_ROWS", 2)
    client.force_login(alice)
    client.post(reverse("benchmarks:export_job", args=["country", "HT"]))
    job = Job.objects.get()
    assert job.params["lang"] == "fr"
    with translation.override("en"):
        download = client.get(reverse("job_result", args=[job.pk]))
        content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert {row[column] for row in list(sheet.iter_rows(values_only=True))[1:]} == {"Haïti"}
