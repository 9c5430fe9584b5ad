"""Benchmark of IATI parsing and import: raw lxml iterparse vs iatikit vs SSR Monitor's import.

Usage (from the repository root, with the venv active and ``pip install -e .[bench]``)::

    python benchmarks/iati_import.py                     # real files + a >= 500 MB file
    python benchmarks/iati_import.py --size-mb 50        # a smaller large file, for a quick run
    python benchmarks/iati_import.py --postgres postgres://postgres@127.0.0.1:5432/bench_iati
    python benchmarks/iati_import.py --repeat 5          # more rounds on a noisy machine
    python benchmarks/iati_import.py --skip-sqlite       # PostgreSQL only (with --postgres)
    git worktree add /tmp/before HEAD~3 && python benchmarks/iati_import.py --before /tmp/before

It reads the real files of ``../shared/data/iati/activities/`` and builds, in a temporary
folder, one large IATI 2.03 file made of copies of every real 2.0x activity (identifiers made
unique with a ``-BENCH<n>`` suffix). Each measurement runs in its own child process, which
times its own work (the parse loop, or the ``import_iati_file`` calls: not the start of Python
and Django, about 1.5 s, given apart as ``process_s``); MB/s and shares use that time. Peak RSS
is the peak of the *sum* of the resident memory of the child and of every process it starts
(the importer's parser processes), sampled every 20 ms from ``/proc``; PostgreSQL's own server
processes are not counted.

The parse limit, the SQLite import and the PostgreSQL import are measured ``--repeat`` times
(default 3) in rounds, one of each per round, so that a slow spell of a shared machine weighs on
all of them alike (the imports in turn in one order, then in the other); the table gives the
median time, and the import's share of the parse limit is the median over the rounds of (raw
time ÷ import time) within the same round. Modes:

* ``raw``: ``lxml.etree.iterparse`` over ``iati-activity`` elements with lxml's default
  options, clearing as it goes (the parse limit the goal refers to);
* ``raw-importer-options``: the same with the importer's parser options (no comments, no
  processing instructions, no whitespace-only text nodes), printed for transparency: the
  importer's own parse is that much cheaper than the parse limit;
* ``iatikit``: ``iatikit.Dataset(path).activities`` and each activity's identifier and sectors
  (read from its element: iatikit's own ``sector`` needs codelists downloaded from the network);
  it loads each whole file into memory (``huge_tree``), so the child runs under an address-space
  limit and a failure is reported, not hidden;
* ``sqlite`` / ``postgres``: ``import_iati_file`` (the product's import: SSR filter on, one
  transaction per file, upsert, audit, parser processes as the product chooses them, and for
  several small files the parser process that reads the next files ahead, as
  ``ssrmonitor import_iati`` does) into an empty, migrated database.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "iati" / "activities"
SSR = {"15210", "15220", "15230", "15240", "15250", "15261", "15130", "15170", "15180"}
IATIKIT_MEMORY_LIMIT = 8 * 1024**3
IDENTIFIER = re.compile(rb"<iati-identifier>\s*([^<]*?)\s*</iati-identifier>")


# --- children ---------------------------------------------------------------------------------


IMPORTER_OPTIONS = {"remove_comments": True, "remove_pis": True, "remove_blank_text": True}


def child_raw(files: list[str], options: dict[str, bool] | None = None) -> dict[str, Any]:
    from lxml import etree

    count = 0
    start = time.perf_counter()
    for name in files:
        for _event, element in etree.iterparse(
            name,
            events=("end",),
            tag="iati-activity",
            resolve_entities=False,
            no_network=True,
            **(options or {}),
        ):
            count += 1
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    return {"activities": count, "work_seconds": time.perf_counter() - start}


def child_iatikit(files: list[str]) -> dict[str, Any]:
    import iatikit

    resource.setrlimit(resource.RLIMIT_AS, (IATIKIT_MEMORY_LIMIT, IATIKIT_MEMORY_LIMIT))
    count = without_id = ssr = 0
    failed: list[str] = []
    start = time.perf_counter()
    for name in files:
        try:
            for activity in iatikit.Dataset(name).activities:
                count += 1
                if not activity.iati_identifier:
                    without_id += 1
                codes = {s.get("code") for s in activity.etree.iter("sector")}
                ssr += bool(codes & SSR)
        except (MemoryError, Exception) as exc:
            failed.append(f"{Path(name).name}: {type(exc).__name__}")
    return {
        "activities": count,
        "without_identifier": without_id,
        "ssr": ssr,
        "failed": failed,
        "work_seconds": time.perf_counter() - start,
    }


def reading_ahead(paths: list[Path], selection: Any) -> Any:
    """The product's read-ahead of a folder's files; none in a checkout without it (--before)."""
    try:
        from ssrmonitor.support.iati.folder import reading_ahead as ahead
    except ImportError:
        return contextlib.nullcontext(None)
    return ahead(paths, selection)


def child_import(files: list[str], migrate_only: bool) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssrmonitor.settings")
    django.setup()
    if migrate_only:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, stdout=io.StringIO())
        call_command("load_reference", verbosity=0, stdout=io.StringIO())
        return {}
    from ssrmonitor.core.actors import system_actor
    from ssrmonitor.core.permissions import Action
    from ssrmonitor.support.iati.errors import RecordError
    from ssrmonitor.support.iati.importer import Selection
    from ssrmonitor.support.iati.pipeline import parser_count
    from ssrmonitor.support.services.imports import import_iati_file

    operator = system_actor("benchmark", [Action.IMPORT_SUPPORT])

    seen = kept = refused = 0
    parsers = max(parser_count(Path(name)) for name in files)
    paths = [Path(name) for name in files]
    start = time.perf_counter()
    with reading_ahead(paths, Selection()) as ahead:  # as `ssrmonitor import_iati` does
        extra = {"ahead": ahead} if ahead is not None else {}
        for path in paths:
            try:
                summary = import_iati_file(path, acting_user=operator, **extra)
            except RecordError:
                refused += 1
                continue
            seen += summary.seen
            kept += summary.kept
    return {
        "activities": seen,
        "kept": kept,
        "refused_files": refused,
        "parsers": parsers,
        "work_seconds": time.perf_counter() - start,
    }


# --- parent -----------------------------------------------------------------------------------


class TreeMemory(threading.Thread):
    """Samples the summed resident memory of a process and all its descendants (Linux)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.running = True
        self.page = os.sysconf("SC_PAGE_SIZE")

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, sum(self.rss(pid) for pid in self.tree(self.pid)))
            time.sleep(0.02)

    def tree(self, pid: int) -> list[int]:
        found = [pid]
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in children:
                found.extend(self.tree(int(child)))
        return found

    def rss(self, pid: int) -> int:
        try:
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self.page
        except (OSError, IndexError, ValueError):
            return 0


