"""The server's files are its own: 0600 files in 0700 folders (finding 12 / item 10 of issue 13).

The SQLite database used to be created world-readable (0644, the umask's choice). Each check
runs the settings in a fresh process with the usual umask 022, as a first start would.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command

FIRST_START = """
import os
os.umask(0o022)
os.environ["DJANGO_SETTINGS_MODULE"] = "ssrmonitor.settings"
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE canary (x)")
    cursor.execute("INSERT INTO canary VALUES (1)")
default_storage.save("evidence/2026/scan.pdf", ContentFile(b"%PDF-1.7"))
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _first_start(home: Path) -> None:
    # The embedded default: no DATABASE_URL (a PostgreSQL run of the suite must not leak into it).
    ours = ("SSRMONITOR_", "DJANGO_", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env["SSRMONITOR_HOME"] = str(home)
    command = [sys.executable, "-c", FIRST_START]  # this file's own script
    subprocess.run(command, env=env, check=True, timeout=120, capture_output=True)  # noqa: S603


def test_a_first_start_creates_private_files_and_folders(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _first_start(home)
    assert _mode(home) == 0o700
    database = home / "ssrmonitor.sqlite3"
    for private in (home / "secret_key", home / "data_key", database):
        assert _mode(private) == 0o600, private
    for journal in home.glob("ssrmonitor.sqlite3-*"):  # WAL and shared memory copy its mode
        assert _mode(journal) == 0o600, journal
    media = home / "media"
    assert _mode(media / "evidence" / "2026") == 0o700
    assert _mode(media / "evidence" / "2026" / "scan.pdf") == 0o600


def test_a_generated_key_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "data_key"
    call_command("generate_data_key", "--output", str(target), stdout=StringIO(), stderr=StringIO())
    assert _mode(target) == 0o600
    assert len(target.read_text().strip()) == 44
