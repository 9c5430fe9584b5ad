"""``ssrmonitor worker``: run background jobs (imports, screening, reports, big exports)."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger("ssrmonitor.jobs")

BEAT_EVERY = 10.0  # seconds between two heartbeats; lost jobs are looked for every 6 beats


class Heart(threading.Thread):
    """Beats for this worker and, now and then, hands lost jobs back to the queue."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="ssrmonitor-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        from ssrmonitor.core.jobs.heartbeat import beat, recover_lost_jobs

        beats = 0
        while not self.stopping.is_set():
            try:
                beat(self.worker_id, self.started_at)
                if beats % 6 == 0:
                    for job in recover_lost_jobs():
                        logger.warning("lost job %s is now %s", job.pk, job.state)
            except DatabaseError:
                logger.warning("heartbeat not written (database busy or away)", exc_info=True)
            finally:
                close_old_connections()
                connection.close()
            beats += 1
            self.stopping.wait(BEAT_EVERY)


class Command(BaseCommand):
    help = (
        "Run background jobs from the queue set by SSRMONITOR_JOB_QUEUE (database by default, "
        "or rq). Run one or more beside `ssrmonitor serve`; each beats every 10 s, so /readyz "
        "can tell a worker is alive, and hands back the jobs of a worker that died."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Run the jobs waiting now, then stop."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between two looks at an empty database queue (default 1).",
        )
        parser.add_argument("--max-jobs", type=int, default=None, help="Stop after this many jobs.")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        from ssrmonitor.core.jobs.heartbeat import forget
        from ssrmonitor.core.jobs.runner import set_worker_id

        worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"[:64]
        set_worker_id(worker_id)
        heart = Heart(worker_id)
        heart.start()
        queue = settings.SSRMONITOR_JOB_QUEUE
        self.stdout.write(f"Worker {worker_id} on the {queue} queue.")
        try:
            if queue == "database":
                self._database(worker_id, options)
            elif queue == "rq":
                rq_options: dict[str, Any] = {
                    "burst": options["batch"],
                    "job_class": "django_tasks_rq.Job",
                    # Jobs run in this process, as on the database queue. RQ's default worker
                    # forks a child per job, and forking while the heartbeat thread is writing
                    # to the database can leave the child with a half-used connection: the job
                    # then dies before it starts and stays queued (seen on a loaded CI machine).
                    "worker_class": "rq.worker.SimpleWorker",
                }
                if options["max_jobs"]:
                    rq_options["max_jobs"] = options["max_jobs"]
                call_command("rqworker", settings.SSRMONITOR_RQ_QUEUE, **rq_options)
            else:
                raise CommandError(f"The {queue} queue runs jobs at once; it needs no worker.")
        finally:
            heart.stopping.set()
            heart.join(timeout=5)
            forget(worker_id)

    def _database(self, worker_id: str, options: dict[str, Any]) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=["default"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=False,
            max_tasks=options["max_jobs"],
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
