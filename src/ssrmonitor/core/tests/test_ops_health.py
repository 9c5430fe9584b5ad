"""The operator's routes: /healthz, /readyz (with the apps' checks) and /metrics."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings
from django.utils import timezone

from ssrmonitor.core import audit
from ssrmonitor.core.ops import readiness
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_vetting import PersonFactory
from ssrmonitor.vetting.crypto import new_key

TOKEN = "metrics-token-for-tests-0123456789"
CANARY = "Quillonbert Readycanary"


def beat(at: Any = None) -> None:
    """A worker's sign of life, through the lead's own heartbeat function."""
    from ssrmonitor.core.jobs.heartbeat import beat as worker_beat

    with time_machine.travel(at or timezone.now(), tick=False):
        worker_beat("tests:1", timezone.now())


def ready(client: Client) -> tuple[int, dict[str, Any]]:
    response = client.get("/readyz")
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


# --- /healthz -------------------------------------------------------------------------------


def test_healthz_answers_without_touching_the_database(client: Client) -> None:
    # No `db` fixture: any query would raise here.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_a_probe_by_address_and_over_plain_http(client: Client) -> None:
    with override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["ssr.example.org"]):
        response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
        refused = client.get("/", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert refused.status_code in (301, 400)  # an ordinary page still checks both


def test_healthz_is_get_only(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


# --- /readyz --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_readyz_is_ready_with_every_check_passing(client: Client) -> None:
    beat()
    status, body = ready(client)
    assert status == 200, body
    assert body["status"] == "ready"
    assert body["failing"] == []
    assert set(body["checks"]) >= {"database", "migrations", "worker", "data_key"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_readyz_names_the_missing_worker(client: Client) -> None:
    status, body = ready(client)
    assert status == 503
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"]["detail"] == "no worker has run"


@pytest.mark.django_db
@override_settings(SSRMONITOR_READY_WORKER_SECONDS=60)
def test_readyz_refuses_a_worker_silent_for_too_long(client: Client) -> None:
    beat(timezone.now() - timedelta(seconds=90))
    status, body = ready(client)
    assert status == 503
    assert body["failing"] == ["worker"]
    beat()
    assert ready(client)[0] == 200


@pytest.mark.django_db
@override_settings(SSRMONITOR_READY_WORKER_SECONDS=0)
def test_readyz_may_leave_the_worker_out(client: Client) -> None:
    status, body = ready(client)
    assert status == 200
    assert body["checks"]["worker"] == {"ok": True, "detail": "not checked"}


@pytest.mark.django_db
def test_readyz_names_a_schema_newer_than_the_code(client: Client) -> None:
    beat()
    MigrationRecorder(connection).record_applied("core", "9999_from_a_newer_version")
    status, body = ready(client)
    assert status == 503
    assert body["failing"] == ["migrations"]
    assert "newer than this code" in body["checks"]["migrations"]["detail"]


@pytest.mark.django_db
def test_readyz_names_pending_migrations(client: Client) -> None:
    beat()
    recorder = MigrationRecorder(connection)
    with transaction.atomic():
        recorder.record_unapplied("core", "0001_initial")
    status, body = ready(client)
    assert status == 503
    assert body["failing"] == ["migrations"]
    assert "not applied" in body["checks"]["migrations"]["detail"]


@pytest.mark.django_db
def test_readyz_names_a_data_key_that_opens_no_stored_row(client: Client) -> None:
    beat()
    PersonFactory(country=country("HT"), names=[CANARY])
    assert ready(client)[1]["checks"]["data_key"] == {"ok": True, "detail": "opens the stored rows"}
    with override_settings(SSRMONITOR_DATA_KEYS=[new_key()]):
        response = client.get("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["failing"] == ["data_key"]
    assert CANARY not in response.content.decode()


@pytest.fixture
def broken_check() -> Iterator[None]:
    def broken() -> tuple[bool, str]:
        raise ZeroDivisionError("a secret detail")

    readiness.register_readiness_check("broken", broken)
    yield
    readiness._checks.pop("broken")


@pytest.mark.django_db
def test_a_check_that_breaks_fails_by_its_class_name_only(
    client: Client, broken_check: None
) -> None:
    beat()
    status, body = ready(client)
    assert status == 503
    assert body["failing"] == ["broken"]
    assert body["checks"]["broken"] == {"ok": False, "detail": "ZeroDivisionError"}


# --- /metrics -------------------------------------------------------------------------------


def scrape(client: Client, token: str = TOKEN) -> str:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return response.content.decode()


def figure(text: str, line_start: str) -> float:
    for line in text.splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.mark.django_db
def test_metrics_is_not_found_without_a_configured_token(client: Client) -> None:
    with override_settings(SSRMONITOR_METRICS_TOKEN=None):
        assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404


@pytest.mark.django_db
@override_settings(SSRMONITOR_METRICS_TOKEN=TOKEN)
def test_metrics_needs_the_token(client: Client) -> None:
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 401
    refused = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}x")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
@override_settings(SSRMONITOR_METRICS_TOKEN=TOKEN)
def test_metrics_count_requests_by_route_name_never_the_raw_path(client: Client) -> None:
    home = 'ssrmonitor_http_responses_total{method="GET",route="home",status="200"}'
    lost = 'ssrmonitor_http_responses_total{method="GET",route="unmatched",status="404"}'
    before = scrape(client)
    assert client.get("/").status_code == 200
    assert client.get("/no/such/page-4711/").status_code == 404
    after = scrape(client)
    assert figure(after, home) == figure(before, home) + 1
    assert figure(after, lost) == figure(before, lost) + 1
    assert "page-4711" not in after
    assert (
        'ssrmonitor_http_request_duration_seconds_bucket{le="0.3",method="GET",route="home"}'
        in (after)
    )


@pytest.mark.django_db
@override_settings(SSRMONITOR_METRICS_TOKEN=TOKEN)
def test_metrics_give_the_job_queue_and_the_imports(client: Client) -> None:
    haiti = country("HT")
    with transaction.atomic():
        audit.record(actor=SYSTEM, action="import", obj=haiti, after={"rows": 3})
        audit.record(actor=SYSTEM, action="import", obj=haiti, after={"rows": 4})
    text = scrape(client)
    assert figure(text, 'ssrmonitor_imports_total{kind="core.country"}') == 2
    assert figure(text, 'ssrmonitor_import_last_timestamp_seconds{kind="core.country"}') > 0
    assert "ssrmonitor_jobs_queued 0.0" in text
    assert "ssrmonitor_jobs_oldest_queued_seconds 0.0" in text


@pytest.mark.django_db
@override_settings(SSRMONITOR_METRICS_TOKEN=TOKEN)
def test_metrics_labels_stay_few_whatever_the_client_sends(client: Client) -> None:
    client.generic("BREW", "/no/such/pot-9000/")
    text = scrape(client)
    assert 'method="other",route="unmatched"' in text
    assert "BREW" not in text
    assert "pot-9000" not in text
