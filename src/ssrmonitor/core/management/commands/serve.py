"""``ssrmonitor serve``: the production web server (gunicorn) on ``ssrmonitor.wsgi``.

Binding, workers, threads and timeouts come from the environment (``SSRMONITOR_BIND``,
``SSRMONITOR_WORKERS``, ``SSRMONITOR_THREADS``, ``SSRMONITOR_TIMEOUT``, … — see
``SSRMONITOR_SERVER`` in the settings and ``docs/deployment.md``); the options override them.
gunicorn's own messages go through the project's logging (text or JSON, with the request id);
its access log is replaced by the one :mod:`ssrmonitor.core.ops.middleware` writes, which
names the route and never the query string. ``kill -HUP`` reloads the configuration and
replaces the workers gracefully; ``TERM`` stops after the requests in flight.

Several workers count their requests in one folder (prometheus-client's multi-process mode):
``PROMETHEUS_MULTIPROC_DIR`` if set, else a private temporary folder made here.
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _
from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

# prometheus-client's own variable (the metrics module is not imported here: see _metrics_folder)
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"


class Server(BaseApplication):  # type: ignore[misc]  # gunicorn ships no types
    """gunicorn with a configuration given as a dict (no command line, no config file)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def init(self, parser: Any, opts: Any, args: Any) -> None:  # pragma: no cover (unused)
        return None

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from ssrmonitor.wsgi import application

        return application


def _child_exit(server: Any, worker: Any) -> None:
    """A worker's figures stay counted after it exits; its live gauges are dropped."""
    from prometheus_client import multiprocess

    if os.environ.get(MULTIPROCESS_ENV):
        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def log_config() -> dict[str, Any]:
    """Django's ``LOGGING``, with gunicorn's error log going through it and its access log off
    (one line per request comes from the ops middleware instead)."""
    config: dict[str, Any] = copy.deepcopy(settings.LOGGING)
    level = config.get("root", {}).get("level", "INFO")
    loggers = config.setdefault("loggers", {})
    loggers["gunicorn.error"] = {"level": level, "handlers": [], "propagate": True}
    loggers["gunicorn.access"] = {"level": "CRITICAL", "handlers": [], "propagate": False}
    return config


def _metrics_folder() -> str:
    """The shared folder of the workers' figures, emptied of a previous run's files."""
    folder = os.environ.get(MULTIPROCESS_ENV) or tempfile.mkdtemp(prefix="ssrmonitor-metrics-")
    Path(folder).mkdir(parents=True, exist_ok=True)
    for stale in Path(folder).glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROCESS_ENV] = folder
    if "prometheus_client.values" in sys.modules:  # imported before: switch it to files
        from prometheus_client import values

        values.ValueClass = values.get_value_class()  # type: ignore[no-untyped-call]
    return folder


def _require_collected_static() -> None:
    """Hashed static files need ``collectstatic`` (``ssrmonitor upgrade`` runs it)."""
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if "Manifest" in backend and not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        raise CommandError(
            _("The static files are not collected into %(root)s: run `ssrmonitor upgrade` first.")
            % {"root": settings.STATIC_ROOT}
        )


class Command(BaseCommand):
    help = (
        "Run the production web server (gunicorn): workers and threads from SSRMONITOR_WORKERS "
        "and SSRMONITOR_THREADS, address from SSRMONITOR_BIND; HUP reloads gracefully."
    )
    # The checks run in handle(), after the metrics folder is set (see _metrics_folder).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        server: dict[str, Any] = settings.SSRMONITOR_SERVER
        parser.add_argument(
            "--bind",
            action="append",
            help=_("Address:port or unix:PATH to listen on, repeatable (default %(default)s).")
            % {"default": ",".join(server["bind"])},
        )
        parser.add_argument("--workers", type=int, default=server["workers"])
        parser.add_argument("--threads", type=int, default=server["threads"])
        parser.add_argument("--timeout", type=int, default=server["timeout"])

    def handle(self, *args: Any, **options: Any) -> None:
        _require_collected_static()
        _metrics_folder()
        self.check(display_num_errors=False)
        config = server_options(options)
        connections.close_all()  # no database connection is shared with the forked workers
        self.stdout.write(
            _("Serving SSR Monitor on %(bind)s with %(workers)s worker(s) × %(threads)s thread(s).")
            % {
                "bind": ", ".join(config["bind"]),
                "workers": config["workers"],
                "threads": config["threads"],
            }
        )
        self.stdout.flush()
        Server(config).run()


def server_options(options: dict[str, Any]) -> dict[str, Any]:
    """gunicorn's settings from ``SSRMONITOR_SERVER`` and the command's options."""
    server: dict[str, Any] = settings.SSRMONITOR_SERVER
    workers = max(1, int(options.get("workers") or server["workers"]))
    threads = max(1, int(options.get("threads") or server["threads"]))
    max_requests = int(server["max_requests"])
    return {
        "bind": options.get("bind") or server["bind"],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": int(options.get("timeout") or server["timeout"]),
        "graceful_timeout": int(server["graceful_timeout"]),
        "keepalive": int(server["keepalive"]),
        "max_requests": max_requests,
        "max_requests_jitter": max_requests // 10,
        "forwarded_allow_ips": server["forwarded_allow_ips"],
        "proc_name": "ssrmonitor",
        # gunicorn's control socket is one path per account: two servers would clash on it.
        "control_socket_disable": True,
        "logconfig_dict": log_config(),
        "errorlog": "-",
        "child_exit": _child_exit,
    }
