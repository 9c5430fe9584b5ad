"""The database part: a consistent copy out, and back into an empty database.

* SQLite: the online backup API (:meth:`sqlite3.Connection.backup`) copies the live database
  page by page into a temporary file, a consistent snapshot even while the server writes;
  a restore copies it back with the same API into the configured (empty) database file.
* PostgreSQL: ``pg_dump --format=custom`` of the configured database, inside an exported
  snapshot so that the row counts of the manifest are those of the dump; a restore runs
  ``pg_restore`` into the configured, empty database in one transaction. The client tools must
  be at least as new as the server (``pg_dump``) and as the dump (``pg_restore``).

The password reaches the tools through their environment, never their command line.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.apps import apps
from django.db import connection
from django.utils.translation import gettext as _

from ssrmonitor.core.backup.archive import BackupError

SQLITE_PART = "database/ssrmonitor.sqlite3"
POSTGRESQL_PART = "database/ssrmonitor.pgdump"
_PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class Cursor(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...
    def fetchall(self) -> Any: ...


@dataclass(frozen=True)
class DatabaseDump:
    """A dumped database: the file, what it holds, and what made it."""

    path: Path
    part: str
    migrations: dict[str, list[str]]
    row_counts: dict[str, int]
    server_version: str
    dump_tool: str
    dump_tool_major: int


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def model_tables() -> dict[str, str]:
    """``app.model`` → table, for every concrete model with its own table (M2M tables too)."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        found[model._meta.label_lower] = model._meta.db_table
    return found


def read_state(
    cursor: Cursor, tables: Iterable[str]
) -> tuple[dict[str, list[str]], dict[str, int]]:
    """The applied migrations per app and the rows of each model, read through ``cursor``."""
    present = set(tables)
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in present:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(str(app), []).append(str(name))
    counts = {}
    for label, table in sorted(model_tables().items()):
        if table in present:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (model tables)
            counts[label] = int(cursor.fetchall()[0][0])
    return migrations, counts


def existing_tables() -> list[str]:
    """The tables of the configured database (none in an empty one)."""
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))


def dump(workdir: Path) -> DatabaseDump:
    """Copy the configured database into ``workdir`` (see the module)."""
    if connection.vendor == "sqlite":
        return _dump_sqlite(workdir)
    if connection.vendor == "postgresql":
        return _dump_postgresql(workdir)
    raise BackupError(_("Backups support SQLite and PostgreSQL, not %s.") % connection.vendor)


def _dump_sqlite(workdir: Path) -> DatabaseDump:
    if connection.in_atomic_block:  # the backup API would wait for this transaction forever
        raise BackupError(_("A backup of SQLite cannot run inside a transaction."))
    target = workdir / "ssrmonitor.sqlite3"
    connection.ensure_connection()
    live: sqlite3.Connection = connection.connection
    with closing(sqlite3.connect(target)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        tables = [
            row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        migrations, counts = read_state(copy.cursor(), tables)
    version = sqlite3.sqlite_version
    return DatabaseDump(
        target, SQLITE_PART, migrations, counts, version, f"SQLite {version} backup API", 0
    )


def tool_version(tool: str) -> tuple[str, int]:
    """The ``--version`` line of a PostgreSQL client tool and its major version.

    Raises:
        BackupError: the tool is not installed.
    """
    path = shutil.which(tool)
    if path is None:
        raise BackupError(
            _("%(tool)s is not installed: install the PostgreSQL client tools.") % {"tool": tool}
        )
    line = subprocess.run(  # noqa: S603 (a fixed tool found on PATH)
        [path, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    found = re.search(r"(\d+)(?:\.\d+)*", line)
    return line, int(found.group(1)) if found else 0


def _pg_environment() -> dict[str, str]:
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in _PG_OPTIONS.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value:
            env[variable] = str(value)
    return env


def _run(tool: str, arguments: list[str]) -> None:
    path = shutil.which(tool) or tool
    done = subprocess.run(  # noqa: S603 (a fixed tool, arguments we build)
        [path, *arguments], env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": tool, "error": done.stderr.strip()[-2000:]}
        )


def server_major() -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def _dump_postgresql(workdir: Path) -> DatabaseDump:
    line, major = tool_version("pg_dump")
    server = server_major()
    if major < server:
        raise BackupError(
            _(
                "pg_dump %(tool)d is older than the PostgreSQL %(server)d server: install the "
                "PostgreSQL %(server)d client tools."
            )
            % {"tool": major, "server": server}
        )
    target = workdir / "ssrmonitor.pgdump"
    snapshot_db = connection.copy()
    try:
        with snapshot_db.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, version = cursor.fetchall()[0]
            tables = snapshot_db.introspection.table_names(cursor)
            migrations, counts = read_state(cursor, tables)
            _run("pg_dump", ["--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
            cursor.execute("COMMIT")
    finally:
        snapshot_db.close()
    return DatabaseDump(target, POSTGRESQL_PART, migrations, counts, str(version), line, major)


def check_restore_tools(vendor: str, dump_tool_major: int) -> None:
    """Refuse, before anything is applied, an archive this server cannot take.

    Raises:
        BackupError: another database vendor, or a ``pg_restore`` older than the dump.
    """
    if vendor != connection.vendor:
        raise BackupError(
            _(
                "The archive holds a %(archive)s database; this server is configured for "
                "%(server)s. Restore it into the same kind of database."
            )
            % {"archive": vendor, "server": connection.vendor}
        )
    if vendor == "postgresql":
        _line, major = tool_version("pg_restore")
        if major < dump_tool_major:
            raise BackupError(
                _(
                    "pg_restore %(tool)d cannot read a dump of pg_dump %(dump)d: install the "
                    "PostgreSQL %(dump)d client tools."
                )
                % {"tool": major, "dump": dump_tool_major}
            )
    elif vendor == "sqlite" and not _sqlite_file():
        raise BackupError(_("The configured SQLite database is in memory: give it a file."))


def _sqlite_file() -> str:
    name = str(connection.settings_dict["NAME"])
    memory = name == ":memory:" or "mode=memory" in name
    return "" if memory else name


def restore(staged: Path) -> None:
    """Load the staged database part into the configured, empty database."""
    connection.close()
    if connection.vendor == "sqlite":
        with (
            closing(sqlite3.connect(staged)) as source,
            closing(sqlite3.connect(_sqlite_file())) as target,
        ):
            source.backup(target)
        return
    name = str(connection.settings_dict["NAME"])
    _run(
        "pg_restore",
        [
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={name}",
            str(staged),
        ],
    )
