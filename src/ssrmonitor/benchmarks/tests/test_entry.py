"""Data entry and review through the pages: the workflow, bad input, evidence, the queue."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import (
    Evidence,
    Indicator,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.factories import (
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)

pytestmark = pytest.mark.django_db

GOOD = {
    "period": "2019-Q1",
    "value": "14500",
    "unit": "officers",
    "narrative": "Class 30 graduated in March.",
    "obstacles": "",
    "sex__female": "1400",
    "sex__male": "13100",
    "region_name_0": "Ouest",
    "region_value_0": "9000",
}


@pytest.fixture
def officers(db: None) -> Indicator:
    """Sworn police officers in Haiti, by sex, age band and region (framework 2018-05 → 2019-10)."""
    framework = FrameworkFactory(adoption_date=date(2018, 5, 2), end_date=date(2019, 10, 15))
    return IndicatorFactory(
        benchmark__framework=framework,
        definition="Number of sworn police officers",
        unit="officers",
        baseline_value=Decimal(14000),
        target_value=Decimal(15000),
        minimum=Decimal(0),
        disaggregations=["sex", "age_band", "region"],
    )


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def _url(name: str, pk: int) -> str:
    return reverse(f"benchmarks:{name}", args=[pk])


def _submitted(indicator: Indicator, author: Any, **extra: Any) -> Measurement:
    values: dict[str, Any] = {
        "indicator": indicator,
        "value": Decimal(14500),
        "status": MeasurementStatus.SUBMITTED,
        "author": author,
        "submitted_at": timezone.now(),
    }
    return MeasurementFactory(**(values | extra))


def test_editor_records_and_submits_and_reviewer_approves(
    client: Client, officers: Indicator, alice: Any, rachel: Any
) -> None:
    form = _login(client, alice).get(_url("measurement_create", officers.pk))
    assert form.status_code == 200
    for name in ("sex__female", "sex__male", "age_band__under_18", "region_name_0", "period"):
        assert f'name="{name}"' in form.content.decode()

    response = client.post(_url("measurement_create", officers.pk), GOOD)
    measurement = Measurement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("measurement", measurement.pk)
    assert measurement.status == MeasurementStatus.DRAFT
    assert measurement.author == alice
    parts = {(p.dimension, p.category): p.value for p in measurement.disaggregated_values.all()}
    assert parts == {("sex", "female"): 1400, ("sex", "male"): 13100, ("region", "Ouest"): 9000}

    assert client.post(_url("measurement_submit", measurement.pk)).status_code == 302
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED

    reviewer = _login(Client(), rachel)
    page = reviewer.get(_url("measurement", measurement.pk)).content.decode()
    assert "Approve" in page and "Return to the author" in page
    response = reviewer.post(_url("measurement_approve", measurement.pk), {"comment": "Checked"})
    assert response.status_code == 302
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.APPROVED
    assert measurement.reviewed_by == rachel
    assert measurement.review_comment == "Checked"

    actions = AuditEvent.objects.filter(object_type="benchmarks.measurement").order_by("id")
    assert list(actions.values_list("action", flat=True)) == ["create", "submit", "approve"]
    public = Client().get(_url("indicator", officers.pk)).content.decode()
    assert "14500" in public.replace(",", "")


def test_reviewer_cannot_approve_a_measurement_she_authored(
    client: Client, officers: Indicator, rachel: Any
) -> None:
    measurement = _submitted(officers, rachel)
    _login(client, rachel)
    page = client.get(_url("measurement", measurement.pk)).content.decode()
    assert "You cannot review your own submission." in page
    assert ">Approve<" not in page
    response = client.post(_url("measurement_approve", measurement.pk), {"comment": ""})
    assert response.status_code == 403
    assert "You cannot review your own submission." in response.content.decode()
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED


def test_returning_a_value_requires_a_comment(
    client: Client, officers: Indicator, alice: Any, rachel: Any
) -> None:
    measurement = _submitted(officers, alice)
    _login(client, rachel)
    response = client.post(_url("measurement_return", measurement.pk), {"comment": "  "})
    assert response.status_code == 422
    assert "Say why the value is returned." in response.content.decode()
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED

    comment = "The female count is from 2018; use the March 2019 roster."
    response = client.post(_url("measurement_return", measurement.pk), {"comment": comment})
    assert response.status_code == 302
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.RETURNED

    author = _login(Client(), alice)
    assert comment in author.get(_url("measurement", measurement.pk)).content.decode()
    changed = GOOD | {"value": "14600", "sex__male": "13200"}
    del changed["period"]
    assert author.post(_url("measurement_edit", measurement.pk), changed).status_code == 302
    assert author.post(_url("measurement_submit", measurement.pk)).status_code == 302
    measurement.refresh_from_db()
    assert (measurement.value, measurement.status) == (14600, MeasurementStatus.SUBMITTED)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"value": "-5", "sex__female": "", "sex__male": "", "region_value_0": "0"},
         "outside the allowed range"),
        ({"unit": "percent"}, "does not match the indicator"),
        ({"period": "2017-Q1"}, "is outside the framework"),
        ({"period": "2019Q1"}, "is not a reporting period"),
        ({"sex__female": "1000", "sex__male": "1000"}, "add up to 2000, not to the total 14500"),
        ({"region_value_0": "20000"}, "more than the total"),
        ({"region_value_0": ""}, "Give the value of this region."),
        ({"value": "many"}, "Enter a number."),
    ],
)  # fmt: skip
def test_bad_input_shows_the_reason_and_saves_nothing(
    client: Client, officers: Indicator, alice: Any, changes: dict[str, str], reason: str
) -> None:
    events = AuditEvent.objects.count()
    response = _login(client, alice).post(_url("measurement_create", officers.pk), GOOD | changes)
    assert response.status_code == 422
    html = response.content.decode()
    assert reason in html
    assert "Nothing was saved." in html
    assert Measurement.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_field_error_is_shown_next_to_its_input(
    client: Client, officers: Indicator, alice: Any
) -> None:
    response = _login(client, alice).post(
        _url("measurement_create", officers.pk), GOOD | {"unit": "percent"}
    )
    form = response.context["form"]
    assert "does not match" in form.errors["unit"][0]
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_out_of_range_part_points_at_its_category(
    client: Client, officers: Indicator, alice: Any
) -> None:
    bad = GOOD | {"sex__female": "-1", "sex__male": "14501"}
    response = _login(client, alice).post(_url("measurement_create", officers.pk), bad)
    assert response.status_code == 422
    assert "outside the allowed range" in response.context["form"].errors["sex__female"][0]


def test_approved_values_cannot_be_changed_or_deleted(
    client: Client, officers: Indicator, alice: Any
) -> None:
    measurement = MeasurementFactory(indicator=officers, approved=True, value=Decimal(14500))
    _login(client, alice)
    response = client.get(_url("measurement_edit", measurement.pk))
    assert response.status_code == 403
    assert "Only draft or returned measurements can be changed." in response.content.decode()
    assert client.post(_url("measurement_delete", measurement.pk)).status_code == 403
    assert Measurement.objects.filter(pk=measurement.pk).exists()


def test_editor_deletes_a_draft(client: Client, officers: Indicator, alice: Any) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500))
    response = _login(client, alice).post(_url("measurement_delete", measurement.pk))
    assert response.status_code == 302
    assert response["Location"] == _url("indicator", officers.pk)
    assert not Measurement.objects.filter(pk=measurement.pk).exists()


def test_who_may_enter_data(
    client: Client, officers: Indicator, bob: Any, victor: Any, rachel: Any
) -> None:
    url = _url("measurement_create", officers.pk)
    login = client.get(url)
    assert login.status_code == 302
    assert login["Location"].startswith(reverse("login"))
    for user in (bob, victor, rachel):
        response = _login(Client(), user).get(url)
        assert response.status_code == 403
        assert "You are not an editor of this country." in response.content.decode()


def test_other_countries_drafts_answer_404_to_every_action(
    client: Client, officers: Indicator, bob: Any
) -> None:
    measurement = _submitted(officers, None)
    _login(client, bob)
    for name in ("measurement", "measurement_edit"):
        assert client.get(_url(name, measurement.pk)).status_code == 404
    for name in ("measurement_submit", "measurement_approve", "measurement_return",
                 "measurement_delete", "evidence_add"):  # fmt: skip
        assert client.post(_url(name, measurement.pk)).status_code == 404


def test_actions_only_accept_post(client: Client, officers: Indicator, alice: Any) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500))
    _login(client, alice)
    for name in ("measurement_submit", "measurement_approve", "measurement_return",
                 "measurement_delete", "evidence_add"):  # fmt: skip
        assert client.get(_url(name, measurement.pk)).status_code == 405


def test_htmx_submit_swaps_the_workflow_and_sends_the_message(
    client: Client, officers: Indicator, alice: Any
) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500), author=alice)
    response = _login(client, alice).post(
        _url("measurement_submit", measurement.pk), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<section id="workflow"' in html
    assert 'id="evidence"' in html and 'hx-swap-oob="true"' in html
    assert "<html" not in html
    assert "Submitted" in html
    messages = json.loads(response["HX-Trigger"])["messages"]
    assert messages == [{"level": "success", "text": "Submitted for review."}]


def test_htmx_refusal_comes_back_as_a_message(
    client: Client, officers: Indicator, rachel: Any
) -> None:
    measurement = _submitted(officers, rachel)
    response = _login(client, rachel).post(
        _url("measurement_approve", measurement.pk), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    messages = json.loads(response["HX-Trigger"])["messages"]
    assert messages[0]["text"] == "You cannot review your own submission."


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
    response = _login(client, alice).post(
        _url("evidence_add", measurement.pk), {"title": "PNH roster", "file": _pdf()}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(media)
    assert stored.read_bytes().startswith(b"%PDF")

    download = client.get(_url("evidence_download", evidence.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "roster" in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]

    for outsider in (_login(Client(), bob), Client()):
        assert outsider.get(_url("evidence_download", evidence.pk)).status_code == 404


def test_evidence_of_an_approved_value_follows_the_value(
    client: Client, officers: Indicator, alice: Any, rachel: Any, media: Path
) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500), author=alice)
    _login(client, alice).post(
        _url("evidence_add", measurement.pk), {"title": "PNH roster", "file": _pdf()}
    )
    services.submit_measurement(measurement, acting_user=alice)
    services.approve_measurement(measurement, acting_user=rachel)
    evidence = Evidence.objects.get()
    assert Client().get(_url("evidence_download", evidence.pk)).status_code == 200


def test_evidence_link_and_refusals(
    client: Client, officers: Indicator, alice: Any, media: Path
) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500), author=alice)
    _login(client, alice)
    url = _url("evidence_add", measurement.pk)
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
    assert f'href="{link}"' in client.get(_url("indicator", officers.pk)).content.decode()
    link_only = Evidence.objects.get()
    assert client.get(_url("evidence_download", link_only.pk)).status_code == 404


def test_htmx_evidence_returns_the_evidence_section(
    client: Client, officers: Indicator, alice: Any, media: Path
) -> None:
    measurement = MeasurementFactory(indicator=officers, value=Decimal(14500), author=alice)
    response = _login(client, alice).post(
        _url("evidence_add", measurement.pk),
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
    newer = _submitted(officers, alice, period_text="2019-Q2")
    older = _submitted(officers, alice, period_text="2019-Q1")
    Measurement.objects.filter(pk=older.pk).update(submitted_at=datetime(2019, 4, 2, tzinfo=UTC))
    cf_indicator = IndicatorFactory(
        benchmark__framework=FrameworkFactory(country=country("CF")), definition="CAR count"
    )
    _submitted(cf_indicator, bob)
    MeasurementFactory(indicator=officers, period_text="2019-Q3", value=Decimal(1))  # draft

    html = _login(client, rachel).get(reverse("benchmarks:review_queue")).content.decode()
    first = html.index(_url("measurement", older.pk))
    second = html.index(_url("measurement", newer.pk))
    assert first < second
    assert "CAR count" not in html
    assert html.count('class="button" href="/measurements/') == 2

    alice_view = _login(Client(), alice).get(reverse("benchmarks:review_queue"))
    assert "You are not a reviewer in any country." in alice_view.content.decode()
    assert Client().get(reverse("benchmarks:review_queue")).status_code == 302


def test_review_queue_uses_a_bounded_number_of_queries(
    client: Client, officers: Indicator, alice: Any, rachel: Any,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    for month in range(1, 10):
        _submitted(officers, alice, period_text=f"2019-{month:02d}")
    _login(client, rachel)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("benchmarks:review_queue")).status_code == 200
