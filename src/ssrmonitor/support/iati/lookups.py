"""The writer's look-ups, by lists of keys: one plain query each on PostgreSQL.

The writer (:mod:`ssrmonitor.support.iati.store`) looks up, per batch, the stored activities
of the batch, the partner organisations it names, the ids of the activities and transactions
it has just inserted, and once per file the countries. With the ORM each of these is a
``__in`` filter compiled for the occasion, with one bound parameter per key, converted one by
one on the client; on PostgreSQL the same look-ups are sent here as fixed statements with one
array parameter (``= ANY(%s)``), which costs far less of the writer's time and, for the
partners, one round trip instead of two. Other databases use the ORM. Each function returns
exactly what the ORM query it replaces returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.db import connection, models

from ssrmonitor.core.models import Country, Organisation
from ssrmonitor.support.models import Activity, Transaction

CHUNK = 500  # keys per ORM query (bound parameters); PostgreSQL takes them all at once


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _chunks(values: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def stored_activities(
    identifiers: list[str],
) -> list[tuple[str, int, str, datetime | None, str]]:
    """(identifier, id, source, last updated, content digest) of the stored activities."""
    if not identifiers:
        return []
    if _postgres():
        columns = "iati_identifier, id, source, last_updated, content_digest"
        sql = f"SELECT {columns} FROM {_table(Activity)} WHERE iati_identifier = ANY(%s)"  # noqa: S608
        return _rows(sql, [identifiers])
    found: list[tuple[str, int, str, datetime | None, str]] = []
    for chunk in _chunks(identifiers):
        found.extend(
            Activity.objects.filter(iati_identifier__in=chunk).values_list(
                "iati_identifier", "pk", "source", "last_updated", "content_digest"
            )
        )
    return found


def activity_ids(identifiers: list[str]) -> dict[str, int]:
    """The ids of the activities with these identifiers."""
    if not identifiers:
        return {}
    if _postgres():
        table = _table(Activity)
        sql = f"SELECT iati_identifier, id FROM {table} WHERE iati_identifier = ANY(%s)"  # noqa: S608
        return dict(_rows(sql, [identifiers]))
    ids: dict[str, int] = {}
    for chunk in _chunks(identifiers):
        found = Activity.objects.filter(iati_identifier__in=chunk)
        ids.update(found.values_list("iati_identifier", "pk"))
    return ids


def organisations(
    refs: list[str], names: list[str]
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(identifier, id) of the partners with these IATI identifiers, and (name, id) of the
    partners without an identifier that have these names, the latter in the order of their
    ids (the first one of a name is the one the writer keeps)."""
    if not refs and not names:
        return [], []
    if _postgres():
        table = _table(Organisation)
        by_ref_sql = f"SELECT 1, iati_identifier, id FROM {table} WHERE iati_identifier = ANY(%s)"  # noqa: S608
        by_name_sql = (
            f"SELECT 2, name, id FROM {table} WHERE iati_identifier IS NULL AND name = ANY(%s)"  # noqa: S608
        )
        rows = _rows(f"{by_ref_sql} UNION ALL {by_name_sql} ORDER BY 1, 3", [refs, names])
        by_ref = [(key, pk) for kind, key, pk in rows if kind == 1]
        by_name = [(key, pk) for kind, key, pk in rows if kind == 2]
        return by_ref, by_name
    by_ref_orm: list[tuple[str, int]] = []
    by_name_orm: list[tuple[str, int]] = []
    for chunk in _chunks(refs):
        found = Organisation.objects.filter(iati_identifier__in=chunk)
        by_ref_orm.extend((ref or "", pk) for ref, pk in found.values_list("iati_identifier", "pk"))
    for chunk in _chunks(names):
        named = Organisation.objects.filter(iati_identifier=None, name__in=chunk)
        by_name_orm.extend(named.order_by("pk").values_list("name", "pk"))
    return by_ref_orm, by_name_orm


def transaction_ids(activities: Iterable[int]) -> dict[tuple[int, int], int]:
    """The ids of the transactions of these activities, by (activity id, position)."""
    wanted = list(activities)
    if not wanted:
        return {}
    if _postgres():
        table = _table(Transaction)
        sql = f"SELECT activity_id, position, id FROM {table} WHERE activity_id = ANY(%s)"  # noqa: S608
        rows = _rows(sql, [wanted])
        return {(activity_id, position): pk for activity_id, position, pk in rows}
    found = Transaction.objects.filter(activity_id__in=wanted)
    return {
        (activity_id, position): pk
        for pk, activity_id, position in found.values_list("pk", "activity_id", "position")
    }


def reserve_ids(activities: int, transactions: int) -> tuple[list[int], list[int]]:
    """PostgreSQL: that many new ids from the sequences of activities and of transactions."""
    take = "ARRAY(SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s))"
    rows = _rows(
        f"SELECT {take}, {take}",
        [Activity._meta.db_table, activities, Transaction._meta.db_table, transactions],
    )
    return list(rows[0][0]), list(rows[0][1])


def countries() -> dict[str, int]:
    """The ids of the countries by ISO code."""
    if _postgres():
        sql = f"SELECT iso2, id FROM {_table(Country)}"  # noqa: S608 - quoted table name only
        return dict(_rows(sql, []))
    return dict(Country.objects.values_list("iso2", "pk"))
