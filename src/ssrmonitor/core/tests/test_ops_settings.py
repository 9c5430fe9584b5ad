"""Shared state by configuration: the cache in the database or Redis, uploads on a shared
folder or in S3-compatible storage, JSON logs, the server's environment (settings are read once
per process, so each case reads them in a fresh interpreter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

SHOW = (
    "import json, ssrmonitor.settings as s; print(json.dumps({'cache': s.CACHES['default'], "
    "'results': s.CACHES['results'], "
    "'storage': s.STORAGES['default'], 'sessions': s.SESSION_ENGINE, 'server': "
    "s.SSRMONITOR_SERVER, 'log': s.LOGGING['handlers']['console'], 'first': s.MIDDLEWARE[0]}))"
)


def settings_with(tmp_path: Path, **env: str) -> dict[str, Any]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SSRMONITOR_", "DJANGO"))}
    clean.pop("DATABASE_URL", None)
    clean["SSRMONITOR_HOME"] = str(tmp_path)
    done = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", SHOW],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_by_default_sessions_and_cache_are_in_the_database_and_uploads_on_disk(
    tmp_path: Path,
) -> None:
    found = settings_with(tmp_path)
    assert found["sessions"] == "django.contrib.sessions.backends.db"
    assert found["cache"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert found["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["log"]["formatter"] == "text"
    assert found["first"] == "ssrmonitor.core.ops.middleware.OpsMiddleware"
    assert found["server"]["bind"] == ["127.0.0.1:8000"]


def test_redis_s3_json_logs_and_the_server_come_from_the_environment(tmp_path: Path) -> None:
    secret = tmp_path / "s3_secret"
    secret.write_text("s3-secret-from-a-file\n")
    found = settings_with(
        tmp_path,
        SSRMONITOR_REDIS_URL="redis://cache.internal:6379/2",
        SSRMONITOR_S3_BUCKET="mission-uploads",
        SSRMONITOR_S3_ENDPOINT_URL="https://minio.internal",
        SSRMONITOR_S3_ACCESS_KEY="AKIA-TEST",
        SSRMONITOR_S3_SECRET_KEY_FILE=str(secret),
        SSRMONITOR_S3_PREFIX="/ssrmonitor/",
        SSRMONITOR_LOG_FORMAT="json",
        SSRMONITOR_BIND="0.0.0.0:8000,unix:/run/ssrmonitor.sock",
        SSRMONITOR_WORKERS="5",
        SSRMONITOR_THREADS="1",
    )
    assert found["cache"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
        "KEY_PREFIX": "ssrmonitor",
    }
    storage = found["storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "mission-uploads"
    assert options["endpoint_url"] == "https://minio.internal"
    assert (options["access_key"], options["secret_key"]) == ("AKIA-TEST", "s3-secret-from-a-file")
    assert options["location"] == "ssrmonitor"
    assert (options["default_acl"], options["file_overwrite"]) == ("private", False)
    assert found["log"]["formatter"] == "json"
    assert found["server"]["bind"] == ["0.0.0.0:8000", "unix:/run/ssrmonitor.sock"]
    assert (found["server"]["workers"], found["server"]["threads"]) == (5, 1)


def test_an_unknown_log_format_stops_the_start(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SSRMONITOR_", "DJANGO"))}
    done = subprocess.run(
        [sys.executable, "-c", "import ssrmonitor.settings"],
        env={**clean, "SSRMONITOR_HOME": str(tmp_path), "SSRMONITOR_LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "SSRMONITOR_LOG_FORMAT must be `text` or `json`" in done.stderr


@pytest.mark.django_db
def test_cached_results_fill_their_own_table_and_leave_the_throttling_counts(
    tmp_path: Path,
) -> None:
    """Cached pages take one entry per country, scope, language and query: Django's default
    limit (300) culled them within minutes under load. They live in their own table, so that a
    visitor who fills it with odd queries cannot push the API throttling counts out."""
    from django.core.cache.backends.db import DatabaseCache
    from django.core.management import call_command

    def kept(**env: str) -> tuple[int, bool]:
        found = settings_with(tmp_path, **env)
        with override_settings(CACHES={"default": found["cache"], "results": found["results"]}):
            call_command("createcachetable", verbosity=0)
            counts = DatabaseCache(found["cache"]["LOCATION"], found["cache"])
            results = DatabaseCache(found["results"]["LOCATION"], found["results"])
            counts.clear()
            results.clear()
            counts.set("ssrmonitor-throttle-1", 7, 60)
            for number in range(400):
                results.set(f"page-{number}", "x" * 100, 600)
            pages = sum(1 for number in range(400) if results.get(f"page-{number}") is not None)
            return pages, counts.get("ssrmonitor-throttle-1") == 7

    assert kept() == (400, True)
    pages, counted = kept(SSRMONITOR_CACHE_MAX_ENTRIES="300")
    assert pages < 400 and counted  # culled, in its own table only
