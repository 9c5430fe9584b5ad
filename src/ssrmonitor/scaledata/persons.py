"""Illustrative vetting rosters: invented persons, imported through the roster bulk path.

Names are drawn with a fixed seed from the vetting demo's bundled name frequencies (Haitian
forenames, French surnames), dates of birth from 1965 to 2005. Every person id starts with
``SCALE-`` and every person's unit says the row is illustrative. Each country's roster is
written as a roster CSV and imported by
:func:`~ssrmonitor.vetting.services.registry_files.import_roster` — the product's bulk path:
one transaction and one audit event per file of up to :data:`PER_FILE` persons, every
personal field encrypted with the data key as for any roster — so the rows are those any
import writes, and the app reads them back.
"""

from __future__ import annotations

import csv
import random
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import require
from ssrmonitor.scaledata.plan import PREFIX
from ssrmonitor.vetting.demo import DATA
from ssrmonitor.vetting.matching.formats import ROSTER_COLUMNS
from ssrmonitor.vetting.permissions import can_edit
from ssrmonitor.vetting.services.registry_files import ImportSummary, import_roster

UNIT = "Illustrative (generated scale data)"
PER_FILE = 10_000
PLACES = ("Capital", "North", "South", "East", "West", "Centre")


def _names() -> tuple[list[tuple[str, str]], list[str], list[int]]:
    with (DATA / "demo_forenames_ht.csv").open(encoding="utf-8") as handle:
        forenames = [(row["sex"], row["forename"]) for row in csv.DictReader(handle)]
    with (DATA / "demo_surnames_fr.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return forenames, [row["surname"] for row in rows], [int(row["count"]) for row in rows]


def roster_rows(iso2: str, first: int, count: int, seed: int = 2553) -> list[list[str]]:
    """``count`` invented roster rows of ``iso2``, person numbers from ``first``."""
    rng = random.Random(f"{seed}-{iso2}-{first}")  # noqa: S311 - a fixed, reproducible draw
    forenames, surnames, weights = _names()
    chosen = rng.choices(surnames, weights=weights, k=count)
    rows = []
    for offset, surname in enumerate(chosen):
        sex, forename = rng.choice(forenames)
        born = date(1965, 1, 1) + timedelta(days=rng.randrange(40 * 365))
        rows.append(
            [
                f"{PREFIX}{iso2}-{first + offset:06d}",
                f"{forename} {surname.upper()}",
                born.isoformat(),
                rng.choice(PLACES),
                sex,
                iso2,
                UNIT,
            ]
        )
    return rows


def import_rosters(
    country: Country,
    count: int,
    *,
    acting_user: Actor,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Import ``count`` illustrative persons of ``country`` in files of :data:`PER_FILE`.

    Returns how many were created (a second run updates them in place and creates none).
    """
    require(can_edit(acting_user, country.pk))
    created = 0
    with tempfile.TemporaryDirectory(prefix="ssrmonitor-scale-") as folder:
        for first in range(1, count + 1, PER_FILE):
            path = Path(folder) / f"roster-{country.iso2}-{first:06d}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(ROSTER_COLUMNS)
                writer.writerows(roster_rows(country.iso2, first, min(PER_FILE, count - first + 1)))
            summary: ImportSummary = import_roster(
                path, acting_user=acting_user, country=country, file_name=path.name
            )
            created += summary.created
            if progress is not None:
                progress(f"{country.iso2} roster: {min(count, first + PER_FILE - 1):,} persons")
    return created
