"""Vetting refuses what it used to accept silently (findings 9, 10, 11 and 15 of issue 13).

Unknown fields in a request body, control characters in imported names, files that are not
what they say, files longer than the limit, and a UN list with a DOCTYPE.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_vetting import CaseFactory
from ssrmonitor.vetting.models import Case, Person, ViolationRecord
from ssrmonitor.vetting.services import registry_files
from ssrmonitor.vetting.services.registry_files import import_records, import_roster, import_un_list

pytestmark = pytest.mark.django_db

API = "/api/v1/vetting/HT"
HEADER = "person_id,full_name,date_of_birth\n"


def _post(user: Any, url: str, body: dict[str, Any]) -> Any:
    client = Client()
    client.force_login(user)
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_second_reviewers_confirmation_refuses_an_outcome(reuben: Any) -> None:
    case = CaseFactory()
    events = AuditEvent.objects.count()
    response = _post(
        reuben, f"{API}/cases/{case.pk}/confirmation", {"reasons": "", "outcome": "cleared"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "outcome"
    assert Case.objects.get(pk=case.pk).status == case.status
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("route", "body"),
    [
        ("persons", {"reference": "HNP-9", "names": ["A B"], "is_vetted": True}),
        ("screen", {"names": ["A B"], "threshold": 0}),
        ("records", {"reference": "R-9", "names": ["A B"], "category": "other", "extra": 1}),
    ],
)
def test_every_vetting_body_refuses_unknown_fields(vera: Any, route: str, body: Any) -> None:
    response = _post(vera, f"{API}/{route}", body)
    assert response.status_code == 422
    assert not Person.objects.exists()
    assert not ViolationRecord.objects.exists()


def test_a_control_character_in_a_body_is_refused(vera: Any) -> None:
    response = _post(vera, f"{API}/persons", {"reference": "HNP-9", "names": ["Jean\x00Pierre"]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "names"
    assert not Person.objects.exists()


def _refused_import(vera: Any, path: Path, importer: Any = import_roster, **kwargs: Any) -> str:
    with pytest.raises(ValidationFailed) as info:
        importer(path, acting_user=vera, country=country("HT"), **kwargs)
    assert info.value.errors[0].field == "file"
    assert not Person.objects.exists()
    assert not ViolationRecord.objects.exists()
    return info.value.errors[0].reason


def test_a_roster_with_a_nul_inside_a_name_is_refused(vera: Any, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(f"{HEADER}P1,Jean Pierre,1980\nP2,Jean\x00Baptiste,1981\n", "utf-8")
    _refused_import(vera, roster)  # its bytes are not text


def test_a_control_character_deep_in_a_file_names_its_line_and_field(
    vera: Any, tmp_path: Path
) -> None:
    rows = "".join(f"P{n},Person number {n},1980\n" for n in range(1, 1001))
    roster = tmp_path / "roster.csv"
    roster.write_text(f"{HEADER}{rows}P0,Jean\x07Baptiste,1981\n", "utf-8")
    reason = _refused_import(vera, roster)
    assert "line 1002" in reason
    assert "full_name" in reason
    assert "U+0007" in reason


def test_a_file_that_is_not_text_is_refused_at_once(vera: Any, tmp_path: Path) -> None:
    page = tmp_path / "roster.csv"
    page.write_text("<!DOCTYPE html><html><script>alert(1)</script></html>", "utf-8")
    assert "HTML" in _refused_import(vera, page)
    binary = tmp_path / "records.csv"
    binary.write_bytes(b"PK\x03\x04" + bytes(200))
    _refused_import(vera, binary, import_records, name="list")


def test_rows_are_counted_while_reading(
    vera: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry_files, "MAX_ROWS", 3)
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + "".join(f"P{n},Person {n},1980\n" for n in range(5)), "utf-8")
    reason = _refused_import(vera, roster)
    assert "more than 3 rows" in reason
    assert "line 5" in reason  # the fourth row: refused there, the rest never read


def test_a_un_list_with_a_doctype_is_refused(vera: Any, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", "utf-8")
    hostile = tmp_path / "list.xml"
    hostile.write_text(
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>"
        "<FIRST_NAME>A &s;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        "utf-8",
    )
    assert "DOCTYPE" in _refused_import(vera, hostile, import_un_list, name="UN")
