"""``ssrmonitor revoke_api_token TOKEN_OR_PREFIX [--user USERNAME]``: stop a token at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.api_support import TOKEN_PREFIX
from ssrmonitor.core.models import ApiToken
from ssrmonitor.core.models.access import hash_token
from ssrmonitor.core.permissions import Action
from ssrmonitor.core.services import revoke_api_token

# The operator at the command line, acting as the system with this one permission.
OPERATOR = system_actor("revoke_api_token", [Action.MANAGE_ACCOUNTS])


def _matching(token_or_prefix: str, username: str | None) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.filter(revoked_at__isnull=True).select_related("user")
    if username:
        tokens = tokens.filter(user__username=username)
    if token_or_prefix.startswith(TOKEN_PREFIX):
        return tokens.filter(digest=hash_token(token_or_prefix))
    return tokens.filter(prefix=token_or_prefix)


class Command(BaseCommand):
    help = (
        "Revoke an API token, given whole or by the 8-character prefix printed when it was "
        "created. It stops working on the next request."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("token", help="The token itself (ssrm_…) or its 8-character prefix.")
        parser.add_argument("--user", default=None, help="Only tokens of this user.")

    def handle(self, *args: Any, **options: Any) -> None:
        tokens = list(_matching(options["token"].strip(), options["user"]))
        if not tokens:
            raise CommandError("No active token matches.")
        if len(tokens) > 1:
            owners = ", ".join(f"{t.user.get_username()} ({t.name})" for t in tokens)
            raise CommandError(f"{len(tokens)} tokens match ({owners}): add --user.")
        token = revoke_api_token(tokens[0], acting_user=OPERATOR)
        self.stdout.write(
            f"Revoked token {token.prefix}… of {token.user.get_username()} ({token.name})."
        )
