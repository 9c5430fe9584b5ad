"""Does the database's schema match the code? (for ``ssrmonitor upgrade`` and ``/readyz``)

``pending``: migrations of the code not yet applied. ``unknown``: migrations recorded as
applied that this code does not have — the database was upgraded by a newer version, and this
one must not run against it (nor migrate it "back").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

Key = tuple[str, str]


@dataclass(frozen=True)
class SchemaState:
    pending: list[Key]
    unknown: list[Key]


def schema_state(alias: str = DEFAULT_DB_ALIAS) -> SchemaState:
    """The pending and unknown migrations of the database ``alias`` (see the module)."""
    connection = connections[alias]
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    recorded = set(loader.applied_migrations or {})
    known = set(loader.disk_migrations)
    replaced = {key for migration in loader.disk_migrations.values() for key in migration.replaces}
    # Only the apps this code has: a removed third-party app's rows are not a newer schema.
    apps = {app for app, _name in known}
    unknown = sorted(key for key in recorded if key[0] in apps and key not in known | replaced)
    pending = sorted(key for key in loader.graph.nodes if key not in recorded)
    return SchemaState(pending=pending, unknown=unknown)
