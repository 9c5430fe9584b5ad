"""``ssrmonitor create_api_token USERNAME --name NAME [--days N]``: make a bearer token."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.permissions import Action
from ssrmonitor.core.services import create_api_token

# The operator at the command line, acting as the system with this one permission.
OPERATOR = system_actor("create_api_token", [Action.MANAGE_ACCOUNTS])


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print it once: only its SHA-256 digest is kept. "
        "The token acts with the user's roles (send it as 'Authorization: Bearer <token>')."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user the token acts for.")
        parser.add_argument("--name", required=True, help="What the token is for (shown in lists).")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Expire the token after this many days (default: never; revoke it instead).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user is called {options['username']!r}.")
        if not user.is_active:
            raise CommandError(f"{user.get_username()} is inactive: a token would not work.")
        days = options["days"]
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        token, raw = create_api_token(
            user, acting_user=OPERATOR, name=options["name"].strip(), expires_at=expires_at
        )
        self.stdout.write(raw)
        until = f"until {expires_at:%Y-%m-%d %H:%M} UTC" if expires_at else "until revoked"
        self.stderr.write(
            f"Token {token.prefix}… for {user.get_username()} ({token.name}), valid {until}. "
            "Copy it now: it is not stored and cannot be shown again."
        )
