"""Fast multi-row inserts for the importer: plain tuples and one prepared ``INSERT`` per table.

``bulk_create`` builds a model instance per row and compiles a fresh SQL statement per batch;
for the child rows of imported activities (about twenty per activity) that dominated the
import time. :class:`RowInserter` prepares the statement once per model and column list and
sends the rows with ``cursor.executemany`` on SQLite (one C loop over a prepared statement),
with ``COPY … FROM STDIN`` on PostgreSQL (psycopg 3's ``Cursor.copy``: one stream per table and
batch, no statement per row; or, for the few rows of a table, as arrays within one statement
for several tables, see :class:`Statement`), and as multi-row ``VALUES`` statements of up to
:data:`MAX_PARAMS` parameters on any other database. Values are converted for the
database exactly as Django does (``Field.get_db_prep_save``) for the field types that need it
(datetimes); strings, integers, booleans, foreign-key ids, ``date`` and ``Decimal`` values are
passed through unchanged (for a ``date`` or a finite ``Decimal`` Django's conversion is the
identity on PostgreSQL, and the ``sqlite3`` adapters Django registers give the same text as
its conversion on SQLite): ``DateField`` and ``DecimalField`` columns must be given ``date``
and ``Decimal`` values. Rows must give every column named (defaults are the caller's job).
Triggers no signals, like ``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import psycopg
from django.db import connection, models

PASS_THROUGH = {
    "AutoField",
    "BigAutoField",
    "CharField",
    "TextField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "BooleanField",
    "ForeignKey",
    "DateField",
    "DecimalField",
}

Converter = Callable[[Any], Any] | None
MAX_PARAMS = 30_000  # under PostgreSQL's 65,535 bind parameters per statement
COPY_FROM = 8_000  # values (rows × columns) from which a table's rows go by COPY (PostgreSQL)


class RowInserter:
    """One prepared ``INSERT`` into ``model``'s table for the fields named by attribute name."""

    def __init__(self, model: type[models.Model], names: Sequence[str]) -> None:
        fields = [_concrete(model, name) for name in names]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        table = quote(model._meta.db_table)
        # Only quoted model metadata is interpolated; every value is a bound parameter.
        self.head = f"INSERT INTO {table} ({columns})"
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        self.sql = f"{self.head} VALUES ({marks})"
        if connection.vendor == "postgresql":  # one array per column (see :class:`Statement`)
            arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
            self.unnest_sql = f"{self.head} SELECT * FROM unnest({arrays})"  # noqa: S608
        self.group = f"({marks})"
        self.width = len(fields)
        converters = [_converter(field) for field in fields]
        self.conversions = [(i, c) for i, c in enumerate(converters) if c is not None]
        self.convert = bool(self.conversions)

    def insert(self, rows: Iterable[tuple[Any, ...]]) -> int:
        """Insert ``rows`` (tuples in the order of the names given); return how many."""
        params = self.converted(rows)
        if params:
            self.write(params)
        return len(params)

    def converted(self, rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """``rows`` as a list, the values of the converted columns converted."""
        return [self.prepare(row) for row in rows] if self.convert else list(rows)

    def write(self, params: list[tuple[Any, ...]]) -> None:
        """Insert converted rows (at least one)."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.executemany(self.sql, params)
            elif connection.vendor == "postgresql":
                self.copy_rows(cursor, params)
            else:
                self.insert_chunks(cursor, params)

    def copy_rows(self, cursor: Any, params: list[tuple[Any, ...]]) -> None:
        """Stream the rows with ``COPY … FROM STDIN`` (PostgreSQL, psycopg 3)."""
        with cursor.cursor.copy(self.copy_sql) as copy:
            for row in params:
                copy.write_row(row)

    def insert_chunks(self, cursor: Any, params: list[tuple[Any, ...]]) -> None:
        """Multi-row ``VALUES`` statements of at most :data:`MAX_PARAMS` parameters each."""
        size = max(1, MAX_PARAMS // self.width)
        for start in range(0, len(params), size):
            chunk = params[start : start + size]
            groups = ", ".join([self.group] * len(chunk))
            cursor.execute(f"{self.head} VALUES {groups}", [v for row in chunk for v in row])

    def prepare(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """``row`` with the values of the converted columns converted (``None`` stays)."""
        if len(row) != self.width:
            raise ValueError(f"{len(row)} values for {self.width} columns")
        values = list(row)
        for index, convert in self.conversions:
            if values[index] is not None:
                values[index] = convert(values[index])
        return tuple(values)


def _concrete(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The concrete field ``name`` of ``model`` (its column: ``db_column`` or ``<fk>_id``)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete or field.column is None:
        raise ValueError(f"{model.__name__}.{name} is not a concrete column")
    return field


def _converter(field: models.Field[Any, Any]) -> Converter:
    kind = field.get_internal_type()
    if kind in PASS_THROUGH:
        return None
    prep: Callable[..., Any] = field.get_db_prep_save

    def convert(value: Any) -> Any:
        return prep(value, connection)

    return convert


class Statement:
    """Inserts into several tables sent as one statement (PostgreSQL): one round trip.

    Each table's rows go as one array parameter per column (``INSERT … SELECT * FROM
    unnest(…)``), the tables as data-modifying ``WITH`` clauses of one statement, bound on the
    server (no quoting of values on the client). Waiting for the server once per batch rather
    than twice per table (as ``COPY`` does) is what counts on a loaded machine, where every
    wait for the server is also a wait for a processor. The tables are written in the order
    they are added (a table copied at once, see :meth:`add`, first sends those added before
    it), so that foreign keys may be checked as rows arrive.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[list[Any]] = []

    def add(self, inserter: RowInserter, rows: Iterable[tuple[Any, ...]]) -> int:
        """Add ``rows`` for ``inserter``'s table; return how many. Many rows (at least
        :data:`COPY_FROM` values) are copied at once instead: ``COPY`` costs the writer
        several times less per value than array parameters, which then outweighs its two
        waits for the server."""
        params = inserter.converted(rows)
        if not params:
            return 0
        if len(params) * inserter.width >= COPY_FROM:
            self.send()  # the tables in the order added: a row after the rows it refers to
            inserter.write(params)
            return len(params)
        if len(params[0]) != inserter.width:
            raise ValueError(f"{len(params[0])} values for {inserter.width} columns")
        self.parts.append(inserter.unnest_sql)
        self.params.extend(list(column) for column in zip(*params, strict=True))
        return len(params)

    def send(self) -> None:
        """Run the inserts added so far (nothing when there are none)."""
        if not self.parts:
            return
        *first, last = self.parts
        clauses = ", ".join(f"w{index} AS ({part})" for index, part in enumerate(first))
        sql = f"WITH {clauses} {last}" if first else last
        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:  # binds on the server
            cursor.execute(sql, self.params)
        self.parts, self.params = [], []
