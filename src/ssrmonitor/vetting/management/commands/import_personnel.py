"""``ssrmonitor import_personnel ISO2 ROSTER.csv``: import a roster into the personnel registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ssrmonitor.core.actors import Actor, system_actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action, Denied
from ssrmonitor.core.unreadable import StoredDataUnreadable
from ssrmonitor.vetting.services.registry_files import import_roster

# What the vetting commands do as the system: register personal data (imports, screening).
SYSTEM_ACTIONS = (Action.EDIT_VETTING,)


def acting_user(username: str | None, command: str) -> Actor:
    """The user named by ``--user``, else the system as ``command`` holding ``vetting.edit``."""
    if not username:
        return system_actor(command, SYSTEM_ACTIONS)
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    return user


def country_of(iso2: str) -> Country:
    country = Country.objects.filter(iso2=iso2.upper()).first()
    if country is None:
        raise CommandError(f"Unknown country {iso2!r} (run load_reference first).")
    return country


def refused(exc: ValidationFailed | Denied | StoredDataUnreadable) -> CommandError:
    """The command's error for a refusal (a wrong data key included: its fingerprints)."""
    if isinstance(exc, Denied):
        return CommandError(exc.reason)
    if isinstance(exc, StoredDataUnreadable):
        return CommandError(str(exc))
    return CommandError("; ".join(error.reason for error in exc.errors))


class Command(BaseCommand):
    help = (
        "Import a roster CSV (person_id,full_name,date_of_birth,place_of_birth,sex,nationality,"
        "unit; only the first two columns are required) into the country's personnel registry. "
        "Persons are matched by person_id: known ones are updated. A file with any wrong line "
        "changes nothing, and the error names the line and the field."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("country", metavar="ISO2", help="Country code, e.g. HT.")
        parser.add_argument("path", type=Path, metavar="ROSTER.csv")
        parser.add_argument("--user", help="Act as this vetting officer (default: the system).")

    def handle(self, *args: Any, **options: Any) -> None:
        country = country_of(options["country"])
        try:
            summary = import_roster(
                options["path"],
                acting_user=acting_user(options["user"], "import_personnel"),
                country=country,
            )
        except (ValidationFailed, Denied, StoredDataUnreadable) as exc:
            raise refused(exc) from None
        self.stdout.write(
            f"{options['path']}: {summary.created} registered, {summary.updated} updated."
        )
