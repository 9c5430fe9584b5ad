"""Protection of the data at rest: AES-GCM sealing, key rotation, and the database-dump canary."""

from __future__ import annotations

import base64
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_vetting import (
    CaseFactory,
    CaseStepFactory,
    PersonFactory,
    ViolationRecordFactory,
)
from ssrmonitor.vetting import crypto
from ssrmonitor.vetting.crypto import DecryptionFailed, decrypt, encrypt, keyed_hash, sealed_with
from ssrmonitor.vetting.models import AgeAssessment, CaseStep, Person, ViolationRecord
from ssrmonitor.vetting.permissions import access_assessment_by_id, access_person_by_id
from ssrmonitor.vetting.services import age as age_services

CANARY = "Zyxqorbenadette Canarywick"
KEY_1 = base64.urlsafe_b64encode(b"1" * 32).decode()
KEY_2 = base64.urlsafe_b64encode(b"2" * 32).decode()
KEY_3 = base64.urlsafe_b64encode(b"3" * 32).decode()


def kid(key: str) -> str:
    return crypto.key_id(base64.urlsafe_b64decode(key))


# --- the cipher ------------------------------------------------------------------------------


def test_round_trip_and_fresh_nonce() -> None:
    first = encrypt("Marie-Thérèse Joseph", context="vetting.person.names")
    second = encrypt("Marie-Thérèse Joseph", context="vetting.person.names")
    assert first != second  # a fresh nonce each time: equal names do not look equal
    assert "Marie" not in first
    assert decrypt(first, context="vetting.person.names") == "Marie-Thérèse Joseph"
    assert sealed_with(first) == crypto.current_key_id()


def test_wrong_context_does_not_open() -> None:
    token = encrypt("Jacmel", context="vetting.person.place_of_birth")
    with pytest.raises(DecryptionFailed, match="does not open"):
        decrypt(token, context="vetting.violationrecord.place_of_birth")


def test_tampered_value_does_not_open() -> None:
    token = encrypt("Jacmel", context="c")
    prefix, key, body = token.split("$")
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[-1] ^= 1
    tampered = f"{prefix}${key}${base64.urlsafe_b64encode(bytes(raw)).decode()}"
    with pytest.raises(DecryptionFailed):
        decrypt(tampered, context="c")


def test_unknown_key_and_clear_text_do_not_open() -> None:
    with override_settings(SSRMONITOR_DATA_KEYS=[KEY_3]):
        token = encrypt("x", context="c")
    with pytest.raises(DecryptionFailed, match="not configured"):
        decrypt(token, context="c")
    with pytest.raises(DecryptionFailed, match="not a sealed value"):
        decrypt("Jean Pierre", context="c")


def test_keyed_hash_depends_on_the_key_and_purpose() -> None:
    with override_settings(SSRMONITOR_DATA_KEYS=[KEY_1]):
        one = keyed_hash("HNP-001", purpose="vetting.person")
        assert keyed_hash(" hnp-001 ", purpose="vetting.person") == one
        assert keyed_hash("HNP-001", purpose="vetting.record") != one
    with override_settings(SSRMONITOR_DATA_KEYS=[KEY_2]):
        assert keyed_hash("HNP-001", purpose="vetting.person") != one


# --- raw values in the database ------------------------------------------------------------


def raw(model: Any, column: str, pk: int) -> Any:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()[0]


def set_raw(model: Any, column: str, pk: int, value: str) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
            [value, pk],
        )


@pytest.mark.django_db
def test_value_copied_into_another_column_does_not_open() -> None:
    person = PersonFactory(place_of_birth="Jacmel")
    set_raw(Person, "names", person.pk, raw(Person, "place_of_birth", person.pk))
    with pytest.raises(DecryptionFailed):
        Person.objects.get(pk=person.pk)


@pytest.mark.django_db
def test_personal_fields_are_sealed_in_the_table() -> None:
    person = PersonFactory(names=["Wilner Dorvil"], place_of_birth="Hinche")
    for column in ("names", "place_of_birth", "reference", "service_number", "birth_date"):
        stored = raw(Person, column, person.pk)
        assert stored.startswith("v1$"), column
    assert "Dorvil" not in raw(Person, "names", person.pk)


