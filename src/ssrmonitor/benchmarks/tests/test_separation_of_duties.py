"""Issue 13, findings 1 and 2: privileged fields checked against the request, and four eyes that
count everyone who had a hand in a value, not only its author."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import Framework, MeasurementStatus
from ssrmonitor.benchmarks.tests.helpers import API, patch, post, signed_in
from ssrmonitor.core.permissions import Denied
from ssrmonitor.testing.factories import FrameworkFactory, IndicatorFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers() -> Any:
    framework = FrameworkFactory(adoption_date=date(2018, 5, 2), end_date=date(2019, 10, 15))
    return IndicatorFactory(
        benchmark__framework=framework,
        unit="officers",
        baseline_value=Decimal(14000),
        target_value=Decimal(15000),
        minimum=Decimal(0),
    )


# --- finding 1: an editor publishes a framework through the API -------------------------------


def test_an_editor_cannot_publish_a_framework_by_creating_it_published(alice: Any) -> None:
    with pytest.raises(Denied):
        services.create_framework(
            acting_user=alice, country=country("HT"), title="Plan", is_published=True
        )
    assert not Framework.objects.filter(title="Plan").exists()


def test_the_api_refuses_an_editors_published_framework_and_creates_nothing(
    client: Client, alice: Any
) -> None:
    body = {"title": "Exit plan", "country": "HT", "is_published": True}
    response = post(signed_in(client, alice), "/frameworks", body)
    assert response.status_code == 403
    assert not Framework.objects.filter(title="Exit plan").exists()


def test_an_editor_creates_an_unpublished_framework_and_an_administrator_publishes(
    alice: Any, ada: Any
) -> None:
    created = services.create_framework(acting_user=alice, country=country("HT"), title="Plan")
    assert not created.is_published
    services.update_framework(created, acting_user=ada, is_published=True)
    created.refresh_from_db()
    assert created.is_published


def test_an_editor_cannot_withdraw_a_published_framework(alice: Any) -> None:
    published = FrameworkFactory(is_published=True)
    with pytest.raises(Denied):
        services.update_framework(published, acting_user=alice, is_published=False)
    published.refresh_from_db()
    assert published.is_published


# --- finding 2: four eyes on values count everyone who touched them ---------------------------


def test_an_administrator_who_changed_a_value_cannot_approve_it(
    officers: Any, alice: Any, ada: Any
) -> None:
    measurement = services.record_measurement(
        officers, acting_user=alice, period="2019-Q1", value="14500"
    )
    services.update_measurement(measurement, acting_user=ada, value="14900")
    services.submit_measurement(measurement, acting_user=alice)
    with pytest.raises(Denied):
        services.approve_measurement(measurement, acting_user=ada)
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED
    assert set(measurement.contributor_ids) == {alice.pk, ada.pk}


def test_whoever_submits_another_persons_value_cannot_approve_it(
    officers: Any, alice: Any, ada: Any
) -> None:
    measurement = services.record_measurement(
        officers, acting_user=alice, period="2019-Q1", value="14500"
    )
    services.submit_measurement(measurement, acting_user=ada)
    with pytest.raises(Denied):
        services.return_measurement(measurement, acting_user=ada, comment="Recheck")


def test_adding_evidence_counts_as_a_hand_in_the_value(officers: Any, alice: Any, ada: Any) -> None:
    measurement = services.record_measurement(
        officers, acting_user=alice, period="2019-Q1", value="14500"
    )
    services.add_evidence(
        measurement, acting_user=ada, title="HR list", url="https://example.org/hr"
    )
    services.submit_measurement(measurement, acting_user=alice)
    with pytest.raises(Denied):
        services.approve_measurement(measurement, acting_user=ada)


def test_a_reviewer_with_no_hand_in_the_value_approves_it(
    officers: Any, alice: Any, ada: Any, rachel: Any
) -> None:
    measurement = services.record_measurement(
        officers, acting_user=alice, period="2019-Q1", value="14500"
    )
    services.update_measurement(measurement, acting_user=ada, value="14900")
    services.submit_measurement(measurement, acting_user=alice)
    services.approve_measurement(measurement, acting_user=rachel)
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.APPROVED


def test_the_api_refuses_the_patch_submit_approve_bypass(
    client: Client, officers: Any, alice: Any, ada: Any
) -> None:
    measurement = services.record_measurement(
        officers, acting_user=alice, period="2019-Q1", value="14500"
    )
    admin = signed_in(client, ada)
    assert patch(admin, f"/measurements/{measurement.pk}", {"value": 50}).status_code == 200
    assert post(admin, f"/measurements/{measurement.pk}/submit").status_code == 200
    assert post(admin, f"/measurements/{measurement.pk}/approve").status_code == 403
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED
    assert API.startswith("/api/")
