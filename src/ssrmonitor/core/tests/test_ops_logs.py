"""Logs: the request id on every line and response, JSON lines, and never personal data."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from ssrmonitor.core.ops.logs import JsonFormatter, RequestIdFilter
from ssrmonitor.testing.factories_vetting import ViolationRecordFactory, birth_interval
from ssrmonitor.vetting.services import screening

# A name no code, fixture or word contains: if any part of it reaches a log, personal data did.
CANARY = "Ozymandrine Logcanarek Vellafiore"


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Every record of every logger, at DEBUG, formatted as the JSON lines production writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root, sql = logging.getLogger(), logging.getLogger("django.db.backends")
    levels = root.level, sql.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    sql.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(levels[0])
        sql.setLevel(levels[1])


def records(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]


def test_a_well_formed_request_id_is_kept_and_echoed(
    client: Client, json_lines: io.StringIO
) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-7f3a9c01")
    assert response["X-Request-ID"] == "proxy-7f3a9c01"
    [line] = [r for r in records(json_lines) if r["logger"] == "ssrmonitor.access"]
    assert line["request_id"] == "proxy-7f3a9c01"
    assert line["route"] == "healthz"
    assert line["status"] == 200
    assert line["level"] == "INFO"
    assert {"time", "message", "duration_ms"} <= set(line)


@pytest.mark.parametrize("offered", ["", "short", "has space 123456", "x" * 129, "a\nforged=1"])
def test_a_malformed_request_id_is_replaced(client: Client, offered: str) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID=offered)
    made = response["X-Request-ID"]
    assert made != offered
    assert len(made) == 32
    assert int(made, 16) >= 0


def test_each_request_gets_its_own_id(client: Client) -> None:
    first, second = client.get("/healthz"), client.get("/healthz")
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_djangos_own_request_log_carries_the_request_id(
    client: Client, json_lines: io.StringIO
) -> None:
    client.get("/no/such/page/", HTTP_X_REQUEST_ID="missing-page-0001")
    logged = records(json_lines)
    warning = next(r for r in logged if r["logger"] == "django.request")
    assert warning["request_id"] == "missing-page-0001"
    access = next(r for r in logged if r["logger"] == "ssrmonitor.access")
    assert access["path"] == "-"  # a path no route matched is not logged


@pytest.fixture
def canary_record(db: None) -> None:
    """A record of alleged violations under the canary's name (made before logs are caught:
    the test's own factories may log what they make)."""
    screening.forget_screeners()
    ViolationRecordFactory(names=[CANARY], birth_dates=[birth_interval("1979-03-14")])


def test_a_vetting_journey_logs_no_personal_data(
    canary_record: None, vera: Any, reuben: Any, json_lines: io.StringIO
) -> None:
    """Register a person with the canary's name, screen them, open and work the case; every
    log line of every logger at DEBUG, SQL included, holds no part of the name."""
    officer, reviewer = Client(), Client()
    officer.force_login(vera)
    reviewer.force_login(reuben)
    api = "/api/v1/vetting/HT"
    person = {
        "reference": "HNP-CANARY-1",
        "names": [CANARY],
        "date_of_birth": "1979-03-14",
        "place_of_birth": f"{CANARY} village",
        "sex": "F",
        "unit": "CIMO",
    }
    connection.force_debug_cursor = True  # every query and its parameters reach the log
    try:
        registered = officer.post(f"{api}/persons", person, content_type="application/json")
        bad = officer.post(
            f"{api}/persons",
            {**person, "date_of_birth": f"{CANARY} 1979"},
            content_type="application/json",
        )
        found = officer.get(f"{api}/persons", {"reference": "HNP-CANARY-1"})
        person_id = registered.json()["person"]["id"]
        detail = officer.get(f"{api}/persons/{person_id}")
        [case] = registered.json()["cases"]
        confirm = reviewer.post(
            f"{api}/cases/{case['id']}/identity",
            {"confirmed": True, "reasons": f"Same person as {CANARY}"},
            content_type="application/json",
        )
        screen = officer.post(f"/vetting/HT/personnel/{person_id}/screen/")
    finally:
        connection.force_debug_cursor = False
    assert registered.status_code == 201, registered.content
    assert bad.status_code == 422
    assert found.json()["count"] == 1
    assert CANARY in detail.content.decode()  # the journey did handle the name in clear
    assert confirm.status_code == 200, confirm.content
    assert screen.status_code in (200, 302, 403)
    text = json_lines.getvalue()
    assert len(records(json_lines)) > 20  # the requests, the access log and the SQL were seen
    assert "django.db.backends" in text
    for part in CANARY.split():
        assert part.lower() not in text.lower(), part
