"""A chunk screened while its batch fails keeps no pairs: its write waits for the failure that
erases the others, then finds the batch ended (PostgreSQL's row locks).

Committed data and two connections are needed, so the test runs ``ssrmonitor shell`` on a fresh
database of its own (:mod:`ssrmonitor.testing.commands`) rather than in the suite's database,
whose append-only audit log a transactional test could not flush."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest

from ssrmonitor.testing.commands import own_database, run_command

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL's row locks",
    ),
]

RACE = """
import json, threading, time, uuid
from django.db import connection, connections, transaction
from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.permissions import Action
from ssrmonitor.testing import screening_world
from ssrmonitor.testing.factories import country
from ssrmonitor.vetting.models import ScreeningBatch, ScreeningChunk
from ssrmonitor.vetting.services import screening_chunks as chunks

actor = system_actor("lock test", [Action.EDIT_VETTING])
ht = country("HT")
screening_world.load(ht, actor, 20, 30)
batch = chunks.plan_screening(acting_user=actor, country=ht, job_id=uuid.uuid4(), chunk_size=500)
[chunk] = batch.chunks.all()
job = uuid.uuid4()
taken = chunks.claim_chunk(chunk.pk, job, "w1")
locked, blocked = threading.Event(), threading.Event()
waited = []

def fail():  # the screening job failing the batch, not committed yet
    try:
        with transaction.atomic():
            ScreeningBatch.objects.select_for_update().get(pk=batch.pk)
            chunks._end(batch, ScreeningBatch.State.FAILED, error="another part failed")
            locked.set()
            blocked.wait(20)
    finally:
        connections.close_all()

def watch():  # lets the failure commit once the chunk's write waits on a lock
    try:
        for _attempt in range(600):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                )
                if cursor.fetchone()[0]:
                    waited.append(True)
                    break
            time.sleep(0.05)
        blocked.set()
    finally:
        connections.close_all()

failing = threading.Thread(target=fail)
failing.start()
assert locked.wait(20)
watching = threading.Thread(target=watch)
watching.start()
chunks.screen_chunk(acting_user=actor, chunk=taken, job_id=job)
failing.join(20)
watching.join(20)
print(json.dumps({
    "waited": bool(waited),
    "hits": ScreeningChunk.objects.get(pk=chunk.pk).hits,
    "state": ScreeningBatch.objects.get(pk=batch.pk).state,
}))
"""


@pytest.fixture
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    home = tmp_path_factory.mktemp("locks") / "home"
    with own_database(home, settings="ssrmonitor.settings", label="locks") as values:
        yield values


def test_a_chunk_done_while_its_batch_fails_keeps_no_pairs(env: dict[str, str]) -> None:
    out = run_command(env, "shell", "-c", RACE, timeout=300)
    result = json.loads(out.strip().splitlines()[-1])
    assert result["waited"], "the chunk's write never waited for the failing batch's lock"
    assert result["hits"] is None
    assert result["state"] == "failed"
