"""``ssrmonitor import_statistics``: load the bundled public reference statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.permissions import Action
from ssrmonitor.sector.services.reference import import_reference_statistics
from ssrmonitor.sector.statistics import DATA_DIR


class Command(BaseCommand):
    help = (
        "Load the public reference statistics bundled with the sector app: World Bank "
        "military expenditure (% of GDP), armed forces personnel (OWID, from the World Bank) "
        "and the UN Statistics shares of female police officers and judges. Aggregates "
        "(regions, income groups) are skipped, implausible values (e.g. Somalia 2016, "
        "3.29E-05 % of GDP) are refused and listed, missing values are skipped. Run "
        "load_reference first. Safe to run again: unchanged values are left as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            default=DATA_DIR,
            help="Folder holding the files (default: the bundled sector/data/).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = system_actor("import_statistics", [Action.IMPORT_SECTOR])
        summaries = import_reference_statistics(acting_user=actor, directory=options["directory"])
        for item in summaries:
            self.stdout.write(
                _(
                    "%(code)s: %(created)d created, %(updated)d updated, %(unchanged)d "
                    "unchanged, %(no_country)d without a country in the database; skipped: "
                    "%(skipped)s"
                )
                % {
                    "code": item.code,
                    "created": item.created,
                    "updated": item.updated,
                    "unchanged": item.unchanged,
                    "no_country": item.no_country,
                    "skipped": ", ".join(f"{k} {v}" for k, v in sorted(item.skipped.items()))
                    or "-",
                }
            )
            for refused in item.refused:
                self.stdout.write("  " + _("refused as implausible: %s") % refused)
