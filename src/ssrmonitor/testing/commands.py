"""Running ``ssrmonitor`` commands as separate processes in tests (real workers, a killed
worker): each environment has its own home and its own database — a SQLite file, or a fresh
PostgreSQL database when the suite runs on PostgreSQL, dropped afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def command(*args: str) -> list[str]:
    """The command line of ``ssrmonitor ARGS`` with this interpreter."""
    return [sys.executable, "-m", "ssrmonitor", *args]


def run_command(env: dict[str, str], *args: str, timeout: int = 180) -> str:
    """Run ``ssrmonitor ARGS`` in ``env``; its standard output (it must succeed)."""
    done = subprocess.run(  # noqa: S603 (our own command)
        command(*args), env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]  # noqa: S101 (a test helper)
    return done.stdout


@contextmanager
def _pg_database(label: str) -> Iterator[str]:
    import psycopg

    base, given = os.environ["DATABASE_URL"].rsplit("/", 1)
    name = f"{given}_{label}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def own_database(home: Path, *, settings: str, label: str) -> Iterator[dict[str, str]]:
    """The environment of commands with ``home`` as their home, a migrated database of their
    own and the database queue; ``label`` names the PostgreSQL database."""
    values = {k: v for k, v in os.environ.items() if not k.startswith(("SSRMONITOR_", "DJANGO_"))}
    values |= {
        "DJANGO_SETTINGS_MODULE": settings,
        "SSRMONITOR_HOME": str(home),
        "SSRMONITOR_JOB_QUEUE": "database",
        "DATABASE_URL": "",
    }
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        run_command(values, "migrate", "--no-input", "-v", "0", timeout=300)
        yield values
        return
    with _pg_database(label) as url:
        values["DATABASE_URL"] = url
        run_command(values, "migrate", "--no-input", "-v", "0", timeout=300)
        yield values
