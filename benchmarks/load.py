"""Figures under load: signed-in journeys against the production server, PostgreSQL and SQLite.

Usage (from the repository root, venv active, ``pip install -e '.[test,bench]'``)::

    # prepare once per database (demo + scale data; minutes), then measure both side by side
    python benchmarks/load.py --prepare --targets postgres,sqlite
    python benchmarks/load.py --targets postgres,sqlite --users 50 --duration 120
    python benchmarks/load.py --scale 0.05 --prepare --duration 30   # a quick small run
    python benchmarks/load.py --prepare-only   # build only (busy machine), measure later

For each target it (1) prepares, when asked, a database under ``--home``/<target> (PostgreSQL:
``--postgres``, dropped and created): ``ssrmonitor demo --no-serve``, then
``ssrmonitor generate_scale_data --scale S``, keeping the demo accounts' passwords, printed once
by the demo, in ``accounts.json`` beside the database (a home prepared before is migrated
instead, so that it holds what this version stores, e.g. each indicator's progress); (2)
requests each page of the mix once in a separate process and counts its SQL queries
(``load_pages.py``); (3) starts the production server (``ssrmonitor serve`` with ``--workers``
workers; gunicorn on ``ssrmonitor.wsgi`` with the same settings when that command is not
installed); (4) signs each demo account in through
the real sign-in form and, where required, the second factor (the current code of its
authenticator, read with ``ssrmonitor totp_code``); (5) runs locust, as a library, headless:
``--users`` simulated users with 1–3 s think time (``load_journeys.py``) for ``--duration``
seconds after a ramp, then (6) steps the user count up (``--steps``) until p95 > 300 ms or a
request fails: the saturation throughput is the highest rate of a step that kept both.

Settings changed for the run, and why: ``SSRMONITOR_API_RATE_USER=off`` (the simulated users
of a persona share one account, whose 600 requests/min would otherwise be throttled, as they
would not be for 50 people), ``ALLOWED_HOSTS=127.0.0.1``. Nothing else: the second factor is
passed for real, with DEBUG off.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from gevent import monkey

monkey.patch_all()

import gevent  # noqa: E402
import load_journeys  # noqa: E402
from locust.env import Environment  # noqa: E402

HERE = Path(__file__).resolve().parent
GOAL_MS = 300
PASSWORD = re.compile(r"^\s+(demo-[\w-]+)\s+(\S+)\s+\(", re.MULTILINE)


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def environment(target: str, args: argparse.Namespace) -> dict[str, str]:
    env = {
        **os.environ,
        "SSRMONITOR_HOME": str(args.home / target),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SSRMONITOR_API_RATE_USER": "off",
        "SSRMONITOR_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    if target == "postgres":
        env["DATABASE_URL"] = args.postgres
    return env


def ssrmonitor(env: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(
        ["ssrmonitor", *arguments], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"ssrmonitor {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def prepare(target: str, env: dict[str, str], args: argparse.Namespace) -> None:
    home = Path(env["SSRMONITOR_HOME"])
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    if target == "postgres":
        import psycopg

        base, name = args.postgres.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    start = time.perf_counter()
    out = ssrmonitor(env, "demo", "--no-serve")
    accounts = dict(PASSWORD.findall(out))
    (home / "accounts.json").write_text(json.dumps(accounts))
    demo_s = time.perf_counter() - start
    start = time.perf_counter()
    scale = ssrmonitor(env, "generate_scale_data", "--scale", str(args.scale)).strip()
    say(f"{target}: demo {demo_s:.0f} s; {scale} (wall {time.perf_counter() - start:.0f} s)")


def child(env: dict[str, str], *arguments: str) -> None:
    subprocess.run([sys.executable, str(HERE / "load_pages.py"), *arguments], env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    env: dict[str, str], port: int, workers: int
) -> tuple[subprocess.Popen[bytes], str]:
    """``ssrmonitor serve`` when installed, else gunicorn with the same workers."""
    has_serve = (
        subprocess.run(
            ["ssrmonitor", "help", "serve"], env=env, capture_output=True, check=False
        ).returncode
        == 0
    )
    if has_serve:
        command = ["ssrmonitor", "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    else:
        command = [
            sys.executable, "-m", "gunicorn", "ssrmonitor.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning",
            "--timeout", "120",
        ]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    warm_up(f"http://127.0.0.1:{port}", workers)
    return server, "ssrmonitor serve" if has_serve else "gunicorn (serve not installed)"


def warm_up(host: str, workers: int) -> None:
    """Wait until the server answers, then request the sign-in page once per worker or so
    (a worker's first request imports and compiles what the others have already)."""
    import requests

    for _ in range(600):
        try:
            if requests.get(f"{host}/healthz", timeout=120).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.5)
    for _ in range(workers * 3):
        requests.get(f"{host}/accounts/login/", timeout=300)


