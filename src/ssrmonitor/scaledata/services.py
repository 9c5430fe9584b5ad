"""Generating the whole scale dataset: frameworks, IATI activities, vetting rosters.

Each part is written in batches, each batch atomic and audited (a framework with its values,
an IATI file, a roster file), so the audit chain stays valid and a run stopped half-way keeps
whole batches only; a second run skips what exists. The actor must hold, in every country,
``benchmarks.edit_frameworks``, ``support.import`` and ``vetting.edit`` (the command acts as
the system holding exactly these).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action, Denied, country_ids_with
from ssrmonitor.scaledata import activities, persons
from ssrmonitor.scaledata.frameworks import generate_framework
from ssrmonitor.scaledata.plan import ScalePlan

ACTIONS = (Action.EDIT_FRAMEWORKS, Action.IMPORT_SUPPORT, Action.EDIT_VETTING)
Progress = Callable[[str], None]


@dataclass
class ScaleSummary:
    """What a run wrote (rows already there are not counted again)."""

    countries: int = 0
    frameworks: int = 0
    indicators: int = 0
    measurements: int = 0
    activities: int = 0
    persons: int = 0
    skipped: list[str] = field(default_factory=list)


def generate_scale_data(
    plan: ScalePlan, *, acting_user: Actor, progress: Progress | None = None
) -> ScaleSummary:
    """Write the illustrative scale dataset of ``plan`` (see :mod:`ssrmonitor.scaledata`)."""
    for action in ACTIONS:
        if country_ids_with(acting_user, action) is not None:
            raise Denied(f"Generating scale data needs {action.value} in every country.")
    say = progress or (lambda _text: None)
    known = {c.iso2: c for c in Country.objects.filter(iso2__in=plan.countries)}
    summary = ScaleSummary(countries=len(known))
    summary.skipped = [iso2 for iso2 in plan.countries if iso2 not in known]
    countries = [known[iso2] for iso2 in plan.countries if iso2 in known]
    if not countries:
        return summary
    for index, country in enumerate(countries):
        for number in range(1, plan.frameworks_of(index) + 1):
            if generate_framework(country, number, acting_user=acting_user) is not None:
                summary.frameworks += 1
        say(f"{country.iso2}: frameworks done ({summary.frameworks:,} written so far)")
    per_framework = plan.indicators // max(plan.frameworks, 1)
    summary.indicators = summary.frameworks * per_framework
    summary.measurements = summary.indicators * (plan.measurements // max(plan.indicators, 1))
    wanted = plan.activities - activities.existing_copies()
    if wanted > 0:
        isos = tuple(c.iso2 for c in countries)
        result = activities.import_copies(
            plan.activities, isos, acting_user=acting_user, progress=say
        )
        summary.activities = result.created
    for index, country in enumerate(countries):
        summary.persons += persons.import_rosters(
            country, plan.persons_of(index), acting_user=acting_user, progress=say
        )
    return summary


def refresh_planner_statistics() -> None:
    """Let the database count the rows just written (``ANALYZE``), so that the first requests
    are planned for tens of thousands of rows, not for the empty tables of a new database
    (PostgreSQL's autovacuum gets to it only later; SQLite never does by itself)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
