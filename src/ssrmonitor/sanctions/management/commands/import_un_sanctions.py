"""``ssrmonitor import_un_sanctions FILE.xml`` — import the UN Security Council list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.permissions import Action
from ssrmonitor.sanctions.services.unlist import (
    AlreadyImported,
    ImportAbort,
    RecordError,
    import_un_list,
)


class Command(BaseCommand):
    help = (
        "Import snapshots of the UN Security Council consolidated sanctions list (XML, "
        "CONSOLIDATED_LIST schema, as published at "
        "https://scsanctions.un.org/resources/xml/en/consolidated.xml). Give several files to "
        "import them in order; each is one transaction. Records and regimes absent from a newer "
        "list are marked delisted on its date. A list imported before is skipped with a message "
        "(exit 0: safe to schedule). A malformed record rejects its file (exit 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="XML files, oldest first.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = system_actor("import_un_sanctions", [Action.EDIT_SANCTIONS])
        for path in options["files"]:
            try:
                run = import_un_list(path, acting_user=actor)
            except AlreadyImported as exc:
                self.stdout.write(f"{path.name}: {exc} " + _("Nothing new."))
                continue
            except (RecordError, ImportAbort) as exc:
                raise CommandError(f"{path}: {exc}") from None
            self.stdout.write(
                f"{path.name}: list of {run.list_date}: {run.individuals} individuals, "
                f"{run.entities} entities; {run.added} added, {run.updated} updated, "
                f"{run.relisted} listed again, {run.delisted} delisted"
                + (
                    f"; regimes ended: {', '.join(run.regimes_delisted)}"
                    if run.regimes_delisted
                    else ""
                )
            )
