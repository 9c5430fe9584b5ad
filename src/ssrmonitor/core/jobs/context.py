"""What a running job's work sees: its parameters, who it acts for, and how to report.

Progress is written to the job row as the work goes, at most twice a second. Inside the work's
transaction (an import is one), a write on the same connection would not be seen by the page
polling it until the end: on PostgreSQL progress goes through a second connection (the
``jobs`` database alias the settings add); on SQLite, whose one writer holds the lock, it waits
for the end, so work should say what it is about to write before its atomic part.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection
from django.utils import timezone

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country, Job

PROGRESS_EVERY = 0.5  # seconds between two writes of progress
PROGRESS_DATABASE = "jobs"


def _progress_database() -> str | None:
    """Where progress can be written now: the work's own connection outside a transaction;
    inside one, PostgreSQL's second connection (``DATABASES["jobs"]``), or nowhere."""
    if not connection.in_atomic_block:
        return DEFAULT_DB_ALIAS
    return PROGRESS_DATABASE if PROGRESS_DATABASE in settings.DATABASES else None


class JobCancelled(Exception):
    """The job was taken away from this worker (marked lost and queued again, or failed)."""


@dataclass
class JobContext:
    """Given to a job kind's ``run``: ``params``, ``actor`` (the owner), ``country``."""

    job: Job
    actor: Actor
    _last_write: float = field(default=0.0)

    @property
    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = self.job.params
        return params

    @property
    def country(self) -> Country | None:
        return self.job.country

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        """Record ``done`` of ``total`` with a short message (no personal data)."""
        self.job.done = max(0, int(done))
        if total is not None:
            self.job.total = max(0, int(total))
        if message:
            self.job.message = message[:500]
        now = time.monotonic()
        alias = _progress_database()
        if alias is None or now - self._last_write < PROGRESS_EVERY:
            return
        self._last_write = now
        self._write_progress(alias)

    def _write_progress(self, alias: str = DEFAULT_DB_ALIAS) -> None:
        fields = {
            "done": self.job.done,
            "total": self.job.total,
            "message": self.job.message,
            "heartbeat_at": timezone.now(),
        }
        # Only while the job is still this worker's: a job taken as lost stops here.
        mine = (
            Job.objects.using(alias)
            .filter(pk=self.job.pk, state="running", worker_id=self.job.worker_id)
            .update(**fields)
        )
        if not mine:
            raise JobCancelled(str(self.job.pk))

    def save_result(self, name: str, content: bytes, content_type: str) -> None:
        """Keep ``content`` as the job's result file, offered to its owner as ``name``."""
        self.job.result_file.save(f"{self.job.pk}", ContentFile(content), save=False)
        self.job.result_name = name[:200]
        self.job.result_content_type = content_type[:120]

    def add_fact(self, label: str, value: object) -> None:
        """A figure of the result, shown on the job's page (``"Created", 12``)."""
        self.job.result_facts = [*self.job.result_facts, [str(label), str(value)]]

    def add_notes(self, notes: list[str], limit: int = 50) -> None:
        """Notes on the result (warnings), the first ``limit`` kept (no personal data)."""
        self.job.result_notes = [*self.job.result_notes, *(str(n)[:500] for n in notes)][:limit]

    def link_result(self, url: str, label: str) -> None:
        """Point the finished job at a page (the screening run, the imported file…)."""
        self.job.result_url = url[:500]
        self.job.result_label = label[:300]
