"""``ssrmonitor totp_code USER``: the code a demo account's authenticator app shows now.

For scripted tours of the demo (the demo prints each account's set-up key once). It reads a
secret of the second factor, so it refuses to run in production. A code is accepted once:
to sign in again within the same 30 seconds, wait for the next one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssrmonitor.core.mfa.devices import current_code


class Command(BaseCommand):
    help = (
        "Print the current code of an account's authenticator app (demo and scripted tours "
        "only; refused in production)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The account, e.g. demo-reviewer.")

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                _("totp_code shows a second factor's code; it does not run in production.")
            )
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No account is named %s.") % options["username"])
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            raise CommandError(_("%s has no authenticator app.") % user.get_username())
        self.stdout.write(current_code(device))
