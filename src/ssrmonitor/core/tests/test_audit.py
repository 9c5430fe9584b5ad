"""The audit log is append-only at every level and its hash chain detects tampering."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from ssrmonitor.core import audit
from ssrmonitor.core.audit import verify_chain
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.models.audit import AppendOnlyError
from ssrmonitor.core.services import save_organisation

pytestmark = pytest.mark.django_db


def _three_events(user: Any) -> list[AuditEvent]:
    for name in ("UNDP", "UNOPS", "DCAF"):
        save_organisation(acting_user=user, name=name, iati_identifier=f"XM-{name}")
    return list(AuditEvent.objects.order_by("id"))


def _disable_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
            cursor.execute("DROP TRIGGER core_auditevent_no_delete")
        else:
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")


def test_each_write_appends_one_chained_event(alice: Any) -> None:
    events = _three_events(alice)
    assert [e.action for e in events] == ["create"] * 3
    assert events[0].prev_hash == audit.GENESIS
    assert events[1].prev_hash == events[0].hash
    assert events[2].after["name"] == "DCAF"
    assert events[2].actor_name == "alice"
    assert list(verify_chain()) == []


def test_model_and_queryset_refuse_changes(alice: Any) -> None:
    event = _three_events(alice)[0]
    event.action = "nothing happened"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent()])


def test_database_refuses_raw_update_and_delete(alice: Any) -> None:
    event = _three_events(alice)[0]
    for sql in (
        "UPDATE core_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            connection.cursor().execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "create"


def test_record_outside_a_transaction_is_refused(alice: Any) -> None:
    # pytest-django wraps each test in a transaction; leave it to check the guard itself.
    from ssrmonitor.core.models import Organisation

    organisation = Organisation(name="x", pk=1)
    assert connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError, match="inside the service's transaction"):
            audit.record(actor=alice, action="create", obj=organisation)
    finally:
        connection.in_atomic_block = True


@pytest.mark.parametrize("tamper", ["edit", "delete", "reorder", "insert"])
def test_chain_detects_tampering(alice: Any, tamper: str) -> None:
    events = _three_events(alice)
    _disable_triggers()
    with connection.cursor() as cursor:
        if tamper == "edit":
            cursor.execute(
                "UPDATE core_auditevent SET actor_name = 'someone' WHERE id = %s", [events[1].pk]
            )
        elif tamper == "delete":
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
        elif tamper == "reorder":
            cursor.execute(
                "UPDATE core_auditevent SET id = id + 1000 WHERE id = %s", [events[0].pk]
            )
        else:
            cursor.execute(
                "INSERT INTO core_auditevent (at, actor_name, action, object_type, object_id, "
                "object_repr, country_iso2, prev_hash, hash) "
                "SELECT at, actor_name, 'delete', object_type, object_id, object_repr, "
                "country_iso2, hash, 'forged' FROM core_auditevent WHERE id = %s",
                [events[2].pk],
            )
    breaks = list(verify_chain())
    assert breaks, f"{tamper} went undetected"