# --- key rotation ------------------------------------------------------------------------


def sealed_tokens() -> list[tuple[str, int, str, str]]:
    """(model, id, column, token) of every non-empty encrypted value of every vetting model."""
    from ssrmonitor.vetting.services.keys import sealed_models

    found = []
    quote = connection.ops.quote_name
    for model, fields in sealed_models():
        columns = ", ".join(quote(f.column) for f in fields)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {columns} FROM {quote(model._meta.db_table)}")  # noqa: S608
            for row in cursor.fetchall():
                for field, token in zip(fields, row[1:], strict=True):
                    if token:
                        found.append((model._meta.label_lower, row[0], field.column, token))
    return found


def make_everything(officer: Any) -> dict[str, Any]:
    """One object of every vetting model holding personal data, through the age services."""
    haiti = country("HT")
    person = PersonFactory(names=["Wilner Dorvil", "W. Dorvil"], reference="HNP-ROT-1")
    record = ViolationRecordFactory(names=["Dorvil Wilner"], reference="REC-ROT-1")
    case = CaseFactory(person=person, record=record)
    CaseStepFactory(case=case, reasons="Same unit, same date of birth.", details={"a": 1})
    assessment = age_services.start_assessment(
        acting_user=officer,
        country=haiti,
        enlistment_date=date(2026, 6, 15),
        candidate_names=["Ti Jean Dorvil"],
        candidate_reference="CAND-9",
    )
    age_services.add_evidence(
        assessment,
        acting_user=officer,
        kind="birth_certificate",
        birth_date="2001-02-03",
        note="Seen at the town hall.",
    )
    age_services.decide(assessment, acting_user=officer)
    return {"person": person, "record": record, "case": case, "assessment": assessment}


@pytest.mark.django_db
def test_rotation_reseals_everything_and_recomputes_hashes(vera: Any) -> None:
    with override_settings(SSRMONITOR_DATA_KEYS=[KEY_1]):
        made = make_everything(vera)
        before = sealed_tokens()
        assert before
        assert {sealed_with(token) for *_rest, token in before} == {kid(KEY_1)}
        old_hash = raw(Person, "reference_hash", made["person"].pk)
    with override_settings(SSRMONITOR_DATA_KEYS=[KEY_2, KEY_1]):
        out = StringIO()
        call_command("rotate_data_key", "--batch", "2", stdout=out)
        assert f"{len(before)} values re-encrypted" in out.getvalue()
        after = sealed_tokens()
        assert len(after) == len(before)
        assert {sealed_with(token) for *_rest, token in after} == {kid(KEY_2)}
        new_hash = raw(Person, "reference_hash", made["person"].pk)
        assert new_hash != old_hash
        assert new_hash == keyed_hash("HNP-ROT-1", purpose="vetting.person")
        assert raw(ViolationRecord, "reference_hash", made["record"].pk) == keyed_hash(
            "REC-ROT-1", purpose="vetting.record"
        )
        again = StringIO()
        call_command("rotate_data_key", stdout=again)
        assert "Done: 0 values re-encrypted and 0 hashes recomputed" in again.getvalue()
    with override_settings(SSRMONITOR_DATA_KEYS=[KEY_2]):  # the old key removed
        person = Person.objects.get(pk=made["person"].pk)
        assert person.names == ["Wilner Dorvil", "W. Dorvil"]
        assert CaseStep.objects.get(case=made["case"]).reasons == "Same unit, same date of birth."
        assessment = AgeAssessment.objects.get(pk=made["assessment"].pk)
        assert assessment.candidate_names == ["Ti Jean Dorvil"]
        assert assessment.evidence.get().note == "Seen at the town hall."
        assert Person.objects.filter(
            reference_hash=keyed_hash("HNP-ROT-1", purpose="vetting.person")
        ).exists()
    events = AuditEvent.objects.filter(action="rekey")
    assert events.exists()
    assert all(CANARY not in str(e.after) and "Dorvil" not in str(e.after) for e in events)


