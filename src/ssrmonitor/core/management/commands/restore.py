"""``ssrmonitor restore FILE``: restore an archive of ``ssrmonitor backup`` into an empty
database and media folder, then verify it (see docs/backup.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.backup.archive import BackupError
from ssrmonitor.core.backup.services import restore_backup
from ssrmonitor.core.backup.staging import RestoreRefused
from ssrmonitor.core.permissions import Action


class Command(BaseCommand):
    help = (
        "Restore an archive of 'ssrmonitor backup' into an empty database and media folder. "
        "Nothing is applied unless every part matches the manifest's SHA-256 and the "
        "manifest's migrations are this version's. Afterwards checks the row counts, the "
        "audit chain (with the configured audit key) and that a sample of the stored rows "
        "opens with the configured data key; exits with status 1 and what failed otherwise. "
        "Configure the keys of the server that made the backup before restoring."
    )
    # The checks run after the restore, on the restored data (see ssrmonitor.core.backup.verify).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", metavar="FILE", help="An archive of 'ssrmonitor backup'.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = system_actor("restore", list(Action))
        try:
            summary = restore_backup(Path(options["archive"]), acting_user=actor)
        except BackupError as exc:
            for reason in exc.reasons if isinstance(exc, RestoreRefused) else [str(exc)]:
                self.stderr.write(reason)
            raise CommandError(_("Nothing was restored."), returncode=1) from None
        manifest = summary.manifest
        self.stdout.write(
            _(
                "Restored the backup of %(made)s (SSR Monitor %(version)s): %(rows)d rows, "
                "%(files)d uploaded files."
            )
            % {
                "made": manifest["created_at"],
                "version": manifest["ssrmonitor_version"],
                "rows": sum(manifest["row_counts"].values()),
                "files": summary.media_files,
            }
        )
        for problem in summary.problems:
            self.stderr.write(problem)
        if summary.problems:
            raise CommandError(
                ngettext(
                    "The restored data does not verify: %(count)d problem (above). Fix the "
                    "configuration (the keys), then check with 'ssrmonitor verify_audit_chain' "
                    "and /readyz.",
                    "The restored data does not verify: %(count)d problems (above). Fix the "
                    "configuration (the keys), then check with 'ssrmonitor verify_audit_chain' "
                    "and /readyz.",
                    len(summary.problems),
                )
                % {"count": len(summary.problems)},
                returncode=1,
            )
        self.stdout.write(
            _(
                "Verified: row counts match the manifest, the audit chain is intact, %(rows)d "
                "sampled rows open with the configured keys, the readiness checks pass."
            )
            % {"rows": summary.rows_sampled}
        )
