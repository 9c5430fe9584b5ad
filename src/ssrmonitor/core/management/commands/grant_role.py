"""``ssrmonitor grant_role USERNAME ISO2 ROLE`` (or ``--revoke``): a user's role in a country."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.models import Country, Membership, Role, RoleGrant
from ssrmonitor.core.permissions import Action
from ssrmonitor.core.services import grant_role, revoke_role

# The operator at the command line, acting as the system with this one permission.
OPERATOR = system_actor("grant_role", [Action.MANAGE_MEMBERS])


class Command(BaseCommand):
    help = (
        "Give USERNAME the ROLE in the country ISO2 (replacing the role they held there), "
        "or take their role there away with --revoke. The change is audited as done by the system. "
        "A vetting role waits for the approval of an administrator of the country."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("iso2", help="ISO 3166-1 alpha-2 code of the country, e.g. HT.")
        parser.add_argument(
            "role",
            nargs="?",
            choices=Role.values,
            help="Role to grant (with --revoke: the role expected to be revoked).",
        )
        parser.add_argument(
            "--revoke", action="store_true", help="Revoke the user's role in the country instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["username"])
        country = self._country(options["iso2"])
        role: str | None = options["role"]
        if options["revoke"]:
            self._revoke(user, country, role)
        elif role is None:
            raise CommandError(_("Give the role to grant: one of %s.") % ", ".join(Role.values))
        else:
            granted = grant_role(user, country, Role(role), acting_user=OPERATOR)
            names = {
                "user": user.get_username(),
                "role": Role(role).label,
                "country": country.name,
                "iso2": country.iso2,
            }
            if isinstance(granted, RoleGrant):
                self.stdout.write(
                    _(
                        "%(user)s will be %(role)s in %(country)s (%(iso2)s) once approved: "
                        "pending approval by a second administrator on /access/grants/."
                    )
                    % names
                )
            else:
                self.stdout.write(_("%(user)s is now %(role)s in %(country)s (%(iso2)s).") % names)

    def _revoke(self, user: User, country: Country, role: str | None) -> None:
        held = Membership.objects.filter(user=user, country=country).first()
        names = {"user": user.get_username(), "iso2": country.iso2}
        if held is None:
            self.stdout.write(_("%(user)s has no role in %(iso2)s; nothing changed.") % names)
            return
        if role is not None and held.role != role:
            raise CommandError(
                _("%(user)s is %(held)s in %(iso2)s, not %(role)s; nothing changed.")
                % {**names, "held": held.role, "role": role}
            )
        revoke_role(user, country, acting_user=OPERATOR)
        self.stdout.write(_("%(user)s no longer has a role in %(iso2)s.") % names)

    def _user(self, username: str) -> User:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user is called %s.") % username)
        return user

    def _country(self, iso2: str) -> Country:
        country = Country.objects.filter(iso2=iso2.strip().upper()).first()
        if country is None:
            raise CommandError(
                _("No country has the code %s (run `ssrmonitor load_reference` first?).") % iso2
            )
        return country
