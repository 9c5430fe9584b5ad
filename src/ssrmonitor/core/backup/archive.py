"""The archive's bytes: parts hashed as they stream, a guard against key material, safe names.

An archive is a gzip-compressed tar written and read as a stream (never the whole database in
memory): ``database/…`` (the SQLite file or the ``pg_dump`` custom-format dump), ``media/…``
(uploaded files) and, last, ``manifest.json``, which holds the SHA-256 of every other part.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tarfile
import time
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.utils.translation import gettext as _

FORMAT = "ssrmonitor-backup/1"
MANIFEST = "manifest.json"
PART_PREFIXES = ("database/", "media/")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why and what to do."""


class KeyGuard:
    """Watches a stream of bytes for any of the server's keys, across chunk boundaries."""

    def __init__(self, secrets: list[bytes]) -> None:
        self.secrets = [secret for secret in secrets if len(secret) >= 16]
        self._keep = max((len(secret) for secret in self.secrets), default=1) - 1
        self._tail = b""
        self.found = False

    def feed(self, chunk: bytes) -> None:
        window = self._tail + chunk
        if any(secret in window for secret in self.secrets):
            self.found = True
        self._tail = window[-self._keep :] if self._keep else b""


class HashingReader:
    """Reads ``source``, counting, hashing and watching for keys what goes through."""

    def __init__(self, source: BinaryIO, guard: KeyGuard) -> None:
        self.source = source
        self.guard = guard
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.sha256.update(chunk)
        self.guard.feed(chunk)
        self.size += len(chunk)
        return chunk


class HashingWriter:
    """Writes to ``target`` and hashes the bytes: the SHA-256 of the whole archive."""

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.target.write(data)

    def flush(self) -> None:
        self.target.flush()


def add_file(tar: tarfile.TarFile, name: str, path: Path, guard: KeyGuard) -> dict[str, object]:
    """Stream the file ``path`` into ``tar`` as ``name``; return its part entry.

    Raises:
        BackupError: the file holds one of the server's keys (it is never archived).
    """
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mode = 0o600
    info.mtime = int(time.time())
    with path.open("rb") as handle:
        reader = HashingReader(handle, guard)
        tar.addfile(info, reader)  # reads ``info.size`` bytes
    if guard.found:
        raise BackupError(
            _("%(part)s holds one of the server's keys: a backup never holds a key.")
            % {"part": name}
        )
    return {"path": name, "size": reader.size, "sha256": reader.sha256.hexdigest()}


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    """Add a small member (the manifest) from memory."""
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(data))


def checked_name(name: str) -> PurePosixPath:
    """The member's name, refused unless it is the manifest or a plain path under a part folder.

    Raises:
        BackupError: an absolute path, ``..``, or a name outside ``database/`` and ``media/``.
    """
    path = PurePosixPath(name)
    plain = (
        not path.is_absolute()
        and "\\" not in name
        and all(part not in {"", ".", ".."} for part in path.parts)
        and str(path) == name
    )
    if plain and (name == MANIFEST or (name.startswith(PART_PREFIXES) and len(path.parts) > 1)):
        return path
    raise BackupError(_("The archive holds an unexpected entry: %(name)s.") % {"name": name})


def extract_member(source: BinaryIO, target: Path) -> tuple[int, str]:
    """Copy one member to ``target`` (created 0600); return its size and SHA-256."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with target.open("xb") as out:
        target.chmod(0o600)
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def copy_file(source: Path, target: Path) -> None:
    """Move ``source`` to ``target`` (copied across file systems), readable by its owner only."""
    shutil.move(source, target)
    target.chmod(0o600)
