"""Benchmark of IATI parsing and import: raw lxml iterparse vs iatikit vs SSR Monitor's import.

Usage (from the repository root, with the venv active and ``pip install -e .[bench]``)::

    python benchmarks/iati_import.py                     # real files + a >= 500 MB file
    python benchmarks/iati_import.py --size-mb 50        # a smaller large file, for a quick run
    python benchmarks/iati_import.py --postgres postgres://postgres@127.0.0.1:5432/bench_iati

It reads the real files of ``../shared/data/iati/activities/`` and builds, in a temporary
folder, one large IATI 2.03 file made of copies of every real 2.0x activity (identifiers made
unique with a ``-BENCH<n>`` suffix). Each measurement runs in its own child process, so the
peak RSS (``ru_maxrss`` of the child) is the measurement's own. Modes:

* ``raw``: ``lxml.etree.iterparse`` over ``iati-activity`` elements, clearing as it goes (the
  parse limit);
* ``iatikit``: ``iatikit.Dataset(path).activities`` and each activity's identifier and sectors
  (read from its element: iatikit's own ``sector`` needs codelists downloaded from the network);
  it loads each whole file into memory (``huge_tree``), so the child runs under an address-space
  limit and a failure is reported, not hidden;
* ``sqlite`` / ``postgres``: ``import_iati_file`` (the product's import: SSR filter on, one
  transaction per file, upsert, audit) into an empty, migrated database.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "iati" / "activities"
SSR = {"15210", "15220", "15230", "15240", "15250", "15261", "15130", "15170", "15180"}
IATIKIT_MEMORY_LIMIT = 8 * 1024**3
IDENTIFIER = re.compile(rb"<iati-identifier>\s*([^<]*?)\s*</iati-identifier>")


# --- children ---------------------------------------------------------------------------------


def child_raw(files: list[str]) -> dict[str, Any]:
    from lxml import etree

    count = 0
    for name in files:
        for _event, element in etree.iterparse(
            name, events=("end",), tag="iati-activity", resolve_entities=False, no_network=True
        ):
            count += 1
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    return {"activities": count}


def child_iatikit(files: list[str]) -> dict[str, Any]:
    import iatikit

    resource.setrlimit(resource.RLIMIT_AS, (IATIKIT_MEMORY_LIMIT, IATIKIT_MEMORY_LIMIT))
    count = without_id = ssr = 0
    failed: list[str] = []
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
    return {"activities": count, "without_identifier": without_id, "ssr": ssr, "failed": failed}


def child_import(files: list[str], migrate_only: bool) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssrmonitor.settings")
    django.setup()
    if migrate_only:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, stdout=io.StringIO())
        call_command("load_reference", verbosity=0, stdout=io.StringIO())
        return {}
    from ssrmonitor.support.iati.errors import RecordError
    from ssrmonitor.support.services.imports import import_iati_file

    seen = kept = refused = 0
    for name in files:
        try:
            summary = import_iati_file(Path(name), acting_user=None)
        except RecordError:
            refused += 1
            continue
        seen += summary.seen
        kept += summary.kept
    return {"activities": seen, "kept": kept, "refused_files": refused}


# --- parent -----------------------------------------------------------------------------------


def run_child(mode: str, files: list[Path], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one measurement in a child process: wall time, peak RSS and the child's counts."""
    command = [sys.executable, __file__, "--child", mode, *map(str, files)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, env={**os.environ, **(env or {})})
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    lines = output.strip().splitlines() or [b"{}"]
    result: dict[str, Any] = json.loads(lines[-1]) if status == 0 else {"error": status}
    result["seconds"] = seconds
    result["peak_rss_mb"] = usage.ru_maxrss / 1024
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


def fresh_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def measure_import(kind: str, files: list[Path], folder: Path, postgres: str) -> dict[str, Any]:
    home = folder / f"home-{kind}-{len(files)}"
    home.mkdir()
    env = {"SSRMONITOR_HOME": str(home)}
    if kind == "postgres":
        fresh_postgres(postgres)
        env["DATABASE_URL"] = postgres
    else:
        env.pop("DATABASE_URL", None)
        os.environ.pop("DATABASE_URL", None)
    run_child("migrate", [], env)
    return run_child("import", files, env)


def row(label: str, mb: float, result: dict[str, Any]) -> str:
    seconds = result["seconds"]
    rate = result.get("activities", 0) / seconds if seconds else 0
    extra = {k: v for k, v in result.items() if k not in ("seconds", "peak_rss_mb", "activities")}
    return (
        f"| {label} | {mb:,.1f} | {seconds:,.1f} | {mb / seconds:,.2f} "
        f"| {result.get('activities', 0):,} | {rate:,.0f} | {result['peak_rss_mb']:,.0f} "
        f"| {json.dumps(extra)} |"
    )


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/bench_iati")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    if args.child:
        mode, files = args.child[0], args.child[1:]
        runners = {
            "raw": lambda: child_raw(files),
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
        say("| corpus / tool | MB | s | MB/s | activities | activities/s | peak RSS MB | notes |")
        say("|---|---|---|---|---|---|---|---|")
        for label, files in ((f"real files ({len(real)})", real), ("large file", [large])):
            mb = sum(p.stat().st_size for p in files) / 1_000_000
            say(row(f"{label}: lxml iterparse", mb, run_child("raw", files)))
            say(row(f"{label}: iatikit", mb, run_child("iatikit", files)))
            say(
                row(
                    f"{label}: SSR Monitor → SQLite",
                    mb,
                    measure_import("sqlite", files, folder, args.postgres),
                ),
            )
            if not args.skip_postgres:
                say(
                    row(
                        f"{label}: SSR Monitor → PostgreSQL",
                        mb,
                        measure_import("postgres", files, folder, args.postgres),
                    ),
                )


if __name__ == "__main__":
    main()
