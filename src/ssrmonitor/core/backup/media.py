"""The uploaded files: which are archived, and where they go back.

Every regular file under ``MEDIA_ROOT`` (evidence, attachments…) is archived, except the
server's own files when the media folder holds them: the key files of ``SSRMONITOR_HOME``
(``secret_key``, ``data_key``), any ``*_FILE`` key named in the environment, the SQLite
database, collected static files, and our own temporary files. Symbolic links are never
followed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

KEY_FILE_VARIABLES = ("SECRET_KEY_FILE", "SSRMONITOR_AUDIT_KEY_FILE", "SSRMONITOR_DATA_KEY_FILE")
HOME_KEY_FILES = ("secret_key", "data_key")
OWN_TEMPORARY = ".ssrmonitor-"
_SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def media_storage() -> str:
    """The storage backend of uploads: the archive holds them only for ``FileSystemStorage``."""
    return str(settings.STORAGES.get("default", {}).get("BACKEND", ""))


def on_file_system() -> bool:
    return media_storage().endswith("FileSystemStorage")


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def never_archived(extra: tuple[Path, ...] = ()) -> set[Path]:
    """The resolved paths that are never part of an archive (see the module)."""
    home = Path(settings.HOME)
    paths = [home / name for name in HOME_KEY_FILES]
    paths += [Path(os.environ[name]) for name in KEY_FILE_VARIABLES if os.environ.get(name)]
    for database in (
        str(connection.settings_dict.get("NAME") or ""),
        str(home / "ssrmonitor.sqlite3"),
    ):
        paths += [Path(database + suffix) for suffix in _SQLITE_SUFFIXES if database]
    return {path.resolve() for path in (*paths, *extra)}


def media_files(extra_excluded: tuple[Path, ...] = ()) -> Iterator[tuple[str, Path]]:
    """``(path relative to MEDIA_ROOT, file)`` of every uploaded file, in a stable order."""
    root = media_root()
    if not root.is_dir():
        return
    excluded = never_archived(extra_excluded)
    static = Path(settings.STATIC_ROOT).resolve()
    for directory, folders, names in os.walk(root, followlinks=False):
        folders[:] = sorted(f for f in folders if not f.startswith(OWN_TEMPORARY))
        for name in sorted(names):
            path = Path(directory) / name
            if name.startswith(OWN_TEMPORARY) or path.is_symlink() or not path.is_file():
                continue
            resolved = path.resolve()
            if resolved in excluded or resolved.is_relative_to(static):
                continue
            yield path.relative_to(root).as_posix(), path


def existing_files() -> list[str]:
    """The files already under ``MEDIA_ROOT`` (a restore wants none)."""
    return [name for name, _path in media_files()]
