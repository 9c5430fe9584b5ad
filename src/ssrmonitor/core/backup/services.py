"""``create_backup`` and ``restore_backup``: the two writes of the backup package.

Only the system backs up and restores (an operator's ``ssrmonitor backup`` / ``restore``): an
archive holds every country's data, personal data included, so the actor must hold every
action everywhere. Both are audited: the backup after its archive is complete (so the event is
not in it), the restore after the restored data was verified, as the newest event of the
restored chain.
"""

from __future__ import annotations

import base64
import binascii
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import ssrmonitor
from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.backup import database
from ssrmonitor.core.backup.archive import (
    FORMAT,
    MANIFEST,
    BackupError,
    HashingWriter,
    KeyGuard,
    add_bytes,
    add_file,
    copy_file,
)
from ssrmonitor.core.backup.manifest import (
    Manifest,
    Part,
    describe_mismatch,
    dumps,
    migration_mismatch,
)
from ssrmonitor.core.backup.media import (
    OWN_TEMPORARY,
    existing_files,
    media_files,
    media_root,
    media_storage,
)
from ssrmonitor.core.backup.staging import RestoreRefused, Staged, stage
from ssrmonitor.core.backup.verify import verify_restored
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Action, Denied, has_action
from ssrmonitor.env import private_dir


@dataclass(frozen=True)
class BackupSummary:
    """The archive written: where, its SHA-256 and size, and its manifest."""

    path: Path
    sha256: str
    size: int
    manifest: Manifest


@dataclass(frozen=True)
class RestoreSummary:
    """What was restored, and every check that failed afterwards (none when it verifies)."""

    manifest: Manifest
    media_files: int
    rows_sampled: int
    problems: list[str]


def _require_system(acting_user: Actor) -> None:
    if not all(has_action(acting_user, None, action) for action in Action):
        raise Denied(
            _("Only the system backs up and restores (ssrmonitor backup, ssrmonitor restore).")
        )


def _key_material() -> list[bytes]:
    """The server's keys, as text and as raw bytes: no archive may hold any of them."""
    texts = [
        str(settings.SECRET_KEY),
        *(str(key) for key in getattr(settings, "SECRET_KEY_FALLBACKS", [])),
        str(settings.AUDIT_HMAC_KEY),
        *(str(key) for key in getattr(settings, "SSRMONITOR_DATA_KEYS", [])),
    ]
    found = [text.encode("utf-8") for text in texts if text]
    for key in getattr(settings, "SSRMONITOR_DATA_KEYS", []):
        try:
            found.append(base64.urlsafe_b64decode(str(key).encode("ascii")))
        except (ValueError, binascii.Error):
            continue
    return found


def create_backup(output: Path, *, acting_user: Actor) -> BackupSummary:
    """Write one archive of the database, the uploaded files and a manifest to ``output``.

    The archive is written to a temporary file (0600) beside ``output``, then renamed. It never
    holds the data key, the audit key or the secret key: a part that does is refused.

    Args:
        output: the archive to write (replaced if it exists).
        acting_user: the system (it must hold every action).

    Raises:
        BackupError: the database cannot be dumped, or a part holds a key.
    """
    _require_system(acting_user)
    output = output.resolve()
    private_dir(output.parent)
    workdir = Path(tempfile.mkdtemp(prefix=f"{OWN_TEMPORARY}backup-", dir=output.parent))
    descriptor, partial_name = tempfile.mkstemp(
        prefix=f"{OWN_TEMPORARY}backup-", suffix=".partial", dir=output.parent
    )
    partial = Path(partial_name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            writer = HashingWriter(handle)
            manifest = _write_archive(writer, workdir, excluded=(output, partial))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)
    summary = BackupSummary(output, writer.sha256.hexdigest(), writer.size, manifest)
    _audit_backup(summary, acting_user=acting_user)
    return summary


def _write_archive(writer: HashingWriter, workdir: Path, excluded: tuple[Path, ...]) -> Manifest:
    guard = KeyGuard(_key_material())
    with tarfile.open(fileobj=writer, mode="w|gz") as tar:  # type: ignore[call-overload]
        dumped = database.dump(workdir)
        parts: list[Part] = [_part(add_file(tar, dumped.part, dumped.path, guard))]
        dumped.path.unlink()
        for name, path in media_files(excluded):
            parts.append(_part(add_file(tar, f"media/{name}", path, guard)))
        manifest: Manifest = {
            "format": FORMAT,
            "ssrmonitor_version": ssrmonitor.__version__,
            "created_at": timezone.now().isoformat(),
            "database": {
                "vendor": connection.vendor,
                "server_version": dumped.server_version,
                "dump_tool": dumped.dump_tool,
                "dump_tool_major": dumped.dump_tool_major,
            },
            "migrations": dumped.migrations,
            "row_counts": dumped.row_counts,
            "parts": parts,
            "media_storage": media_storage(),
        }
        add_bytes(tar, MANIFEST, dumps(manifest))
    return manifest


