"""``ssrmonitor generate_scale_data [--scale F]``: the illustrative dataset for load figures."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import system_actor
from ssrmonitor.scaledata.plan import ScalePlan
from ssrmonitor.scaledata.services import ACTIONS, generate_scale_data, refresh_planner_statistics

# The operator who runs the command writes, as the system, in every country.
ACTOR = system_actor("generate_scale_data", ACTIONS)


class Command(BaseCommand):
    help = (
        "Generate an illustrative scale dataset for load figures (benchmarks/load.py): at "
        "scale 1, 40 countries, 400 frameworks, 12,000 indicators with 24 quarterly values "
        "each, 50,000 IATI activities copied from the bundled real ones under new identifiers, "
        "and 100,000 invented persons on the vetting rosters. Every row is marked illustrative "
        "(SCALE- identifiers, 'Illustrative' titles, is_illustrative values). Never part of the "
        "demo; refused in production. Run `ssrmonitor demo --no-serve` (or load_reference) "
        "first. A second run adds only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Fraction of the full dataset, in (0, 1] (default 1; tests use 0.0025).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                _("generate_scale_data writes illustrative data; not in production.")
            )
        try:
            plan = ScalePlan.at(options["scale"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        start = time.perf_counter()
        verbose = options["verbosity"] > 1
        summary = generate_scale_data(
            plan, acting_user=ACTOR, progress=self.stdout.write if verbose else None
        )
        refresh_planner_statistics()
        if summary.skipped:
            self.stderr.write(
                _("Countries missing from the reference data (run load_reference): %s")
                % ", ".join(summary.skipped)
            )
        self.stdout.write(
            _(
                "Scale data (illustrative) in %(seconds).0f s: %(countries)d countries; "
                "written now: %(frameworks)d frameworks, %(indicators)d indicators, "
                "%(measurements)d values, %(activities)d IATI activities, %(persons)d persons."
            )
            % {"seconds": time.perf_counter() - start, **summary.__dict__}
        )
