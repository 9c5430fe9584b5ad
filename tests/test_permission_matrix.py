"""The permission matrix: every role × page, API route and export × own country, other
country and public data.

Objects of a country the user has no role in answer 404 (their existence is not revealed);
actions the user may see but not do answer 403; the anonymous public is sent to sign in on
pages and gets 401 from the API when it tries to write.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.models import Measurement, MeasurementStatus
from ssrmonitor.testing.factories import (
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "rachel", "victor", "ada", "bob", "root", "public"]
HT_MEMBERS = {"alice", "rachel", "victor", "ada", "root"}
CF_MEMBERS = {"bob", "root"}
EVERYONE = set(PERSONAS)
HT_DRAFT_READERS = {"alice", "rachel", "ada", "root"}  # viewers do not see drafts

# target → who gets 200 when reading it (everyone else gets 404)
READERS = {
    "ht_unpublished_framework": HT_MEMBERS,
    "cf_unpublished_framework": CF_MEMBERS,
    "ht_published_framework": EVERYONE,
    "ht_draft_value": HT_DRAFT_READERS,
    "ht_submitted_value": HT_MEMBERS,
    "ht_approved_value": EVERYONE,
}
FRAMEWORK_TARGETS = [
    "ht_unpublished_framework",
    "cf_unpublished_framework",
    "ht_published_framework",
]
VALUE_TARGETS = ["ht_draft_value", "ht_submitted_value", "ht_approved_value"]


@pytest.fixture
def world(alice: Any) -> dict[str, Any]:
    """Haiti and CAR data in every state; the values were entered by alice."""
    ht_public = FrameworkFactory(country=country("HT"), is_published=True)
    ht_internal = FrameworkFactory(country=country("HT"), is_published=False)
    cf_internal = FrameworkFactory(country=country("CF"), is_published=False)
    public_indicator = IndicatorFactory(benchmark__framework=ht_public)

    def value(period: str, status: str) -> Measurement:
        return MeasurementFactory(
            indicator=public_indicator, period_text=period, status=status, author=alice
        )

    return {
        "ht_published_framework": ht_public,
        "ht_unpublished_framework": ht_internal,
        "cf_unpublished_framework": cf_internal,
        "ht_draft_value": value("2019-Q1", MeasurementStatus.DRAFT),
        "ht_submitted_value": value("2019-Q2", MeasurementStatus.SUBMITTED),
        "ht_approved_value": value("2019-Q3", MeasurementStatus.APPROVED),
    }


def _client(personas: dict[str, Any], name: str) -> Client:
    client = Client()
    if personas[name] is not None:
        client.force_login(personas[name])
    return client


def _url(surface: str, obj: Any) -> str:
    if surface == "page":
        return str(obj.get_absolute_url())
    if surface == "api":
        kind = "frameworks" if hasattr(obj, "benchmarks") else "measurements"
        return f"/api/v1/{kind}/{obj.pk}"
    if surface == "export":
        return reverse("benchmarks:framework_export", args=[obj.pk, "csv"])
    if surface == "api_export":
        return f"/api/v1/benchmarks/export.csv?framework={obj.pk}"
    raise AssertionError(surface)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("surface", ["page", "api", "export", "api_export"])
@pytest.mark.parametrize("target", FRAMEWORK_TARGETS)
def test_reading_frameworks(
    world: dict[str, Any], personas: dict[str, Any], persona: str, surface: str, target: str
) -> None:
    response = _client(personas, persona).get(_url(surface, world[target]))
    expected = 200 if persona in READERS[target] else 404
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("surface", ["page", "api"])
@pytest.mark.parametrize("target", VALUE_TARGETS)
def test_reading_values(
    world: dict[str, Any], personas: dict[str, Any], persona: str, surface: str, target: str
) -> None:
    response = _client(personas, persona).get(_url(surface, world[target]))
    expected = 200 if persona in READERS[target] else 404
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_export_never_carries_values_the_persona_may_not_see(
    world: dict[str, Any], personas: dict[str, Any], persona: str
) -> None:
    framework = world["ht_published_framework"]
    response = _client(personas, persona).get(_url("export", framework))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    for target in VALUE_TARGETS:
        period = str(world[target].period)
        assert (period in body) == (persona in READERS[target]), (target, period)


# who may approve a value submitted by alice: HT reviewers and administrators, and root
APPROVERS = {"rachel", "ada", "root"}
SEES_SUBMITTED = READERS["ht_submitted_value"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("surface", ["page", "api"])
def test_approving_a_submitted_value(
    world: dict[str, Any], personas: dict[str, Any], persona: str, surface: str
) -> None:
    measurement = world["ht_submitted_value"]
    client = _client(personas, persona)
    if surface == "page":
        url = reverse("benchmarks:measurement_approve", args=[measurement.pk])
        response = client.post(url, {"comment": ""})
    else:
        url = f"/api/v1/measurements/{measurement.pk}/approve"
        response = client.post(url, {}, content_type="application/json")
    measurement.refresh_from_db()
    if persona in APPROVERS:
        assert response.status_code in (200, 302)
        assert measurement.status == MeasurementStatus.APPROVED
        return
    assert measurement.status == MeasurementStatus.SUBMITTED
    if persona == "public":
        assert response.status_code == (302 if surface == "page" else 401)
        if surface == "page":
            assert reverse("login") in response["Location"]
    elif persona in SEES_SUBMITTED:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("surface", ["page", "api"])
def test_recording_a_value(
    world: dict[str, Any], personas: dict[str, Any], persona: str, surface: str
) -> None:
    framework = world["ht_unpublished_framework"]
    indicator = IndicatorFactory(benchmark__framework=framework)
    client = _client(personas, persona)
    data = {"period": "2019-Q4", "value": "1.36"}
    if surface == "page":
        url = reverse("benchmarks:measurement_create", args=[indicator.pk])
        response = client.post(url, data)
    else:
        url = f"/api/v1/indicators/{indicator.pk}/measurements"
        response = client.post(url, data, content_type="application/json")
    created = Measurement.objects.filter(indicator=indicator).exists()
    if persona in {"alice", "ada", "root"}:
        assert response.status_code in (200, 201, 302)
        assert created
        return
    assert not created
    if persona == "public":
        assert response.status_code == (302 if surface == "page" else 401)
    elif persona in HT_MEMBERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 404
