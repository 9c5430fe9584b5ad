"""Round trips as an operator runs them: ``ssrmonitor backup`` of a seeded home (and database),
``ssrmonitor restore`` into a new home — and a new PostgreSQL database when the suite runs on
PostgreSQL — with the old server's keys, or with the wrong data key.

Everything runs in subprocesses with the production settings module: a restore needs an empty
database, and the test database is not one (nor can a dump see its uncommitted rows).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings

from ssrmonitor.core.tests.backup_world import CANARY, EVIDENCE

POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
KEY_VARIABLES = (
    "SECRET_KEY",
    "SSRMONITOR_DATA_KEY",
    "SSRMONITOR_PRODUCTION",
    "SECRET_KEY_FILE",
    "SSRMONITOR_AUDIT_KEY_FILE",
    "SSRMONITOR_DATA_KEY_FILE",
    "SSRMONITOR_AUDIT_KEY",
    "SSRMONITOR_MEDIA_ROOT",
    "DATABASE_URL",
)


def new_data_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def server_url(name: str) -> str:
    params = settings.DATABASES["default"]
    user = quote(str(params.get("USER") or ""), safe="")
    password = f":{quote(str(params['PASSWORD']), safe='')}" if params.get("PASSWORD") else ""
    host = f"{params.get('HOST') or '127.0.0.1'}:{params.get('PORT') or 5432}"
    return f"postgres://{user}{password}@{host}/{name}"


@contextmanager
def new_database() -> Iterator[str | None]:
    """A new, empty PostgreSQL database (its URL) when the suite runs on PostgreSQL."""
    if not POSTGRES:
        yield None
        return
    import psycopg

    name = f"ssrm_backup_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url("postgres"), autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server_url(name)
    finally:
        with psycopg.connect(server_url("postgres"), autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(home: Path, keys: dict[str, str], database: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in KEY_VARIABLES}
    env.update(keys)
    env.update(DJANGO_SETTINGS_MODULE="ssrmonitor.settings", SSRMONITOR_HOME=str(home))
    if database:
        env["DATABASE_URL"] = database
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", *args],
        env=env,
        cwd=Path(env["SSRMONITOR_HOME"]).parent,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@dataclass(frozen=True)
class Source:
    archive: Path
    keys: dict[str, str]
    seeded: dict[str, Any]
    stdout: str


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    """A home migrated and seeded (backup_world), then backed up with ``ssrmonitor backup``."""
    folder = tmp_path_factory.mktemp("backup")
    keys = {"SECRET_KEY": secrets.token_urlsafe(50), "SSRMONITOR_DATA_KEY": new_data_key()}
    home = folder / "source"
    home.mkdir(mode=0o700)
    # The worst case: key files in the home, which is also the media folder.
    (home / "secret_key").write_text(keys["SECRET_KEY"])
    (home / "data_key").write_text(keys["SSRMONITOR_DATA_KEY"])
    with new_database() as database:
        env = environment(home, {}, database)
        env.update(
            SECRET_KEY_FILE=str(home / "secret_key"),
            SSRMONITOR_DATA_KEY_FILE=str(home / "data_key"),
            SSRMONITOR_MEDIA_ROOT=str(home),
        )
        ok(run(env, "ssrmonitor", "migrate", "-v0"))
        seeded = json.loads(ok(run(env, "ssrmonitor.core.tests.backup_world")).splitlines()[-1])
        archive = folder / "archives" / "source.tar.gz"
        stdout = ok(run(env, "ssrmonitor", "backup", "-o", str(archive)))
        yield Source(archive, keys, seeded, stdout)


@pytest.fixture
def fresh(tmp_path: Path, source: Source) -> Iterator[dict[str, str]]:
    """A new server with the old one's keys: a new home (and a new database)."""
    with new_database() as database:
        yield environment(tmp_path / "restored", source.keys, database)


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]