def sign_in(host: str, env: dict[str, str], username: str, password: str) -> dict[str, str]:
    """The real sign-in form, then the second factor when the account needs one."""
    import requests

    session = requests.Session()
    page = session.get(f"{host}/accounts/login/", timeout=300)
    token = load_journeys.CSRF.search(page.text)
    assert token is not None, page.text[:500]
    form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    referer = {"Referer": page.url}
    answer = session.post(f"{host}/accounts/login/", data=form, headers=referer, timeout=300)
    if "/accounts/mfa/verify/" in answer.url:
        token = load_journeys.CSRF.search(answer.text)
        assert token is not None
        code = ssrmonitor(env, "totp_code", username).strip()
        form = {"csrfmiddlewaretoken": token.group(1), "otp_token": code, "code": code}
        referer = {"Referer": answer.url}
        answer = session.post(answer.url, data=form, headers=referer, timeout=300)
    if "/accounts/" in answer.url:
        raise SystemExit(f"{username}: sign-in did not complete ({answer.url})")
    return dict(session.cookies.get_dict())


def run_users(host: str, users: int, ramp_s: float, seconds: float) -> dict[str, Any]:
    """``users`` simulated users for ``seconds`` after a ramp; the step's figures."""
    env = Environment(user_classes=load_journeys.USERS, host=host)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=max(1.0, users / ramp_s))
    gevent.sleep(ramp_s + 2)
    env.stats.reset_all()
    start = time.perf_counter()
    gevent.sleep(seconds)
    elapsed = time.perf_counter() - start
    figures = summary(env, elapsed, users)
    runner.quit()
    return figures


def summary(env: Environment, elapsed: float, users: int) -> dict[str, Any]:
    total = env.stats.total
    pages = {
        name: {
            "count": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "max": entry.max_response_time,
        }
        for (name, _method), entry in env.stats.entries.items()
    }
    errors: dict[str, int] = {}
    for error in env.stats.errors.values():
        message = re.sub(r"/\d+/", "/N/", f"{error.name}: {error.error}")[:160]
        errors[message] = errors.get(message, 0) + error.occurrences
    return {
        "users": users,
        "seconds": round(elapsed),
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": round(total.num_requests / elapsed, 1),
        "p50": total.get_response_time_percentile(0.5),
        "p95": total.get_response_time_percentile(0.95),
        "p99": total.get_response_time_percentile(0.99),
        "pages": pages,
        "errors": errors,
    }


def measure(target: str, args: argparse.Namespace) -> dict[str, Any]:
    env = environment(target, args)
    home = Path(env["SSRMONITOR_HOME"])
    if args.prepare or not (home / "accounts.json").exists():
        prepare(target, env, args)
    else:  # a home prepared by an earlier version: its migrations (and their backfills) first
        ssrmonitor(env, "migrate", "--no-input")
    child(env, "targets", str(home / "targets.json"))
    load_journeys.TARGETS.clear()
    load_journeys.TARGETS.update(json.loads((home / "targets.json").read_text()))
    if not (args.reuse_queries and (home / "queries.json").exists()):
        child(env, "queries", str(home / "targets.json"), str(home / "queries.json"))
    port = free_port()
    server, kind = start_server(env, port, args.workers)
    host = f"http://127.0.0.1:{port}"
    try:
        accounts = json.loads((home / "accounts.json").read_text())
        for persona, username in load_journeys.ACCOUNTS.items():
            load_journeys.SESSIONS[persona] = sign_in(host, env, username, accounts[username])
        say(f"{target}: {kind}, {args.workers} workers, signed in; {args.users} users ...")
        main = run_users(host, args.users, args.ramp, args.duration)
        say(f"{target}: {args.users} users: p50 {main['p50']} p95 {main['p95']} p99 "
            f"{main['p99']} ms, {main['rps']} req/s, {main['failures']} errors")  # fmt: skip
        steps = []
        for users in args.steps:
            step = run_users(host, users, args.ramp, args.step_duration)
            steps.append(step)
            say(f"{target}: step {users} users: p95 {step['p95']} ms, {step['rps']} req/s, "
                f"{step['failures']} errors")  # fmt: skip
            if step["p95"] > GOAL_MS or step["failures"]:
                break
    finally:
        server.terminate()
        server.wait(timeout=60)
    queries = json.loads((home / "queries.json").read_text())
    result = {"target": target, "server": kind, "main": main, "steps": steps, "queries": queries}
    (home / "result.json").write_text(json.dumps(result, indent=1))
    return result


