"""A registry screening split into chunks on two real worker processes (issue 18, item 6): the
chunks are screened by both workers, and the run they merge into has exactly the hits of a
single-process run. Each test runs ``ssrmonitor`` commands on a database of its own (a SQLite
file, or a fresh PostgreSQL database when the suite runs on PostgreSQL), on the database queue."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from ssrmonitor.testing.commands import command, own_database, run_command

pytestmark = pytest.mark.slow

LISTED, OTHERS, CHUNK = 450, 800, 150  # 1,700 persons in about 11 chunks

SETUP = f"""
from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.permissions import Action
from ssrmonitor.testing import screening_world
from ssrmonitor.testing.factories import country
actor = system_actor("chunk test", [Action.EDIT_VETTING])
print(list(screening_world.load(country("HT"), actor, {LISTED}, {OTHERS})))
"""
WAIT_FOR_WORKERS = """
import time
from ssrmonitor.core.models import WorkerHeartbeat
end = time.monotonic() + 120
while WorkerHeartbeat.objects.count() < 2 and time.monotonic() < end:
    time.sleep(0.2)
print(WorkerHeartbeat.objects.count())
"""
SCREEN = f"""
import json, time
from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.jobs.services import submit_job
from ssrmonitor.core.models import Job
from ssrmonitor.core.permissions import Action
from ssrmonitor.testing.factories import country
from ssrmonitor.vetting.models import Case, ScreeningBatch
actor = system_actor("chunk test", [Action.EDIT_VETTING])
job = submit_job(acting_user=actor, kind="vetting.screen_registry", country=country("HT"),
                 work_key="HT", params={{"chunk_size": {CHUNK}}})
end = time.monotonic() + 600
while job.state in ("queued", "running") and time.monotonic() < end:
    time.sleep(0.3)
    job.refresh_from_db()
batch = ScreeningBatch.objects.get(job_id=job.pk)
cases = [
    {{"person": c.person_id, "record": c.record_id, "score": c.score, "band": str(c.band),
      "posterior": c.explanation[-1]["posterior"]}}
    for c in Case.objects.filter(run=batch.run)
]
print(json.dumps({{
    "state": job.state, "error": job.error, "done": job.done, "total": job.total,
    "worker": job.worker_id, "chunks": batch.chunk_count, "batch": batch.state,
    "chunk_workers": list(batch.chunks.values_list("worker_id", flat=True)),
    "cases": sorted(cases, key=lambda r: (r["person"], r["record"])),
}}))
"""
SINGLE = """
import json
from ssrmonitor.testing import screening_world
from ssrmonitor.testing.factories import country
from ssrmonitor.vetting.entries import person_entry
from ssrmonitor.vetting.models import Person
from ssrmonitor.vetting.services import screening
ht = country("HT")
entries = [person_entry(p) for p in Person.objects.filter(country=ht).order_by("pk")]
print(json.dumps(screening_world.hit_rows(list(screening.screener_for(ht).screen(entries)))))
"""


@pytest.fixture
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment of the commands: their own home and database, the database queue."""
    home = tmp_path_factory.mktemp("chunks") / "home"
    with own_database(home, settings="ssrmonitor.settings", label="chunks") as values:
        yield values


def _command(*args: str) -> list[str]:
    return command(*args)


def _run(env: dict[str, str], *args: str, timeout: int = 300) -> str:
    return run_command(env, *args, timeout=timeout)


def _shell(env: dict[str, str], script: str, timeout: int = 300) -> Any:
    out = _run(env, "shell", "-c", script, timeout=timeout)
    return json.loads(out.strip().splitlines()[-1])


def test_two_workers_screen_the_chunks_and_merge_the_hits_of_a_single_process_run(
    env: dict[str, str],
) -> None:
    assert _shell(env, SETUP) == [2 * LISTED + OTHERS, LISTED]
    workers = [
        subprocess.Popen(  # noqa: S603 (our own command)
            _command("worker", "--interval", "0.1"),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        assert _shell(env, WAIT_FOR_WORKERS) == 2
        result = _shell(env, SCREEN, timeout=660)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.communicate()
    assert result["state"] == "succeeded", result["error"]
    assert result["batch"] == "merged" and result["chunks"] >= 8
    assert (result["done"], result["total"]) == (result["chunks"], result["chunks"])
    # Both workers screened chunks: the one running the screening job took the chunks that
    # waited longest; the other took chunk jobs from the queue.
    assert len(set(result["chunk_workers"])) == 2, (result["worker"], result["chunk_workers"])

    single = _shell(env, SINGLE)
    merged = result["cases"]
    assert len(single) > 400
    assert [(r["person"], r["record"], r["score"], r["band"]) for r in merged] == [
        (r["person"], r["record"], r["score"], r["band"]) for r in single
    ]
    for mine, theirs in zip(merged, single, strict=True):
        assert mine["posterior"] == pytest.approx(theirs["posterior"], abs=1e-6)
    _run(env, "verify_audit_chain")
