"""Time a country report with 10 benchmarks, 40 indicators and 20 periods, in each format.

Usage (from the repository root, with the venv active)::

    python benchmarks/reports.py            # 5 runs per format, median and worst printed
    python benchmarks/reports.py --runs 10

It migrates a throw-away SQLite database in a temporary SSRMONITOR_HOME, builds one country
(Haiti) with one framework of 10 benchmarks × 4 indicators and 20 quarterly approved values
each (800 measurements, plus one draft per indicator that must not appear), then times, per
format: collecting the data (the queries), building the document (summary, tables, 40 SVG
charts) and rendering (HTML, PDF through Typst, Word through python-docx with 40 PNG charts).
It also records 200 national support activities (10 partners × 20, each with a commitment and
a disbursement in the period, in USD or EUR) when the support app contributes a report section.
Goal: at most 3 s for PDF and for Word on the 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 3.0


def setup_django() -> None:
    os.environ["SSRMONITOR_HOME"] = tempfile.mkdtemp(prefix="ssrmonitor-bench-reports-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssrmonitor.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, skip_checks=True)


def build_world() -> object:
    from ssrmonitor.benchmarks.models import MeasurementStatus
    from ssrmonitor.core.periods import PeriodKind, ReportingPeriod
    from ssrmonitor.testing.factories import (
        BenchmarkFactory,
        FrameworkFactory,
        IndicatorFactory,
        MeasurementFactory,
        UserFactory,
    )

    framework = FrameworkFactory(title="Benchmark framework for timing")
    periods = [ReportingPeriod(2021 + q // 4, PeriodKind.QUARTER, q % 4 + 1) for q in range(20)]
    for b in range(10):
        bench = BenchmarkFactory(
            framework=framework, code=str(b + 1), owner="host" if b >= 8 else "un"
        )
        for i in range(4):
            indicator = IndicatorFactory(
                benchmark=bench,
                code=f"{b + 1}.{i + 1}",
                baseline_value=Decimal(10),
                baseline_date=date(2021, 1, 1),
                target_value=Decimal(50),
                target_date=date(2026, 12, 31),
                unit="%",
            )
            for n, period in enumerate(periods):
                MeasurementFactory(
                    indicator=indicator,
                    period_text=str(period),
                    value=Decimal(10 + n * (1 + (b + i) % 3)),
                    status=MeasurementStatus.APPROVED,
                    obstacles="Funding delayed." if n == 19 and i == 0 else "",
                )
            MeasurementFactory(indicator=indicator, period_text="2026-Q1", value=Decimal("99.123"))
    return UserFactory(username="bench-root", is_superuser=True, is_staff=True)


def add_activities(count: int = 200) -> None:
    """National support entries through the support service, as the report reads them."""
    from ssrmonitor.core.models import Country
    from ssrmonitor.testing.factories_support import national_activity, partner

    haiti = Country.objects.get(iso2="HT")
    partners = [partner(f"XM-BENCH-{n}", f"Partner {n}") for n in range(10)]
    for n in range(count):
        currency = "EUR" if n % 4 == 0 else "USD"
        national_activity(
            haiti,
            partners[n % 10],
            f"A{n}",
            start=date(2025, 1, 1),
            money=[
                ("2", date(2025, 7, 15), str(100_000 + n * 1_000), currency),
                ("3", date(2025, 10, 15), str(50_000 + n * 500), currency),
            ],
            sectors={("15210" if n % 2 else "15130"): Decimal(100)},
        )


def support_section_available() -> bool:
    from ssrmonitor.core.sections import providers

    return any(p.key.startswith("support") for p in providers("country"))


def measure(user: object, fmt: str, runs: int) -> list[float]:
    from ssrmonitor.core.models import Country
    from ssrmonitor.core.periods import ReportingPeriod
    from ssrmonitor.reports.builder import build_document, collect_country_report
    from ssrmonitor.reports.render import render

    country = Country.objects.get(iso2="HT")
    period = ReportingPeriod.parse("2025-H2")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        payload = collect_country_report(user, country, period, "internal")
        content = render(build_document(payload, "en"), fmt).content  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
        assert b"99.123" not in content
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    user = build_world()
    activities = 0
    if support_section_available():
        add_activities()
        activities = 200
    else:
        print("support app has no report section: the 200 activities are skipped")
    print(
        f"country report, 10 benchmarks, 40 indicators, 20 periods, {activities} activities; "
        f"{args.runs} runs each"
    )
    print(f"{'format':<6} {'median s':>9} {'worst s':>8} {'first s':>8}  goal")
    for fmt in ("html", "pdf", "docx"):
        times = measure(user, fmt, args.runs)
        goal = "—" if fmt == "html" else ("ok" if max(times) <= GOAL_SECONDS else "MISSED")
        print(
            f"{fmt:<6} {statistics.median(times):>9.2f} {max(times):>8.2f} {times[0]:>8.2f}  {goal}"
        )


if __name__ == "__main__":
    main()
