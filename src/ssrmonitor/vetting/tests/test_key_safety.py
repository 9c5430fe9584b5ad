"""A wrong but well-formed data key is refused (finding 3 / item 4 of issue 13).

It used to be accepted: an import under a new key registered duplicates of existing persons,
and back on the right key, person pages answered 500 (``DecryptionFailed``).
"""

from __future__ import annotations

import base64
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_vetting import PersonFactory
from ssrmonitor.vetting import crypto, keycheck
from ssrmonitor.vetting.keycheck import DataKeyRefused, data_key_check, require_data_key
from ssrmonitor.vetting.models import Person
from ssrmonitor.vetting.services.registry_files import import_roster

pytestmark = pytest.mark.django_db

RIGHT = base64.urlsafe_b64encode(b"R" * 32).decode()
WRONG = base64.urlsafe_b64encode(b"W" * 32).decode()
ROSTER = Path(__file__).parents[4] / "tests" / "fixtures" / "vetting" / "roster.csv"


def kid(key: str) -> str:
    return crypto.key_id(base64.urlsafe_b64decode(key))


@pytest.fixture(autouse=True)
def _forget_confirmed_keys() -> Any:
    keycheck.forget()
    yield
    keycheck.forget()


def _registered_under_the_right_key() -> Person:
    with override_settings(SSRMONITOR_DATA_KEYS=[RIGHT]):
        person: Person = PersonFactory(reference="HNP-KEY-1", names=["Wilner Dorvil"])
    return person


def test_an_import_under_a_wrong_key_is_refused_and_registers_nothing(vera: Any) -> None:
    _registered_under_the_right_key()
    persons, events = Person.objects.count(), AuditEvent.objects.count()
    with override_settings(SSRMONITOR_DATA_KEYS=[WRONG]):
        with pytest.raises(DataKeyRefused) as info:
            import_roster(ROSTER, acting_user=vera, country=country("HT"))
        with pytest.raises(CommandError) as command:
            call_command("import_personnel", "HT", str(ROSTER), stdout=StringIO())
    assert Person.objects.count() == persons
    assert AuditEvent.objects.count() == events
    for message in (str(info.value), str(command.value)):
        assert kid(RIGHT) in message  # the fingerprint found
        assert kid(WRONG) in message  # the fingerprint configured


def test_a_second_key_during_a_rotation_is_accepted(vera: Any) -> None:
    _registered_under_the_right_key()
    with override_settings(SSRMONITOR_DATA_KEYS=[WRONG, RIGHT]):
        import_roster(ROSTER, acting_user=vera, country=country("HT"))
    assert Person.objects.count() == 9


def test_an_empty_registry_accepts_any_key(vera: Any) -> None:
    with override_settings(SSRMONITOR_DATA_KEYS=[WRONG]):
        require_data_key()
        import_roster(ROSTER, acting_user=vera, country=country("HT"))
    assert Person.objects.count() == 8


def test_a_sealed_write_by_any_path_is_refused_under_a_wrong_key() -> None:
    person = _registered_under_the_right_key()
    wrong = override_settings(SSRMONITOR_DATA_KEYS=[WRONG])
    with wrong, pytest.raises(DataKeyRefused), transaction.atomic():  # atomic as any service
        PersonFactory(reference="HNP-KEY-2")
    with override_settings(SSRMONITOR_DATA_KEYS=[RIGHT]):
        assert Person.objects.get(pk=person.pk).names == ["Wilner Dorvil"]
    assert Person.objects.count() == 1


def test_the_start_up_check_names_the_fingerprints() -> None:
    assert data_key_check() == []  # nothing stored yet
    _registered_under_the_right_key()
    with override_settings(SSRMONITOR_DATA_KEYS=[RIGHT]):
        assert data_key_check() == []
    with override_settings(SSRMONITOR_DATA_KEYS=[WRONG]):
        errors = data_key_check()
    assert [error.id for error in errors] == ["vetting.E001"]
    assert kid(RIGHT) in errors[0].msg
    assert kid(WRONG) in errors[0].msg


def test_pages_and_routes_under_a_wrong_key_refuse_with_the_reason(
    client: Client, vera: Any
) -> None:
    person = _registered_under_the_right_key()
    client.force_login(vera)
    with override_settings(SSRMONITOR_DATA_KEYS=[WRONG]):
        page = client.get(reverse("vetting:person", args=["HT", person.pk]))
        api = client.get(f"/api/v1/vetting/HT/persons/{person.pk}")
        created = client.post(
            "/api/v1/vetting/HT/persons",
            json.dumps({"reference": "HNP-KEY-3", "names": ["Somebody New"]}),
            content_type="application/json",
        )
    assert page.status_code == 409
    assert "cannot be opened" in page.content.decode()
    assert page["Cache-Control"] == "no-store, private"
    for response in (api, created):
        assert response.status_code == 409
        body = response.json()
        assert body["status"] == 409
        assert body["detail"][0]["field"] == "__all__"
    assert kid(RIGHT) in created.json()["detail"][0]["reason"]
    assert Person.objects.count() == 1


def test_the_refusal_is_declared_on_every_vetting_route() -> None:
    from ssrmonitor.api import api

    schema = api.get_openapi_schema()
    vetting = [
        operation
        for path, operations in schema["paths"].items()
        if path.startswith("/api/v1/vetting/")
        for operation in operations.values()
    ]
    assert vetting
    assert all(409 in operation["responses"] for operation in vetting)