def saturation(result: dict[str, Any]) -> str:
    good = [
        s for s in [result["main"], *result["steps"]] if s["p95"] <= GOAL_MS and not s["failures"]
    ]
    if not good:
        return "below the first step"
    best = max(good, key=lambda s: s["rps"])
    return f"{best['rps']} req/s ({best['users']} users)"


def report(results: list[dict[str, Any]]) -> None:
    names = [r["target"] for r in results]
    users = results[0]["main"]["users"]
    say(f"\n| at {users} users, 1–3 s think time | {' | '.join(names)} |")
    say("|---|" + "---|" * len(names))
    rows = [("p50 ms", "p50"), ("p95 ms", "p95"), ("p99 ms", "p99"), ("requests/s", "rps"),
            ("requests", "requests"), ("errors", "failures")]  # fmt: skip
    for label, key in rows:
        say(f"| {label} | " + " | ".join(str(r["main"][key]) for r in results) + " |")
    say(
        "| saturation (p95 ≤ 300 ms, no error) | "
        + " | ".join(saturation(r) for r in results)
        + " |"
    )
    for r in results:
        steps = ", ".join(f"{s['users']} users: {s['rps']} req/s p95 {s['p95']} ms"
                          f"{' errors ' + str(s['failures']) if s['failures'] else ''}"
                          for s in r["steps"])  # fmt: skip
        say(f"| steps, {r['target']} | {steps} |" + " |" * (len(names) - 1))
    say(
        "\n| page (single warm request) | "
        + " | ".join(f"{n} ms | {n} queries | {n} p95 under load" for n in names)
        + " |"
    )
    say("|---|" + "---|---|---|" * len(names))
    by_name = [{q["name"]: q for q in r["queries"]} for r in results]
    order = sorted(by_name[0], key=lambda n: -by_name[0][n]["ms"])
    for name in order:
        cells = []
        for r, queries in zip(results, by_name, strict=True):
            q = queries.get(name, {})
            load = r["main"]["pages"].get(name, {})
            cells.append(f"{q.get('ms', '')} | {q.get('queries', '')} | {load.get('p95', '')}")
        say(f"| {name} | " + " | ".join(cells) + " |")
    for r in results:
        if r["main"]["errors"]:
            say(f"\n{r['target']} errors: {json.dumps(r['main']['errors'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--targets", default="postgres,sqlite")
    parser.add_argument("--home", type=Path, default=Path("/tmp/ssrmonitor-load"))
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/bench_load")
    parser.add_argument("--prepare", action="store_true", help="(re)build the databases")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--ramp", type=float, default=10, help="seconds to start the users")
    parser.add_argument("--duration", type=float, default=120, help="seconds measured")
    parser.add_argument("--steps", type=lambda text: [int(v) for v in text.split(",") if v],
                        default=[100, 150, 200, 300])  # fmt: skip
    parser.add_argument("--step-duration", type=float, default=45)
    parser.add_argument(
        "--reuse-queries", action="store_true", help="keep the query counts of the last run"
    )
    parser.add_argument(
        "--report-only", action="store_true", help="print the last runs' results side by side"
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="build the databases, measure nothing"
    )
    args = parser.parse_args()
    targets = args.targets.split(",")
    if args.prepare_only:  # the long part, on a busy machine; the measuring later, on a quiet one
        for target in targets:
            prepare(target, environment(target, args), args)
        return
    if args.report_only:
        results = [json.loads((args.home / t / "result.json").read_text()) for t in targets]
    else:
        results = [measure(target, args) for target in targets]
    say(f"\n`python benchmarks/load.py {' '.join(sys.argv[1:])}`")
    report(results)


if __name__ == "__main__":
    main()