def run_child(mode: str, files: list[Path], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one measurement in a child process: wall time, peak RSS and the child's counts."""
    command = [sys.executable, __file__, "--child", mode, *map(str, files)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, env={**os.environ, **(env or {})})
    memory = TreeMemory(process.pid)
    memory.start()
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    memory.running = False
    memory.join()
    lines = output.strip().splitlines() or [b"{}"]
    result: dict[str, Any] = json.loads(lines[-1]) if status == 0 else {"error": status}
    result["process_s"] = round(seconds, 1)  # with the start of Python (and Django)
    result["seconds"] = result.pop("work_seconds", seconds)
    result["peak_rss_mb"] = max(memory.peak, usage.ru_maxrss * 1024) / 1024**2
    return result


def build_large(files: list[Path], target_mb: int, folder: Path) -> Path:
    """One IATI 2.03 file of at least ``target_mb`` MB made of copies of the real activities."""
    from lxml import etree

    activities: list[bytes] = []
    for path in files:
        for _event, element in etree.iterparse(
            str(path), events=("end",), tag="iati-activity", resolve_entities=False, no_network=True
        ):
            activities.append(etree.tostring(element))
            element.clear()
    large = folder / "large.xml"
    with large.open("wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n')
        copy = 0
        while handle.tell() < target_mb * 1_000_000:
            copy += 1
            suffix = f"-BENCH{copy}".encode()
            for activity in activities:
                replacement = b"<iati-identifier>\\1" + suffix + b"</iati-identifier>"
                handle.write(IDENTIFIER.sub(replacement, activity, count=1))
                handle.write(b"\n")
        handle.write(b"</iati-activities>\n")
    return large


def fresh_postgres(url: str, template: str = "") -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        clone = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{name}"{clone}')


def template_url(postgres: str, kind: str) -> str:
    return f"{postgres}_template_{kind.replace('-', '_')}"


TEMPLATES: dict[str, Path] = {}  # kind → a migrated home (and PostgreSQL template database)


def migrated(kind: str, folder: Path, postgres: str, env: dict[str, str]) -> Path:
    """A home (and a database ``<name>_template``) migrated once per kind, copied per run."""
    if kind not in TEMPLATES:
        home = Path(tempfile.mkdtemp(prefix=f"template-{kind}-", dir=folder))
        env = {**env, "SSRMONITOR_HOME": str(home)}
        if kind.startswith("postgres"):
            fresh_postgres(template_url(postgres, kind))
            env["DATABASE_URL"] = template_url(postgres, kind)
        run_child("migrate", [], env)
        TEMPLATES[kind] = home
    return TEMPLATES[kind]


def measure_import(
    kind: str, files: list[Path], folder: Path, postgres: str, before: Path | None = None
) -> dict[str, Any]:
    """One import into a fresh copy of a migrated database (migrations are not timed)."""
    env: dict[str, str] = {}
    if kind.endswith("-before"):  # the same import from another checkout (its src first)
        assert before is not None
        env["PYTHONPATH"] = os.pathsep.join([str(before / "src"), *sys.path[1:]])
    os.environ.pop("DATABASE_URL", None)
    template = migrated(kind, folder, postgres, env)
    home = Path(tempfile.mkdtemp(prefix=f"home-{kind}-", dir=folder)) / "home"
    shutil.copytree(template, home)
    env["SSRMONITOR_HOME"] = str(home)
    if kind.startswith("postgres"):
        fresh_postgres(postgres, template=template_url(postgres, kind).rsplit("/", 1)[1])
        env["DATABASE_URL"] = postgres
    result = run_child("import", files, env)
    shutil.rmtree(home.parent, ignore_errors=True)
    return result


def row(label: str, mb: float, result: dict[str, Any], share: str = "") -> str:
    seconds = result["seconds"]
    rate = result.get("activities", 0) / seconds if seconds else 0
    hidden = ("seconds", "peak_rss_mb", "activities", "all_seconds")
    extra = {k: v for k, v in result.items() if k not in hidden}
    spread = result.get("all_seconds")
    if spread and len(spread) > 1:
        extra["runs_s"] = [round(value, 1) for value in spread]
    return (
        f"| {label} | {mb:,.1f} | {seconds:,.1f} | {mb / seconds:,.2f} "
        f"| {result.get('activities', 0):,} | {rate:,.0f} | {result['peak_rss_mb']:,.0f} "
        f"| {share} | {json.dumps(extra)} |"
    )


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median wall time, with every run's time and the highest peak RSS."""
    ordered = sorted(runs, key=lambda run: run["seconds"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["all_seconds"] = [run["seconds"] for run in runs]
    chosen["peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
    return chosen


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def measure_corpus(label: str, files: list[Path], folder: Path, args: argparse.Namespace) -> None:
    """Every mode on ``files``; the parse limit and the imports in ``args.repeat`` rounds."""
    mb = sum(p.stat().st_size for p in files) / 1_000_000
    kinds = [] if args.skip_sqlite else ["sqlite"]
    kinds += [] if args.skip_postgres else ["postgres"]
    if args.before:
        kinds += [f"{kind}-before" for kind in kinds]
    runs: dict[str, list[dict[str, Any]]] = {"raw": [], "raw-opts": [], **{k: [] for k in kinds}}
    for round_number in range(args.repeat):
        runs["raw"].append(run_child("raw", files))
        runs["raw-opts"].append(run_child("raw-opts", files))
        # the imports in turn in both orders, so that none always runs after the same one
        for kind in kinds if round_number % 2 == 0 else kinds[::-1]:
            runs[kind].append(measure_import(kind, files, folder, args.postgres, args.before))
    raw = median_run(runs["raw"])
    say(row(f"{label}: lxml iterparse (the parse limit)", mb, raw, "100 %"))
    options = median_run(runs["raw-opts"])
    say(row(f"{label}: lxml iterparse, importer's options", mb, options, _share(runs, "raw-opts")))
    if not args.skip_iatikit:
        say(row(f"{label}: iatikit", mb, run_child("iatikit", files)))
    names = [("sqlite", "SQLite"), ("postgres", "PostgreSQL")]
    names += [(f"{kind}-before", f"{name}, before (--before)") for kind, name in names]
    for kind, name in names:
        if kind in runs:
            say(
                row(
                    f"{label}: SSR Monitor → {name}", mb, median_run(runs[kind]), _share(runs, kind)
                )
            )


def _share(runs: dict[str, list[dict[str, Any]]], kind: str) -> str:
    """Median over the rounds of raw time ÷ ``kind`` time (its throughput share of raw)."""
    shares = sorted(
        raw["seconds"] / run["seconds"] for raw, run in zip(runs["raw"], runs[kind], strict=True)
    )
    middle = shares[len(shares) // 2]
    return f"{middle:.0%} ({', '.join(f'{share:.0%}' for share in shares)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="rounds (median reported)")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/bench_iati")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--skip-real", action="store_true", help="only the large file")
    parser.add_argument("--skip-iatikit", action="store_true", help="not the peer (saves time)")
    parser.add_argument(
        "--before",
        type=Path,
        help="a checkout of an earlier version: its imports are measured in the same rounds",
    )
    args = parser.parse_args()
    if args.child:
        mode, files = args.child[0], args.child[1:]
        runners = {
            "raw": lambda: child_raw(files),
            "raw-opts": lambda: child_raw(files, IMPORTER_OPTIONS),
            "iatikit": lambda: child_iatikit(files),
            "migrate": lambda: child_import(files, migrate_only=True),
            "import": lambda: child_import(files, migrate_only=False),
        }
        sys.stdout.write("\n" + json.dumps(runners[mode]()) + "\n")
        return
    real = sorted(args.shared.rglob("*.xml"))
    if not real:
        sys.exit(f"No IATI files under {args.shared}")
    with tempfile.TemporaryDirectory(prefix="ssrmonitor-bench-") as name:
        folder = Path(name)
        modern = [p for p in real if "legacy-1.0x" not in str(p)]
        large = build_large(modern, args.size_mb, folder)
        say(
            "| corpus / tool | MB | s (median) | MB/s | activities | activities/s "
            "| peak RSS MB | share of the parse limit (median; rounds) | notes |"
        )
        say("|---|---|---|---|---|---|---|---|---|")
        corpora = [("large file", [large])]
        if not args.skip_real:
            corpora.insert(0, (f"real files ({len(real)})", real))
        for label, files in corpora:
            measure_corpus(label, files, folder, args)


if __name__ == "__main__":
    main()
