"""``ssrmonitor demo``: a working demonstration in one command.

Creates or updates the database, loads the reference data, creates one account per role
(passwords printed once), runs each app's demo loader (the real UN benchmark frameworks first),
prints what is there and runs the development server. Every step goes through the services
and is idempotent: a second run changes nothing and writes no audit event.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ssrmonitor.core import services
from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.appkit import DomainAppConfig
from ssrmonitor.core.models import Country, Role
from ssrmonitor.core.permissions import Action


@dataclass(frozen=True)
class DemoAccount:
    """A demonstration account and its roles, as (ISO alpha-2, role) pairs."""

    username: str
    roles: tuple[tuple[str, Role], ...] = ()
    is_superuser: bool = False


# Haiti holds the richest real data (MINUJUSTH, BINUH, MINUSTAH); South Sudan shows a second
# country. Two reviewers, so that a submission can be approved by someone other than its author.
DEMO_ACCOUNTS = (
    DemoAccount("demo-admin", is_superuser=True),
    DemoAccount("demo-administrator", (("HT", Role.ADMINISTRATOR),)),
    DemoAccount("demo-editor", (("HT", Role.EDITOR), ("SS", Role.EDITOR))),
    DemoAccount("demo-reviewer", (("HT", Role.REVIEWER), ("SS", Role.REVIEWER))),
    DemoAccount("demo-reviewer-2", (("HT", Role.REVIEWER),)),
    DemoAccount("demo-viewer", (("HT", Role.VIEWER),)),
    DemoAccount("demo-vetting-officer", (("HT", Role.VETTING_OFFICER),)),
    DemoAccount("demo-vetting-reviewer", (("HT", Role.VETTING_REVIEWER),)),
    DemoAccount("demo-vetting-reviewer-2", (("HT", Role.VETTING_REVIEWER),)),
    DemoAccount("demo-child-protection", (("HT", Role.CHILD_PROTECTION),)),
)


# The reference data and the accounts are core's own, loaded by the system.
DEMO_LOADER = system_actor(
    "demo", [Action.MANAGE_REFERENCE, Action.MANAGE_ACCOUNTS, Action.MANAGE_MEMBERS]
)


def ensure_demo_accounts() -> dict[str, str]:
    """Create the missing demo accounts and their roles; return {username: password} of new ones.

    Existing accounts keep their password; their roles are granted again, which changes nothing
    (and writes no audit event) when they already hold them.
    """
    users = get_user_model().objects
    created: dict[str, str] = {}
    for account in DEMO_ACCOUNTS:
        user = users.filter(username=account.username).first()
        if user is None:
            password = secrets.token_urlsafe(18)
            user = services.create_user(
                acting_user=DEMO_LOADER,
                username=account.username,
                password=password,
                is_superuser=account.is_superuser,
            )
            created[account.username] = password
        for iso2, role in account.roles:
            country = Country.objects.get(iso2=iso2)
            services.grant_role(user, country, role, acting_user=DEMO_LOADER)
    return created


class Command(BaseCommand):
    help = (
        "Set up a demonstration: migrate, load countries, missions and the real UN benchmark "
        "frameworks, create one account per role, then run the development server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="Set everything up but do not start a server."
        )
        parser.add_argument(
            "--addrport",
            default="127.0.0.1:8000",
            help=(
                "Address and port of the development server (default 127.0.0.1:8000); "
                "another host name must be listed in ALLOWED_HOSTS."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                _("The demo creates demonstration accounts; it does not run in production.")
            )
        verbosity: int = options["verbosity"]
        call_command(
            "migrate", interactive=False, verbosity=max(verbosity - 1, 0), stdout=self.stdout
        )
        services.load_countries(acting_user=DEMO_LOADER)
        services.load_missions(acting_user=DEMO_LOADER)
        passwords = ensure_demo_accounts()
        self._load_app_demos(verbosity)
        self._report_accounts(passwords)
        if not options["no_serve"]:
            self._serve(options["addrport"])

    def _load_app_demos(self, verbosity: int) -> None:
        """Run each app's idempotent demo loader (see :mod:`ssrmonitor.core.appkit`), in
        ``INSTALLED_APPS`` order, and print what each did."""
        for config in apps.get_app_configs():
            if not isinstance(config, DomainAppConfig) or config.demo_loader is None:
                continue
            summary = config.load_demo()
            for line in config.describe_demo(summary, verbose=verbosity > 1):
                self.stdout.write(line)

    def _serve(self, addrport: str) -> None:
        """Run the development server; static files come from the finders (WhiteNoise)."""
        self.stdout.write(_("Starting the server at http://%s/ (Ctrl+C stops it).") % addrport)
        call_command("runserver", addrport, use_reloader=False)

    def _report_accounts(self, passwords: dict[str, str]) -> None:
        if passwords:
            self.stdout.write(_("Demo accounts created. Their passwords are shown only now:"))
            for account in DEMO_ACCOUNTS:
                if account.username in passwords:
                    roles = ", ".join(f"{role.label} {iso2}" for iso2, role in account.roles)
                    roles = roles or _("superuser")
                    self.stdout.write(
                        f"  {account.username:<24} {passwords[account.username]}  ({roles})"
                    )
        existing = [a.username for a in DEMO_ACCOUNTS if a.username not in passwords]
        if existing:
            self.stdout.write(
                _(
                    "These demo accounts already exist and keep their passwords: %s. "
                    "To set a new password: ssrmonitor changepassword <username>"
                )
                % ", ".join(existing)
            )