@pytest.mark.django_db
def test_rotation_refuses_when_a_value_does_not_open(vera: Any) -> None:
    with override_settings(SSRMONITOR_DATA_KEYS=[KEY_1]):
        made = make_everything(vera)
    with override_settings(SSRMONITOR_DATA_KEYS=[KEY_3]):
        foreign = encrypt('["Somebody Else"]', context="vetting.person.names")
    set_raw(Person, "names", made["person"].pk, foreign)
    with override_settings(SSRMONITOR_DATA_KEYS=[KEY_2, KEY_1]):
        before = sealed_tokens()
        with pytest.raises(CommandError, match=r"vetting\.person #\d+ names"):
            call_command("rotate_data_key", stdout=StringIO())
        assert sealed_tokens() == before  # nothing changed
        with pytest.raises(CommandError, match="cannot be opened"):
            call_command("rotate_data_key", "--check", stdout=StringIO())


def test_generate_data_key_prints_a_usable_key() -> None:
    out, err = StringIO(), StringIO()
    call_command("generate_data_key", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert len(base64.urlsafe_b64decode(key)) == 32
    assert kid(key) in err.getvalue()
    with override_settings(SSRMONITOR_DATA_KEYS=[key]):
        assert decrypt(encrypt("x", context="c"), context="c") == "x"


# --- the canary: a whole-database dump holds no clear personal data ---------------------------


def dump_database() -> str:
    """Every row of every table as text: SQLite's ``iterdump``, PostgreSQL rows cast to text."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    quote = connection.ops.quote_name
    lines: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT CAST(t AS text) FROM {quote(table)} AS t")  # noqa: S608
            lines.extend(row[0] for row in cursor.fetchall())
    return "\n".join(lines)


@pytest.mark.django_db
def test_database_dump_contains_no_canary(vera: Any, chloe: Any, reuben: Any) -> None:
    haiti = country("HT")
    person = PersonFactory(
        names=[CANARY, f"{CANARY} alias"],
        place_of_birth=f"{CANARY} village",
        reference=f"HNP-{CANARY}",
        service_number=f"SN-{CANARY}",
    )
    record = ViolationRecordFactory(
        names=[CANARY],
        weak_aliases=[f"{CANARY} weak"],
        place_of_birth=f"{CANARY} town",
        unit=f"{CANARY} battalion",
        incident_place=f"{CANARY} market",
        source=f"{CANARY} witness",
        narrative=f"{CANARY} was seen at the checkpoint.",
        reference=f"REC-{CANARY}",
    )
    case = CaseFactory(
        person=person, record=record, explanation=[{"field": "names", "detail": CANARY}]
    )
    CaseStepFactory(case=case, reasons=f"Confirmed: {CANARY}", details={"who": CANARY})
    assessment = age_services.start_assessment(
        acting_user=vera,
        country=haiti,
        enlistment_date=date(2026, 6, 15),
        candidate_names=[CANARY],
        candidate_reference=f"CAND-{CANARY}",
        person=person,
    )
    age_services.add_evidence(
        assessment,
        acting_user=vera,
        kind="interview",
        birth_date="2009",
        note=f"{CANARY} says he is sixteen.",
    )
    age_services.decide(assessment, acting_user=vera, note=f"Refer {CANARY} to the CPU.")
    access_person_by_id(reuben, person.pk)  # audited reads
    access_assessment_by_id(chloe, assessment.pk)
    dump = dump_database()
    assert "age assessment #" in dump or "vetting_ageassessment" in dump  # the dump is real
    assert AuditEvent.objects.filter(action="read").count() == 2
    for needle in (CANARY, CANARY.split()[0], CANARY.upper(), CANARY.lower()):
        assert needle not in dump
    for key in settings.SSRMONITOR_DATA_KEYS:  # the keys are never in the database
        assert key not in dump


@pytest.mark.django_db
def test_canary_dump_would_find_clear_text() -> None:
    """The dump is honest: a canary written in a clear column is found."""
    person = PersonFactory()
    Person.objects.filter(pk=person.pk).update(unit=CANARY)
    assert CANARY in dump_database()