def rewrite(
    source: Path,
    target: Path,
    *,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    part: tuple[str, Callable[[bytes], bytes]] | None = None,
) -> Path:
    """A copy of an archive with its manifest or one part changed."""
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members(source).items():
            if name == "manifest.json" and manifest is not None:
                loaded = json.loads(data)
                manifest(loaded)
                data = json.dumps(loaded).encode()
            if part is not None and name == part[0]:
                data = part[1](data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def target_tables(env: dict[str, str]) -> int:
    """How many tables the new database holds (0: nothing was applied)."""
    if "DATABASE_URL" in env:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as pg:
            row = pg.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            return int(row.fetchone()[0])  # type: ignore[index]
    path = Path(env["SSRMONITOR_HOME"]) / "ssrmonitor.sqlite3"
    if not path.exists():
        return 0
    with sqlite3.connect(path) as db:
        return int(
            db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        )


READ_BACK = (
    "from ssrmonitor.vetting.models import Person; from ssrmonitor.core.models import AuditEvent;"
    " print(sorted(n for p in Person.objects.all() for n in p.names));"
    " e = AuditEvent.objects.order_by('-id').first(); print(e.action, e.actor_name)"
)


def test_an_archive_holds_the_database_the_uploads_and_a_manifest(source: Source) -> None:
    parts = members(source.archive)
    manifest = json.loads(parts["manifest.json"])
    database = "database/ssrmonitor.pgdump" if POSTGRES else "database/ssrmonitor.sqlite3"
    evidence = f"media/{source.seeded['evidence']}"

    assert source.archive.stat().st_mode & 0o777 == 0o600
    # Neither the key files nor the SQLite file of the home (the media folder here) are in it.
    assert set(parts) == {database, evidence, "manifest.json"}
    assert parts[evidence] == EVIDENCE
    assert manifest["database"]["vendor"] == ("postgresql" if POSTGRES else "sqlite")
    assert manifest["row_counts"]["vetting.person"] == 4
    assert manifest["row_counts"]["benchmarks.evidence"] == 1
    assert "0001_initial" in manifest["migrations"]["vetting"]
    assert sorted(part["path"] for part in manifest["parts"]) == sorted([database, evidence])
    for part in manifest["parts"]:
        assert hashlib.sha256(parts[part["path"]]).hexdigest() == part["sha256"]
    raw = source.archive.read_bytes()
    for key in (source.keys["SECRET_KEY"], source.keys["SSRMONITOR_DATA_KEY"]):
        assert key.encode() not in raw
        assert key.encode() not in gzip.decompress(raw)
    assert base64.urlsafe_b64decode(source.keys["SSRMONITOR_DATA_KEY"]) not in gzip.decompress(raw)
    assert CANARY.encode() not in gzip.decompress(raw)  # sealed in the database part
    assert "1 uploaded files" in source.stdout


def test_a_backup_restores_into_a_fresh_home_and_reads_back(
    source: Source, fresh: dict[str, str]
) -> None:
    done = run(fresh, "ssrmonitor", "restore", str(source.archive))

    assert "Verified: row counts match the manifest, the audit chain is intact" in ok(done)
    restored = Path(fresh["SSRMONITOR_HOME"]) / "media" / source.seeded["evidence"]
    assert restored.read_bytes() == EVIDENCE
    assert restored.stat().st_mode & 0o777 == 0o600
    read = ok(run(fresh, "ssrmonitor", "shell", "-c", READ_BACK)).splitlines()
    assert read[-2:] == [str(source.seeded["names"]), "restore system"]
    assert CANARY in source.seeded["names"]

    again = run(fresh, "ssrmonitor", "restore", str(source.archive))
    assert again.returncode == 1
    assert "The configured database is not empty" in again.stderr


def test_nothing_is_applied_from_a_tampered_or_mismatched_archive(
    source: Source, fresh: dict[str, str], tmp_path: Path
) -> None:
    evidence = f"media/{source.seeded['evidence']}"
    tampered = rewrite(
        source.archive,
        tmp_path / "tampered.tar.gz",
        part=(evidence, lambda data: data.replace(b"14 500", b"41 500")),
    )

    def newer_and_older(manifest: dict[str, Any]) -> None:
        manifest["migrations"]["core"].append("9999_from_the_future")
        manifest["migrations"]["vetting"].remove("0001_initial")

    mismatched = rewrite(source.archive, tmp_path / "mismatched.tar.gz", manifest=newer_and_older)

    done = run(fresh, "ssrmonitor", "restore", str(tampered))
    assert done.returncode == 1
    assert f"{evidence}: its SHA-256 does not match the manifest" in done.stderr
    assert "Nothing was restored" in done.stderr
    assert target_tables(fresh) == 0
    assert not (Path(fresh["SSRMONITOR_HOME"]) / "media").exists()

    done = run(fresh, "ssrmonitor", "restore", str(mismatched))
    assert done.returncode == 1
    assert "(the archive is newer): core.9999_from_the_future." in done.stderr
    assert "(the archive is older): vetting.0001_initial." in done.stderr
    assert target_tables(fresh) == 0


def test_a_restore_with_another_data_key_is_reported(source: Source, fresh: dict[str, str]) -> None:
    fresh["SSRMONITOR_DATA_KEY"] = new_data_key()

    done = run(fresh, "ssrmonitor", "restore", str(source.archive))

    assert done.returncode == 1
    assert "vetting.person: stored data does not open: sealed with key" in done.stderr
    assert "The restored data does not verify" in done.stderr
    assert CANARY not in done.stdout + done.stderr
