"""``jobtest.slow_write``: writes two organisations in one transaction, pausing between them.

On its first attempt it writes the first row, leaves a marker file (``params["marker"]``) and
waits (``params["pause"]`` seconds) inside the transaction, so that a test can kill the worker
with the write half done; later attempts do not wait. ``jobtest.once`` is the same work that may
not be run again after its worker died.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.db import transaction

from ssrmonitor.core.jobs.context import JobContext
from ssrmonitor.core.jobs.registry import JobKind
from ssrmonitor.core.models import Organisation


def slow_write(ctx: JobContext) -> None:
    prefix = str(ctx.params["prefix"])
    ctx.progress(1, 3, "Preparing")
    ctx.job.refresh_from_db(fields=["attempts"])
    first_attempt = ctx.job.attempts == 1
    ctx.progress(2, 3, "Writing")
    with transaction.atomic():
        Organisation.objects.create(name=f"{prefix} one")
        if first_attempt:
            Path(str(ctx.params["marker"])).write_text("inside the transaction")
            time.sleep(float(ctx.params.get("pause", 30)))
        Organisation.objects.create(name=f"{prefix} two")
    ctx.link_result("/", f"{prefix}: two organisations written")


SLOW_WRITE = JobKind(name="jobtest.slow_write", run=slow_write, action=None, title="Slow write")
ONCE = JobKind(
    name="jobtest.once",
    run=slow_write,
    action=None,
    title="Slow write, once",
    retry_when_lost=False,
)
