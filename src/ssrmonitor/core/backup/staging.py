"""Reading an archive back: every part is copied aside and hashed before anything is applied.

The archive is read once, as a stream; each member is checked (a plain name under
``database/`` or ``media/``, or the manifest; a regular file; not twice) and copied into a
private staging folder while its SHA-256 is computed. Only when every part matches the
manifest — none missing, none altered, none unlisted — does the restore go on.
"""

from __future__ import annotations

import gzip
import hashlib
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from ssrmonitor.core.backup.archive import (
    MANIFEST,
    BackupError,
    checked_name,
    extract_member,
)
from ssrmonitor.core.backup.manifest import Manifest, loads

MAX_MANIFEST_BYTES = 64 * 1024 * 1024


class RestoreRefused(BackupError):
    """The archive cannot be restored here; nothing was applied."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("\n".join(reasons))


@dataclass(frozen=True)
class Staged:
    """A verified archive: its manifest, its parts on disk, and its own SHA-256."""

    manifest: Manifest
    parts: dict[str, Path]
    sha256: str


class _Reading:
    """The archive file as read, hashed on the way (its SHA-256 goes to the audit log)."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.sha256.update(chunk)
        return chunk


def stage(archive: Path, folder: Path) -> Staged:
    """Copy the parts of ``archive`` into ``folder`` and check them against its manifest.

    Raises:
        RestoreRefused: an unreadable archive, no manifest, or parts that do not match it.
    """
    hashes: dict[str, tuple[int, str]] = {}
    parts: dict[str, Path] = {}
    manifest_bytes: bytes | None = None
    try:
        with archive.open("rb") as handle:
            reading = _Reading(handle)
            with tarfile.open(fileobj=reading, mode="r|*") as tar:  # type: ignore[call-overload]
                for member in tar:
                    name = _member_name(member, hashes, manifest_bytes is not None)
                    source = tar.extractfile(member)
                    assert source is not None  # noqa: S101 (a regular file, checked above)
                    if name == MANIFEST:
                        manifest_bytes = source.read(MAX_MANIFEST_BYTES + 1)
                    else:
                        parts[name] = folder / name
                        hashes[name] = extract_member(source, parts[name])
            while reading.read(1024 * 1024):  # hash what follows the tar's end, if any
                pass
    except BackupError as exc:
        raise RestoreRefused([str(exc)]) from None
    except (OSError, EOFError, tarfile.TarError, zlib.error, gzip.BadGzipFile) as exc:
        raise RestoreRefused(
            [_("%(file)s is not a readable archive: %(error)s") % {"file": archive, "error": exc}]
        ) from None
    if manifest_bytes is None or len(manifest_bytes) > MAX_MANIFEST_BYTES:
        raise RestoreRefused([_("The archive has no manifest.")])
    try:
        manifest = loads(manifest_bytes)
    except BackupError as exc:
        raise RestoreRefused([str(exc)]) from None
    problems = part_problems(manifest, hashes)
    if problems:
        raise RestoreRefused(problems)
    return Staged(manifest, parts, reading.sha256.hexdigest())


def _member_name(
    member: tarfile.TarInfo, seen: dict[str, tuple[int, str]], manifest_seen: bool
) -> str:
    name = str(checked_name(member.name))
    if not member.isfile():
        raise BackupError(_("The archive holds an unexpected entry: %(name)s.") % {"name": name})
    if name in seen or (name == MANIFEST and manifest_seen):
        raise BackupError(_("The archive holds %(name)s twice.") % {"name": name})
    return name


def part_problems(manifest: Manifest, hashes: dict[str, tuple[int, str]]) -> list[str]:
    """Every part missing, altered or not listed (none when the archive is whole)."""
    problems, listed = [], {}
    for part in manifest["parts"]:
        if not (
            isinstance(part, dict)
            and isinstance(part.get("path"), str)
            and isinstance(part.get("size"), int)
            and isinstance(part.get("sha256"), str)
        ):
            return [_("The archive's manifest lists a part without path, size and SHA-256.")]
        listed[part["path"]] = (part["size"], part["sha256"])
    for path, expected in sorted(listed.items()):
        found = hashes.get(path)
        if found is None:
            problems.append(_("%(part)s: listed in the manifest, missing.") % {"part": path})
        elif found != expected:
            problems.append(
                _("%(part)s: its SHA-256 does not match the manifest (altered or damaged).")
                % {"part": path}
            )
    problems += [
        _("%(part)s: not listed in the manifest.") % {"part": path}
        for path in sorted(set(hashes) - set(listed))
    ]
    databases = [path for path in listed if path.startswith("database/")]
    if len(databases) != 1:
        problems.append(_("The archive must hold exactly one database part."))
    return problems
