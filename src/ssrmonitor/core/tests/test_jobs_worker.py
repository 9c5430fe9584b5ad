"""Real worker processes: a worker killed with ``kill -9`` in the middle of a job's write leaves
the data as before the job, and the next worker hands the job back to the queue and finishes it;
the RQ queue on Redis runs jobs too. Each test runs ``ssrmonitor`` commands on a database of its
own (a SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ssrmonitor.testing.commands import command, own_database, run_command

SUBMIT = """
import json
from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.jobs.services import submit_job
job = submit_job(acting_user=system_actor("worker test", []), kind="jobtest.slow_write",
                 country=None, work_key={params}["prefix"], params={params})
print(job.pk)
"""
STATE = """
import json
from ssrmonitor.core.models import Job, Organisation
job = Job.objects.get(params__prefix="{prefix}")
print(json.dumps({{"state": job.state, "attempts": job.attempts, "error": job.error,
    "message": job.message, "rows": sorted(Organisation.objects.filter(
    name__startswith="{prefix}").values_list("name", flat=True))}}))
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment of the commands: their own home and database, the database queue."""
    home = tmp_path_factory.mktemp("jobs") / "home"
    with own_database(home, settings="ssrmonitor.testing.settings_jobs", label="jobs") as values:
        yield values


_command = command


def _run(env: dict[str, str], *args: str) -> str:
    return run_command(env, *args)


def _state(env: dict[str, str], prefix: str) -> dict[str, object]:
    out = _run(env, "shell", "-c", STATE.format(prefix=prefix))
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _wait(predicate: object, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_worker_killed_mid_write_loses_nothing_and_the_job_is_finished_by_the_next(
    env: dict[str, str], tmp_path: Path
) -> None:
    marker = tmp_path / "inside"
    params = {"prefix": "Killed", "marker": str(marker), "pause": 60}
    _run(env, "shell", "-c", SUBMIT.format(params=repr(params)))
    first = subprocess.Popen(  # noqa: S603 (our own command)
        _command("worker", "--interval", "0.2"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(marker.exists, 90, "the job to be inside its transaction")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    after_kill = _state(env, "Killed")
    assert after_kill["state"] == "running" and after_kill["rows"] == []

    time.sleep(1.5)  # the dead worker's last heartbeat is now older than the limit below
    second = subprocess.run(  # noqa: S603 (our own command)
        _command("worker", "--interval", "0.2", "--max-jobs", "1"),
        env=env | {"SSRMONITOR_JOB_STALE_AFTER": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert second.returncode == 0, second.stderr[-3000:]
    finished = _state(env, "Killed")
    assert finished["state"] == "succeeded", finished
    assert finished["attempts"] == 2
    assert finished["rows"] == ["Killed one", "Killed two"]
    _run(env, "verify_audit_chain")


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")
def test_the_rq_queue_on_redis_runs_jobs(env: dict[str, str], tmp_path: Path) -> None:
    import redis

    # A queue of its own: another run of this suite on the same Redis (a second CI job, the
    # PostgreSQL pass) neither takes this run's job nor loses its own.
    database = 13
    queue = f"ssrm-test-{uuid.uuid4().hex[:12]}"
    rq_env = env | {
        "SSRMONITOR_JOB_QUEUE": "rq",
        "SSRMONITOR_REDIS_URL": f"redis://127.0.0.1:6379/{database}",
        "SSRMONITOR_RQ_QUEUE": queue,
    }
    params = {"prefix": "Queued", "marker": str(tmp_path / "m"), "pause": 0}
    try:
        _run(rq_env, "shell", "-c", SUBMIT.format(params=repr(params)))
        assert _state(rq_env, "Queued")["state"] == "queued"
        assert redis.Redis(db=database).llen(f"rq:queue:{queue}") == 1
        _run(rq_env, "worker", "--batch")
        finished = _state(rq_env, "Queued")
        assert finished["state"] == "succeeded", finished
        assert finished["rows"] == ["Queued one", "Queued two"]
    finally:
        connection = redis.Redis(db=database)
        for key in connection.scan_iter(f"*{queue}*"):
            connection.delete(key)


def test_two_workers_share_the_queue_and_run_each_job_once(
    env: dict[str, str], tmp_path: Path
) -> None:
    prefixes = [f"Shared{n}" for n in range(4)]
    for prefix in prefixes:
        params = {"prefix": prefix, "marker": str(tmp_path / prefix), "pause": 0}
        _run(env, "shell", "-c", SUBMIT.format(params=repr(params)))
    workers = [
        subprocess.Popen(  # noqa: S603 (our own command)
            _command("worker", "--batch", "--interval", "0.1"),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err[-3000:]
    for prefix in prefixes:
        state = _state(env, prefix)
        assert state["state"] == "succeeded" and state["attempts"] == 1, state
        assert state["rows"] == [f"{prefix} one", f"{prefix} two"]
