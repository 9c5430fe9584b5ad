"""``ssrmonitor load_reference``: load or update the bundled countries and missions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.permissions import Action
from ssrmonitor.core.services import load_countries, load_missions

# The operator at the command line, acting as the system with this one permission.
OPERATOR = system_actor("load_reference", [Action.MANAGE_REFERENCE])


class Command(BaseCommand):
    help = (
        "Create or update the ISO 3166-1 countries (with their UN M49 regions) and the UN "
        "peace operations and political missions bundled with SSR Monitor. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        countries = load_countries(acting_user=OPERATOR)
        missions = load_missions(acting_user=OPERATOR)
        self.stdout.write(
            _(
                "Reference data loaded: %(countries)d countries and %(missions)d missions "
                "created or updated."
            )
            % {"countries": countries, "missions": missions}
        )
