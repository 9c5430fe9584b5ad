"""``ssrmonitor demo``: a working demonstration in one command.

Creates or updates the database, loads the reference data, creates one account per role
(passwords printed once, with the set-up key of the authenticator app of each account that
needs a second factor; ``ssrmonitor totp_code USER`` prints its current code), runs each app's
demo loader (the real UN benchmark frameworks first), prints what is there and serves it with
``ssrmonitor serve`` (and ``ssrmonitor worker`` beside). Every step goes through the services
and is idempotent: a second run changes nothing and writes no audit event.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ssrmonitor.core import services
from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.appkit import DomainAppConfig
from ssrmonitor.core.demo_accounts import ensure_demo_accounts
from ssrmonitor.core.mfa import services as mfa_services
from ssrmonitor.core.mfa.permissions import required_for
from ssrmonitor.core.models import Role
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


class Command(BaseCommand):
    help = (
        "Set up a demonstration: migrate, load countries, missions and the real UN benchmark "
        "frameworks, create one account per role, then serve the web app (and run a job "
        "worker beside it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="Set everything up but do not start a server."
        )
        parser.add_argument(
            "--addrport",
            default="127.0.0.1:8000",
            help=(
                "Address and port of the server (default 127.0.0.1:8000); "
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
        # Passwords are printed before the long app loaders, and set only once printed.
        ensure_demo_accounts(DEMO_ACCOUNTS, acting_user=DEMO_LOADER, show=self._report_accounts)
        self._load_app_demos(verbosity)
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
        """Serve with ``ssrmonitor serve`` (gunicorn; static files from the finders through
        WhiteNoise), with a job worker (``ssrmonitor worker``) beside it when this version has
        one; the worker stops with the server."""
        self.stdout.write(_("Starting the server at http://%s/ (Ctrl+C stops it).") % addrport)
        worker = _start_job_worker()
        try:
            call_command("serve", bind=[addrport], workers=1, threads=4)
        finally:
            _stop(worker)

    def _report_accounts(self, passwords: dict[str, str]) -> None:
        keys = _second_factors(passwords)
        label = _("authenticator set-up key")
        if passwords:
            self.stdout.write(_("Demo accounts created. Their passwords are shown only now:"))
            for account in DEMO_ACCOUNTS:
                if account.username in passwords:
                    roles = ", ".join(f"{role.label} {iso2}" for iso2, role in account.roles)
                    roles = roles or _("superuser")
                    key = keys.get(account.username)
                    extra = f"  {label}: {key}" if key else ""
                    self.stdout.write(
                        f"  {account.username:<24} {passwords[account.username]}  ({roles}){extra}"
                    )
        if keys:
            self.stdout.write(
                _(
                    "Accounts with a set-up key need a second factor at sign-in: add the key to "
                    "an authenticator app, or print the current code with "
                    "`ssrmonitor totp_code <username>`."
                )
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


def _start_job_worker() -> subprocess.Popen[bytes] | None:
    """``ssrmonitor worker`` as a child process, if this version has the command."""
    if "worker" not in get_commands():
        return None
    return subprocess.Popen([sys.executable, "-m", "ssrmonitor", "worker"])


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    """Stop a child process: TERM, then KILL after 10 s."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _second_factors(passwords: dict[str, str]) -> dict[str, str]:
    """An authenticator app for each account given a password now that needs a second factor.

    Any earlier one is reset first (a run killed before its password was set): the key printed
    with the password is the one that works. Returns {username: set-up key}.
    """
    keys: dict[str, str] = {}
    for account in DEMO_ACCOUNTS:
        roles = [role for _iso2, role in account.roles]
        needed = required_for(superuser=account.is_superuser, roles=roles)
        if account.username not in passwords or not needed:
            continue
        user = User.objects.get(username=account.username)
        mfa_services.reset_devices(acting_user=DEMO_LOADER, user=user)
        _device, keys[account.username] = mfa_services.provision_totp(
            acting_user=DEMO_LOADER, user=user, name=_("Demo authenticator")
        )
    return keys
