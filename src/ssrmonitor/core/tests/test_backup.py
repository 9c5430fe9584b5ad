"""``create_backup`` in this process: which files an archive holds and never holds, the guard
against keys, the audit, and the refusals that come before anything is written.

The database part is stood in for here: this test's rows are not committed (a dump cannot see
them, and SQLite's backup API cannot copy a database inside an open transaction). The real
dumps, and the round trips through ``ssrmonitor backup`` and ``ssrmonitor restore``, are in
``test_backup_restore.py``.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings

from ssrmonitor.benchmarks.services import add_evidence
from ssrmonitor.core.backup import database
from ssrmonitor.core.backup.archive import BackupError
from ssrmonitor.core.backup.database import SQLITE_PART, DatabaseDump
from ssrmonitor.core.backup.services import create_backup, restore_backup
from ssrmonitor.core.backup.staging import RestoreRefused
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.tests.backup_world import CANARY, EVIDENCE
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import MeasurementFactory
from ssrmonitor.testing.factories_vetting import PersonFactory

pytestmark = pytest.mark.django_db
STAND_IN = b"the database part\n"
REAL_DUMP = database.dump


@pytest.fixture(autouse=True)
def dump(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in database part (see the module docstring)."""

    def stand_in(workdir: Path) -> DatabaseDump:
        path = workdir / "ssrmonitor.sqlite3"
        path.write_bytes(STAND_IN)
        return DatabaseDump(path, SQLITE_PART, {"core": ["0001_initial"]}, {}, "", "stand-in", 0)

    monkeypatch.setattr(database, "dump", stand_in)


def key_material() -> list[bytes]:
    """This server's keys, as text and as the raw bytes of the data keys."""
    texts = [settings.SECRET_KEY, settings.AUDIT_HMAC_KEY, *settings.SSRMONITOR_DATA_KEYS]
    raws = [base64.urlsafe_b64decode(key) for key in settings.SSRMONITOR_DATA_KEYS]
    return [text.encode() for text in texts] + raws


@pytest.fixture
def media(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "media"
    with override_settings(MEDIA_ROOT=root):
        yield root


@pytest.fixture
def world(media: Path, alice: Any) -> str:
    """Sealed personal data and an uploaded evidence file; returns the file's name."""
    PersonFactory(names=[CANARY])
    evidence = add_evidence(
        MeasurementFactory(),
        acting_user=alice,
        title="Payroll census",
        upload=SimpleUploadedFile("census.txt", EVIDENCE, content_type="text/plain"),
    )
    return evidence.file.name


def names(archive: Path) -> set[str]:
    with tarfile.open(archive, "r:gz") as tar:
        return set(tar.getnames())


def test_a_backup_is_written_0600_by_rename_and_audited_after(world: str, tmp_path: Path) -> None:
    summary = create_backup(tmp_path / "out" / "backup.tar.gz", acting_user=SYSTEM)

    archive = tmp_path / "out" / "backup.tar.gz"
    assert archive.stat().st_mode & 0o777 == 0o600
    assert [path.name for path in archive.parent.iterdir()] == ["backup.tar.gz"]
    assert summary.sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert names(archive) == {SQLITE_PART, f"media/{world}", "manifest.json"}
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    assert (event.action, event.actor_name) == ("backup", "system")
    assert event.after is not None and event.after["sha256"] == summary.sha256


def test_no_key_is_in_an_archive_even_with_the_home_as_media_folder(
    world: str, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    (home / "evidence").mkdir(parents=True)
    (home / "evidence" / "scan.txt").write_bytes(EVIDENCE)
    (home / "secret_key").write_text(settings.SECRET_KEY)
    (home / "data_key").write_text(",".join(settings.SSRMONITOR_DATA_KEYS))
    with override_settings(HOME=home, MEDIA_ROOT=home):
        create_backup(tmp_path / "backup.tar.gz", acting_user=SYSTEM)

    raw = (tmp_path / "backup.tar.gz").read_bytes()
    unpacked = gzip.decompress(raw)
    found = names(tmp_path / "backup.tar.gz")
    assert "media/evidence/scan.txt" in found
    assert not {"media/secret_key", "media/data_key"} & found
    for key in key_material():
        assert key not in raw
        assert key not in unpacked


def test_a_file_holding_a_key_is_refused_and_nothing_is_written(
    world: str, media: Path, tmp_path: Path
) -> None:
    (media / "notes").mkdir(parents=True)
    (media / "notes" / "keys.txt").write_text(f"data key: {settings.SSRMONITOR_DATA_KEYS[0]}\n")
    before = AuditEvent.objects.count()

    with pytest.raises(BackupError, match=re.escape("media/notes/keys.txt holds one of the")):
        create_backup(tmp_path / "out" / "backup.tar.gz", acting_user=SYSTEM)
    assert list((tmp_path / "out").iterdir()) == []
    assert AuditEvent.objects.count() == before


def test_restore_refuses_a_database_that_holds_data(world: str, tmp_path: Path) -> None:
    create_backup(tmp_path / "backup.tar.gz", acting_user=SYSTEM)
    before = AuditEvent.objects.count()

    with pytest.raises(RestoreRefused, match="is not empty"):
        restore_backup(tmp_path / "backup.tar.gz", acting_user=SYSTEM)
    assert AuditEvent.objects.count() == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backup API only")
def test_a_sqlite_backup_inside_a_transaction_is_refused_not_left_waiting(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="cannot run inside a transaction"):
        REAL_DUMP(tmp_path)
