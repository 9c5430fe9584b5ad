"""``ssrmonitor screen ROSTER.csv --against RECORDS.csv --out HITS.csv`` — screen files."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ssrmonitor.vetting.matching import (
    Band,
    Entry,
    FileError,
    Screener,
    Thresholds,
    read_record_rows,
    read_roster,
    read_un_list,
    write_hits,
)


class Command(BaseCommand):
    help = (
        "Screen a roster of personnel (CSV: person_id,full_name,date_of_birth,place_of_birth,"
        "sex,nationality,unit) against records of alleged violations (CSV: record_id,full_name,"
        "aliases,date_of_birth,place_of_birth,sex,nationality,category,source) and/or UN "
        "Security Council consolidated list files (XML). Writes the hits at or above the "
        "'possible' band (person_id,record_id,score,band,explanation), best first. Works on the "
        "files alone: nothing is read from or written to the database unless --save is given, "
        "which opens a case for each hit in the country's registry. A bad row rejects its file "
        "(exit 1, nothing screened)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("roster", type=Path, help="Roster CSV file.")
        parser.add_argument(
            "--against", type=Path, action="append", default=[], help="Records CSV (repeatable)."
        )
        parser.add_argument(
            "--against-un-list",
            type=Path,
            action="append",
            default=[],
            help="UN Security Council consolidated list XML (repeatable).",
        )
        parser.add_argument("--out", type=Path, required=True, help="Hits CSV to write.")
        defaults = Thresholds.default()
        parser.add_argument(
            "--probable",
            type=float,
            default=defaults.probable,
            help=f"Score from which a hit is probable (default {defaults.probable}).",
        )
        parser.add_argument(
            "--possible",
            type=float,
            default=defaults.possible,
            help=f"Score from which a hit is possible (default {defaults.possible}).",
        )
        parser.add_argument(
            "--workers", type=int, default=0, help="Processes for large rosters (default: 2)."
        )
        parser.add_argument(
            "--save",
            action="store_true",
            help="Save persons, records and hits (as cases) in the registry of --country.",
        )
        parser.add_argument("--country", help="ISO alpha-2 code of the country (with --save).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["save"] and not options["country"]:
            raise CommandError(_("--save needs --country."))
        if not options["against"] and not options["against_un_list"]:
            raise CommandError(_("Give at least one --against or --against-un-list file."))
        try:
            thresholds = Thresholds(probable=options["probable"], possible=options["possible"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        started = time.perf_counter()
        try:
            roster = read_roster(options["roster"])
            records, categories = _read_records(options["against"], options["against_un_list"])
        except FileError as exc:
            raise CommandError(str(exc)) from None
        _check_unique(records)
        screener = Screener(records, thresholds)
        hits = list(screener.screen(roster, workers=options["workers"] or None))
        written = write_hits(options["out"], hits)
        seconds = time.perf_counter() - started
        probable = sum(1 for h in hits if h.band is Band.PROBABLE)
        self.stdout.write(
            _(
                "%(persons)d persons screened against %(records)d records in %(seconds).1f s: "
                "%(hits)d hits (%(probable)d probable, %(possible)d possible) written to %(out)s."
            )
            % {
                "persons": len(roster),
                "records": len(records),
                "seconds": seconds,
                "hits": written,
                "probable": probable,
                "possible": written - probable,
                "out": options["out"],
            }
        )
        if options["save"]:
            self._save(options, roster, records, hits, thresholds, seconds, categories)

    def _save(
        self,
        options: dict[str, Any],
        roster: list[Entry],
        records: list[Entry],
        hits: list[Any],
        thresholds: Thresholds,
        seconds: float,
        categories: dict[str, str],
    ) -> None:
        from ssrmonitor.core.actors import system_actor
        from ssrmonitor.core.models import Country
        from ssrmonitor.core.permissions import Action
        from ssrmonitor.vetting.services.screening import save_screening

        country = Country.objects.filter(iso2=options["country"].upper()).first()
        if country is None:
            raise CommandError(_("No country has the code %r.") % options["country"])
        files = [options["roster"], *options["against"], *options["against_un_list"]]
        run = save_screening(
            acting_user=system_actor("screen", [Action.EDIT_VETTING]),
            country=country,
            roster=roster,
            records=records,
            hits=hits,
            source_name=", ".join(Path(f).name for f in files),
            thresholds=thresholds,
            seconds=seconds,
            record_categories=categories,
        )
        self.stdout.write(_("Saved as screening run #%(run)d.") % {"run": run.pk})


def _read_records(
    csv_files: list[Path], un_files: list[Path]
) -> tuple[list[Entry], dict[str, str]]:
    records: list[Entry] = []
    categories: dict[str, str] = {}
    for path in csv_files:
        for row in read_record_rows(path):
            records.append(row.entry)
            if row.category:
                categories[row.entry.id] = row.category
    for path in un_files:
        for entry in read_un_list(path):
            records.append(entry)
            categories[entry.id] = "sanctions_listing"
    return records, categories


def _check_unique(records: list[Entry]) -> None:
    seen: set[str] = set()
    for entry in records:
        if entry.id in seen:
            raise CommandError(
                _("The record id %r appears in two of the files screened against.") % entry.id
            )
        seen.add(entry.id)
