"""The manifest: what an archive holds, and whether this code can take it.

It names the SSR Monitor version and the database vendor that made the archive, the migrations
applied per app, the rows of every model, and the size and SHA-256 of every other part. It
never holds a key. :func:`migration_mismatch` compares its migrations with the code's.
"""

from __future__ import annotations

import json
from typing import Any, NotRequired, TypedDict, cast

from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from ssrmonitor.core.backup.archive import FORMAT, BackupError


class Part(TypedDict):
    path: str
    size: int
    sha256: str


class DatabaseInfo(TypedDict):
    vendor: str
    server_version: str
    dump_tool: str
    dump_tool_major: int


class Manifest(TypedDict):
    format: str
    ssrmonitor_version: str
    created_at: str
    database: DatabaseInfo
    migrations: dict[str, list[str]]
    row_counts: dict[str, int]
    parts: list[Part]
    # The storage of uploads: only FileSystemStorage's files (MEDIA_ROOT) are in the archive.
    media_storage: NotRequired[str]


def dumps(manifest: Manifest) -> bytes:
    return json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8") + b"\n"


def loads(data: bytes) -> Manifest:
    """Read a manifest, refusing anything that is not one of ours.

    Raises:
        BackupError: not JSON, another format, or a field missing.
    """
    try:
        raw: Any = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupError(_("The archive's manifest is not valid JSON.")) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BackupError(_("This is not an SSR Monitor backup (format %s).") % FORMAT)
    shapes = {
        "ssrmonitor_version": str,
        "created_at": str,
        "database": dict,
        "migrations": dict,
        "row_counts": dict,
        "parts": list,
    }
    for key, kind in shapes.items():
        if not isinstance(raw.get(key), kind):
            raise BackupError(_("The archive's manifest has no valid %s.") % key)
    return cast(Manifest, raw)


Key = tuple[str, str]


def migration_mismatch(archived: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """(migrations in the archive that this code lacks, migrations of this code it lacks).

    The first list means the archive comes from a newer version, the second from an older one.
    As in :mod:`ssrmonitor.core.ops.schema`, a squashed migration counts as applied when every
    migration it replaces is, and the rows of an app this code no longer has are ignored.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    recorded = {(app, name) for app, names in archived.items() for name in names}
    known = set(loader.disk_migrations)
    replaced = {key for migration in loader.disk_migrations.values() for key in migration.replaces}
    ours = {app for app, _name in known}
    newer = sorted(key for key in recorded if key[0] in ours and key not in known | replaced)
    older = sorted(
        key
        for key, migration in loader.graph.nodes.items()
        if key not in recorded
        and not (migration.replaces and all(tuple(r) in recorded for r in migration.replaces))
    )
    return [".".join(key) for key in newer], [".".join(key) for key in older]


def describe_mismatch(newer: list[str], older: list[str]) -> str:
    """The refusal of a manifest whose schema is not the code's, naming the migrations."""
    lines = [_("The archive's schema does not match this version of SSR Monitor.")]
    if newer:
        lines.append(
            _("Applied in the archive, unknown to this code (the archive is newer): %s.")
            % ", ".join(newer)
        )
    if older:
        lines.append(_("Missing from the archive (the archive is older): %s.") % ", ".join(older))
    lines.append(
        _(
            "Restore it with the version of SSR Monitor that made it (see the manifest), then "
            "upgrade."
        )
    )
    return "\n".join(lines)
