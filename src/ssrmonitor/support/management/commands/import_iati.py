"""``ssrmonitor import_iati PATH...``: import IATI 2.01–2.03 activity files or folders."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action
from ssrmonitor.support.iati.errors import ImportAbort, RecordError
from ssrmonitor.support.iati.folder import ReadAhead, reading_ahead
from ssrmonitor.support.iati.importer import ImportSummary, Selection, file_size, iati_files
from ssrmonitor.support.services.imports import import_iati_file

# The operator who runs the command imports for every country, as the system.
ACTOR = system_actor("import_iati", [Action.IMPORT_SUPPORT])


class ProgressBar:
    """A one-line text progress bar on a terminal (nothing when output is not a terminal)."""

    WIDTH = 30

    def __init__(self, stream: Any, label: str, total: int) -> None:
        self.stream = stream
        self.label = label
        self.total = max(total, 1)
        self.active = bool(getattr(stream, "isatty", lambda: False)())
        self.last = 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if not self.active or (now - self.last < 0.1 and done < self.total):
            return
        self.last = now
        filled = int(self.WIDTH * min(done, self.total) / self.total)
        percent = 100 * min(done, self.total) // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label[:40]:40} [{bar}] {percent:3d}%")
        self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import IATI activity files (IATI 2.01-2.03 XML; 1.0x files are refused with a clear "
        "message). PATH may be files or folders (searched recursively for *.xml). By default "
        "only activities with an SSR DAC sector (15210 15220 15230 15240 15250 15261 15130 "
        "15170 15180, their 7-digit sub-codes, or category 152), at activity or transaction "
        "level, are kept. Each file is imported in one transaction: a refused file changes "
        "nothing, and the run goes on with the next file. Activities are matched by IATI "
        "identifier; a newer last-updated-datetime replaces an activity wholly."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--all", action="store_true", help="Keep every activity, not only SSR ones."
        )
        parser.add_argument(
            "--country", metavar="XX", help="Keep only activities with this ISO recipient country."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        country = self._country(options["country"])
        files = iati_files(options["paths"])
        if not files:
            raise CommandError("No .xml file found.")
        total = ImportSummary()
        selection = Selection(options["all"], country.iso2 if country else "")
        with reading_ahead(files, selection) as ahead:  # the next small file parsed meanwhile
            for path in files:
                self._one(path, options["all"], country, total, ahead)
        self._report(total)
        if total.errors:
            raise CommandError(f"{len(total.errors)} file(s) refused.")

    def _country(self, code: str | None) -> Country | None:
        if not code:
            return None
        country = Country.objects.filter(iso2=code.upper()).first()
        if country is None:
            raise CommandError(f"Unknown country {code!r} (load reference data first).")
        return country

    def _one(
        self,
        path: Path,
        keep_all: bool,
        country: Country | None,
        total: ImportSummary,
        ahead: ReadAhead | None,
    ) -> None:
        bar = ProgressBar(sys.stderr, path.name, file_size(path))
        try:
            summary = import_iati_file(
                path,
                acting_user=ACTOR,
                keep_all=keep_all,
                country=country,
                progress=bar,
                ahead=ahead,
            )
        except RecordError as exc:
            bar.close()
            total.files += 1
            total.errors.append(str(exc))
            self.stderr.write(f"REFUSED {exc}")
            return
        except ImportAbort as exc:
            bar.close()
            raise CommandError(f"Run stopped: {exc}") from None
        bar.close()
        total.add(summary)

    def _report(self, total: ImportSummary) -> None:
        out = self.stdout
        out.write(
            f"files: {total.files}  activities seen: {total.seen}  kept: {total.kept}  "
            f"created: {total.created}  updated: {total.updated}  unchanged: {total.unchanged}  "
            f"skipped: {total.skipped}  warnings: {total.warning_count}  refused files: "
            f"{len(total.errors)}"
        )
        for warning in total.warnings[:20]:
            out.write(f"  warning: {warning}")
        if total.warning_count > 20:
            out.write(f"  … and {total.warning_count - 20} more warnings")
