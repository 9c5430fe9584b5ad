"""Issue 14, item 3: the period grid as a spreadsheet — download, fill in offline, upload."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ssrmonitor.benchmarks.grid_sheet import POSITION
from ssrmonitor.benchmarks.models import Framework, Indicator, IndicatorKind, Measurement
from ssrmonitor.benchmarks.tests.helpers import signed_in
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db
PERIOD = "2019-Q1"
VALUE = POSITION["value"] + 1  # column L


@pytest.fixture
def share(framework: Framework) -> Indicator:
    return IndicatorFactory(
        benchmark__framework=framework, kind=IndicatorKind.PERCENTAGE, unit="%", position=2
    )


def _download(client: Client, framework: Framework) -> Any:
    url = reverse("benchmarks:period_grid_sheet", args=[framework.pk])
    response = client.get(f"{url}?period={PERIOD}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def _upload(client: Client, framework: Framework, book: Any) -> Any:
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = SimpleUploadedFile("values.xlsx", buffer.getvalue())
    url = reverse("benchmarks:period_grid_upload", args=[framework.pk])
    return client.post(url, {"period": PERIOD, "sheet": sheet})


def _rows(book: Any) -> dict[tuple[int, str], int]:
    """(indicator id, cell) → row number of the Values sheet."""
    sheet = book.worksheets[0]
    return {
        (int(sheet.cell(row=n, column=1).value), str(sheet.cell(row=n, column=2).value)): n
        for n in range(2, sheet.max_row + 1)
    }


def test_the_sheet_has_hidden_locked_keys_and_validated_values(
    client: Client, alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    MeasurementFactory(indicator=share, period_text=PERIOD, value=Decimal("9.5"))
    book = _download(signed_in(client, alice), framework)
    sheet = book.worksheets[0]
    assert sheet.column_dimensions["A"].hidden and sheet.column_dimensions["B"].hidden
    assert sheet.protection.sheet
    rows = _rows(book)
    assert set(rows) == {
        (headcount.pk, "total"),
        (headcount.pk, "sex:female"),
        (headcount.pk, "sex:male"),
        (share.pk, "total"),
    }
    share_row = rows[(share.pk, "total")]
    assert sheet.cell(row=share_row, column=VALUE).value == 9.5  # the draft, pre-filled
    assert sheet.cell(row=share_row, column=1).protection.locked
    assert not sheet.cell(row=share_row, column=VALUE).protection.locked
    ranges = {str(v.sqref): (v.formula1, v.formula2) for v in sheet.data_validations.dataValidation}
    assert ranges[f"L{share_row}"] == ("0", "100")


def test_a_filled_sheet_round_trips_and_a_second_upload_changes_nothing(
    client: Client, alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    signed_in(client, alice)
    book = _download(client, framework)
    sheet, rows = book.worksheets[0], _rows(book)
    sheet.cell(row=rows[(headcount.pk, "total")], column=VALUE).value = 14500
    sheet.cell(row=rows[(headcount.pk, "sex:female")], column=VALUE).value = 1400
    sheet.cell(row=rows[(headcount.pk, "sex:male")], column=VALUE).value = 13100
    sheet.cell(row=rows[(share.pk, "total")], column=VALUE).value = 9.7
    response = _upload(client, framework, book)
    assert response.status_code == 302
    assert Measurement.objects.get(indicator=share).value == Decimal("9.7")
    saved = Measurement.objects.get(indicator=headcount)
    assert {(p.category, p.value) for p in saved.disaggregated_values.all()} == {
        ("female", Decimal(1400)),
        ("male", Decimal(13100)),
    }
    before = (AuditEvent.objects.count(), list(Measurement.objects.values()))
    assert _upload(client, framework, book).status_code == 302
    assert (AuditEvent.objects.count(), list(Measurement.objects.values())) == before
    downloaded_again = _download(client, framework)
    assert _upload(client, framework, downloaded_again).status_code == 302
    assert AuditEvent.objects.count() == before[0]


def test_a_bad_row_is_named_by_sheet_row_and_column_and_nothing_is_saved(
    client: Client, alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    signed_in(client, alice)
    book = _download(client, framework)
    sheet, rows = book.worksheets[0], _rows(book)
    sheet.cell(row=rows[(headcount.pk, "total")], column=VALUE).value = 14500
    sheet.cell(row=rows[(share.pk, "total")], column=VALUE).value = 150
    response = _upload(client, framework, book)
    assert response.status_code == 422
    html = response.content.decode()
    assert f"Row {rows[(share.pk, 'total')]}, column L (Value):" in html
    assert "outside the allowed range" in html
    assert not Measurement.objects.exists()


def test_a_changed_key_or_a_date_that_is_not_one_is_refused_by_row(
    client: Client, alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    signed_in(client, alice)
    book = _download(client, framework)
    sheet, rows = book.worksheets[0], _rows(book)
    sheet.protection.sheet = False
    sheet.cell(row=rows[(headcount.pk, "sex:male")], column=2).value = "sex:other"
    share_row = rows[(share.pk, "total")]
    sheet.cell(row=share_row, column=VALUE).value = 9
    sheet.cell(row=share_row, column=POSITION["coverage_end"] + 1).value = "end of March"
    response = _upload(client, framework, book)
    assert response.status_code == 422
    html = response.content.decode()
    assert f"Row {rows[(headcount.pk, 'sex:male')]}, column A (indicator_id):" in html
    assert f"Row {share_row}, column O (Covers to):" in html
    assert not Measurement.objects.exists()


def test_files_that_are_not_sheets_or_too_large_are_refused_before_reading(
    client: Client, alice: Any, framework: Framework, headcount: Indicator
) -> None:
    url = reverse("benchmarks:period_grid_upload", args=[framework.pk])
    signed_in(client, alice)
    fake = SimpleUploadedFile("values.xlsx", b"<html><script>alert(1)</script></html>")
    response = client.post(url, {"period": PERIOD, "sheet": fake})
    assert response.status_code == 422
    assert "not the XLSX its name says" in response.content.decode()
    big = SimpleUploadedFile("values.xlsx", b"PK\x03\x04" + b"\0" * (3 * 1024 * 1024))
    response = client.post(url, {"period": PERIOD, "sheet": big})
    assert response.status_code == 422
    assert "larger than 2 MB" in response.content.decode()
