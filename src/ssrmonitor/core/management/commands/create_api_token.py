"""``ssrmonitor create_api_token USERNAME --name NAME [--scope S] [--days N | --no-expiry]``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models.access import TokenScope
from ssrmonitor.core.permissions import Action
from ssrmonitor.core.services import create_api_token

# The operator at the command line, acting as the system with this one permission.
OPERATOR = system_actor("create_api_token", [Action.MANAGE_ACCOUNTS])


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print it once: only its SHA-256 digest is kept. "
        "The token acts with the user's roles (send it as 'Authorization: Bearer <token>'). "
        "It is read-only unless --scope read_write, and expires after SSRMONITOR_API_TOKEN_DAYS "
        "days (90 unless set) unless --days or --no-expiry says otherwise. Users make their own "
        "tokens, for at most that long, on the API tokens page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user the token acts for.")
        parser.add_argument("--name", required=True, help="What the token is for (shown in lists).")
        parser.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.READ,
            help="read (GET only, the default) or read_write (also POST, PUT, PATCH, DELETE).",
        )
        lifetime = parser.add_mutually_exclusive_group()
        lifetime.add_argument(
            "--days",
            type=int,
            default=None,
            help="Expire the token after this many days (default: SSRMONITOR_API_TOKEN_DAYS).",
        )
        lifetime.add_argument(
            "--no-expiry",
            action="store_true",
            help="A token that never expires, for a service account: revoke it when done.",
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
        lifetime = days if days is not None else settings.SSRMONITOR_API_TOKEN_DAYS
        expires_at = None if options["no_expiry"] else timezone.now() + timedelta(days=lifetime)
        try:
            token, raw = create_api_token(
                user,
                acting_user=OPERATOR,
                name=options["name"],
                scope=TokenScope(options["scope"]),
                expires_at=expires_at,
                never_expires=options["no_expiry"],
            )
        except ValidationFailed as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(raw)
        until = f"until {expires_at:%Y-%m-%d %H:%M} UTC" if expires_at else "until revoked"
        self.stderr.write(
            f"Token {token.prefix}… for {user.get_username()} ({token.name}, "
            f"{token.get_scope_display().lower()}), valid {until}. "
            "Copy it now: it is not stored and cannot be shown again."
        )
