"""``ssrmonitor upgrade``: bring a deployment up to this version of the code, in one step.

1. refuse (exit code 3, nothing changed) when the database holds a migration this code does
   not know: it was upgraded by a newer version, and this one must not run against it;
2. ``migrate`` (which also makes the database cache's table, see
   :mod:`ssrmonitor.core.ops.cachetable`), then a new version of every cached domain's data
   (:func:`ssrmonitor.core.datacache.renew_all`: data migrations are not audited);
3. ``collectstatic`` (hashed and compressed by whitenoise in production);
4. the deploy check (``check --deploy``), failing at ``--fail-level`` (ERROR unless given).

Run it after installing a new version and before starting the servers and workers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ssrmonitor.core.datacache import renew_all
from ssrmonitor.core.ops.schema import schema_state

NEWER_SCHEMA = 3  # the exit code of a refusal (1 stays "something failed")


class Command(BaseCommand):
    help = (
        "Upgrade in one step: refuse a database newer than the code, migrate, collect the "
        "static files, run the deploy check."
    )
    # The checks run last, on the migrated database (step 4).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-static",
            action="store_true",
            help=_("Do not collect the static files (another host serves them)."),
        )
        parser.add_argument(
            "--fail-level",
            default="ERROR",
            choices=["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"],
            help=_("The deploy check fails from this level (default ERROR)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = max(int(options["verbosity"]) - 1, 0)
        self._refuse_newer_schema()
        self.stdout.write(_("Applying migrations…"))
        call_command("migrate", interactive=False, verbosity=quiet, stdout=self.stdout)
        renew_all()  # results cached before the migrations may no longer hold
        if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
            call_command("createcachetable", verbosity=quiet, stdout=self.stdout)
        if not options["no_static"]:
            self.stdout.write(_("Collecting static files into %s…") % settings.STATIC_ROOT)
            call_command("collectstatic", interactive=False, verbosity=quiet, stdout=self.stdout)
        self.stdout.write(_("Running the deploy check…"))
        call_command("check", deploy=True, fail_level=options["fail_level"], stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(_("Upgrade done.")))

    def _refuse_newer_schema(self) -> None:
        unknown = schema_state().unknown
        if not unknown:
            return
        shown = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        more = len(unknown) - 5
        if more > 0:
            shown += " " + _("and %d more") % more
        raise CommandError(
            _(
                "The database was upgraded by a newer version of SSR Monitor: it holds "
                "migrations this version does not know (%(migrations)s). Nothing was changed. "
                "Install the newer version (or restore a backup made with this one)."
            )
            % {"migrations": shown},
            returncode=NEWER_SCHEMA,
        )
