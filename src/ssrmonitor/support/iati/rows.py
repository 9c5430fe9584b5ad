"""Fast multi-row inserts for the importer: plain tuples and one prepared ``INSERT`` per table.

``bulk_create`` builds a model instance per row and compiles a fresh SQL statement per batch;
for the child rows of imported activities (about twenty per activity) that dominated the
import time. :class:`RowInserter` prepares the statement once per model and column list and
sends the rows with ``cursor.executemany`` on SQLite (one C loop over a prepared statement),
with ``COPY … FROM STDIN`` on PostgreSQL (psycopg 3's ``Cursor.copy``: one stream per table and
batch, no statement per row), and as multi-row ``VALUES`` statements of up to
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

from django.db import connection, models

PASS_THROUGH = {
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
        self.group = f"({marks})"
        self.width = len(fields)
        converters = [_converter(field) for field in fields]
        self.conversions = [(i, c) for i, c in enumerate(converters) if c is not None]
        self.convert = bool(self.conversions)

    def insert(self, rows: Iterable[tuple[Any, ...]]) -> int:
        """Insert ``rows`` (tuples in the order of the names given); return how many."""
        params = [self.prepare(row) for row in rows] if self.convert else list(rows)
        if not params:
            return 0
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.executemany(self.sql, params)
            elif connection.vendor == "postgresql":
                self.copy_rows(cursor, params)
            else:
                self.insert_chunks(cursor, params)
        return len(params)

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
