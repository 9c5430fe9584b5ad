"""``ssrmonitor backup -o FILE``: one archive of the database, the uploaded files and a
manifest — never a key (see docs/backup.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.backup.archive import BackupError
from ssrmonitor.core.backup.media import media_storage, on_file_system
from ssrmonitor.core.backup.services import create_backup
from ssrmonitor.core.permissions import Action


class Command(BaseCommand):
    help = (
        "Write one archive (tar.gz, mode 0600) of the database (SQLite online backup or "
        "pg_dump custom format), the uploaded files and a manifest (version, migrations, row "
        "counts, SHA-256 of every part). The data key, the audit key and the secret key are "
        "never in it: keep them apart. Restore with 'ssrmonitor restore FILE'."
    )
    # A backup must be possible whatever the configuration (before fixing a broken server).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="The archive to write."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = system_actor("backup", list(Action))
        try:
            summary = create_backup(Path(options["output"]), acting_user=actor)
        except (BackupError, OSError) as exc:
            raise CommandError(_("No backup was written: %s") % exc, returncode=1) from None
        manifest = summary.manifest
        self.stdout.write(
            _(
                "Wrote %(path)s (%(bytes)d bytes, SHA-256 %(sha256)s): %(vendor)s database, "
                "%(rows)d rows, %(files)d uploaded files."
            )
            % {
                "path": summary.path,
                "bytes": summary.size,
                "sha256": summary.sha256,
                "vendor": manifest["database"]["vendor"],
                "rows": sum(manifest["row_counts"].values()),
                "files": len(manifest["parts"]) - 1,
            }
        )
        if not on_file_system():
            self.stderr.write(
                _(
                    "Uploads are stored in %(storage)s, not in SSRMONITOR_MEDIA_ROOT: back up "
                    "that storage with its own tools (versioning)."
                )
                % {"storage": media_storage()}
            )
        self.stdout.write(
            _(
                "The keys are not in the archive: keep SECRET_KEY, the audit key and the data "
                "key apart."
            )
        )