def _part(entry: dict[str, object]) -> Part:
    return {
        "path": str(entry["path"]),
        "size": int(str(entry["size"])),
        "sha256": str(entry["sha256"]),
    }


def _head() -> AuditEvent:
    """The newest audit event: what a backup or a restore is recorded against.

    An empty log is event 0, as in the anchors of :mod:`ssrmonitor.core.audit`.
    """
    return AuditEvent.objects.order_by("-id").first() or AuditEvent(pk=0, action="empty log")


@transaction.atomic(durable=True)
def _audit_backup(summary: BackupSummary, *, acting_user: Actor) -> None:
    audit.record(
        actor=acting_user,
        action="backup",
        obj=_head(),
        after={
            "archive": summary.path.name,
            "sha256": summary.sha256,
            "bytes": summary.size,
            "parts": len(summary.manifest["parts"]),
            "rows": sum(summary.manifest["row_counts"].values()),
        },
    )


def _require_empty_target() -> None:
    """Refuse a database that holds tables, or a media folder that holds files."""
    reasons = []
    tables = database.existing_tables()
    if tables:
        reasons.append(
            _(
                "The configured database is not empty (%(count)d tables): restore only into a "
                "new, empty database (or a new SSRMONITOR_HOME), never over data."
            )
            % {"count": len(tables)}
        )
    files = existing_files()
    if files:
        reasons.append(
            _(
                "The media folder %(folder)s already holds %(count)d files: restore into an "
                "empty one."
            )
            % {"folder": media_root(), "count": len(files)}
        )
    if reasons:
        raise RestoreRefused(reasons)


def _check_manifest(manifest: Manifest) -> None:
    newer, older = migration_mismatch(manifest["migrations"])
    if newer or older:
        raise RestoreRefused([describe_mismatch(newer, older)])
    info = manifest["database"]
    try:
        database.check_restore_tools(str(info.get("vendor")), int(info.get("dump_tool_major", 0)))
    except BackupError as exc:
        raise RestoreRefused([str(exc)]) from None


def restore_backup(archive: Path, *, acting_user: Actor) -> RestoreSummary:
    """Restore an archive of :func:`create_backup` into an empty database and media folder.

    Nothing is applied unless the target is empty, every part matches the manifest and the
    manifest's migrations are this code's. Then the database and the files are restored and
    verified (row counts, audit chain, a sample of every model read with the configured keys,
    system checks), and the restore is audited.

    Args:
        archive: the archive to restore.
        acting_user: the system (it must hold every action).

    Raises:
        RestoreRefused: nothing was applied; the reasons say why.
    """
    _require_system(acting_user)
    _require_empty_target()
    home = private_dir(Path(settings.HOME))
    folder = Path(tempfile.mkdtemp(prefix=f"{OWN_TEMPORARY}restore-", dir=home))
    try:
        staged = stage(archive, folder)
        _check_manifest(staged.manifest)
        _require_empty_target()
        try:  # one transaction: a failure leaves the database as empty as it was
            database.restore(staged.parts[_database_part(staged)])
        except BackupError as exc:
            raise RestoreRefused([str(exc)]) from None
        restored = _restore_media(staged)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    read, problems = verify_restored(staged.manifest["row_counts"])
    summary = RestoreSummary(staged.manifest, restored, read, problems)
    _audit_restore(archive, staged, summary, acting_user=acting_user)
    return summary


def _database_part(staged: Staged) -> str:
    return next(name for name in staged.parts if name.startswith("database/"))


def _restore_media(staged: Staged) -> int:
    root, count = media_root(), 0
    for name, path in sorted(staged.parts.items()):
        if not name.startswith("media/"):
            continue
        target = root / name.removeprefix("media/")
        private_dir(target.parent)
        copy_file(path, target)
        count += 1
    return count


@transaction.atomic(durable=True)
def _audit_restore(
    archive: Path, staged: Staged, summary: RestoreSummary, *, acting_user: Actor
) -> None:
    manifest = staged.manifest
    audit.record(
        actor=acting_user,
        action="restore",
        obj=_head(),
        after={
            "archive": archive.name,
            "sha256": staged.sha256,
            "made_at": manifest["created_at"],
            "ssrmonitor_version": manifest["ssrmonitor_version"],
            "rows": sum(manifest["row_counts"].values()),
            "media_files": summary.media_files,
            "problems": len(summary.problems),
        },
    )
