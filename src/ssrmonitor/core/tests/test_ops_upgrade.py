"""``ssrmonitor upgrade`` (refuses a newer schema, then migrates, collects, checks) and the
configuration ``ssrmonitor serve`` hands to gunicorn."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from ssrmonitor.core.management.commands.serve import server_options
from ssrmonitor.core.ops.schema import schema_state

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SERVER = {
    "bind": ["127.0.0.1:9000"],
    "workers": 3,
    "threads": 4,
    "timeout": 90,
    "graceful_timeout": 20,
    "keepalive": 5,
    "max_requests": 1000,
    "forwarded_allow_ips": "10.0.0.1",
}


@pytest.mark.django_db
def test_upgrade_refuses_a_database_newer_than_the_code(tmp_path: Path) -> None:
    MigrationRecorder(connection).record_applied("core", "9999_from_a_newer_version")
    out = io.StringIO()
    with override_settings(STATIC_ROOT=tmp_path), pytest.raises(CommandError) as refused:
        call_command("upgrade", stdout=out)
    assert refused.value.returncode == 3
    assert "core.9999_from_a_newer_version" in str(refused.value)
    assert "newer version" in str(refused.value)
    assert out.getvalue() == ""  # nothing was run
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_upgrade_ignores_rows_of_apps_the_code_no_longer_has() -> None:
    MigrationRecorder(connection).record_applied("an_app_removed_long_ago", "0001_initial")
    assert schema_state().unknown == []


@pytest.mark.django_db
def test_upgrade_migrates_collects_hashed_compressed_static_and_checks(tmp_path: Path) -> None:
    out = io.StringIO()
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST):
        call_command("upgrade", stdout=out, verbosity=2)
    assert "No migrations to apply." in out.getvalue()  # migrate ran (pending: see readyz)
    assert "Upgrade done." in out.getvalue()
    manifest = (tmp_path / "staticfiles.json").read_text()
    hashed = [p for p in tmp_path.rglob("htmx-*.min.*.js")]
    assert hashed, manifest
    assert Path(f"{hashed[0]}.gz").exists()
    assert schema_state().pending == []


@pytest.mark.django_db
def test_upgrade_fails_on_the_deploy_check_at_the_level_asked(tmp_path: Path) -> None:
    with override_settings(STATIC_ROOT=tmp_path), pytest.raises(CommandError, match="W0"):
        call_command("upgrade", "--no-static", "--fail-level", "WARNING", stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_serve_refuses_to_start_with_uncollected_hashed_static_files(tmp_path: Path) -> None:
    with (
        override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST),
        pytest.raises(CommandError, match="ssrmonitor upgrade"),
    ):
        call_command("serve")


@override_settings(SSRMONITOR_SERVER=SERVER)
def test_serve_takes_the_environment_and_lets_options_override() -> None:
    config = server_options({})
    assert config["bind"] == ["127.0.0.1:9000"]
    assert (config["workers"], config["threads"], config["worker_class"]) == (3, 4, "gthread")
    assert (config["timeout"], config["graceful_timeout"]) == (90, 20)
    assert (config["max_requests"], config["max_requests_jitter"]) == (1000, 100)
    assert config["forwarded_allow_ips"] == "10.0.0.1"
    assert config["control_socket_disable"] is True
    options: dict[str, Any] = {"bind": ["0.0.0.0:80"], "workers": 1, "threads": 1}
    single = server_options(options)
    assert single["bind"] == ["0.0.0.0:80"]
    assert (single["workers"], single["worker_class"]) == (1, "sync")


def test_serve_sends_gunicorns_log_through_ours_and_silences_its_access_log() -> None:
    loggers = server_options({})["logconfig_dict"]["loggers"]
    assert loggers["gunicorn.error"]["propagate"] is True
    assert loggers["gunicorn.access"] == {"level": "CRITICAL", "handlers": [], "propagate": False}


class FakeProcess:
    """Stands for the worker process the demo starts."""

    started: list[FakeProcess] = []

    def __init__(self, args: list[str]) -> None:
        self.args = args
        self.stopped = False
        FakeProcess.started.append(self)

    def poll(self) -> int | None:
        return 0 if self.stopped else None

    def terminate(self) -> None:
        self.stopped = True

    def wait(self, timeout: float | None = None) -> int:
        return 0


def test_demo_serves_with_serve_and_stops_the_worker_beside_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ssrmonitor.core.management.commands import demo

    served: list[tuple[str, dict[str, Any]]] = []

    def serve(name: str, **options: Any) -> None:
        served.append((name, options))
        raise SystemExit(0)  # how gunicorn ends on TERM or Ctrl+C

    FakeProcess.started = []
    monkeypatch.setattr(demo.subprocess, "Popen", FakeProcess)
    monkeypatch.setattr(demo, "call_command", serve)
    with pytest.raises(SystemExit):
        demo.Command(stdout=io.StringIO())._serve("127.0.0.1:8123")
    assert served == [("serve", {"bind": ["127.0.0.1:8123"], "workers": 1, "threads": 4})]
    [worker] = FakeProcess.started
    assert worker.args[1:] == ["-m", "ssrmonitor", "worker"]
    assert worker.stopped

    FakeProcess.started = []
    monkeypatch.setattr(demo, "get_commands", dict)  # a version without `ssrmonitor worker`
    with pytest.raises(SystemExit):
        demo.Command(stdout=io.StringIO())._serve("127.0.0.1:8123")
    assert FakeProcess.started == []
