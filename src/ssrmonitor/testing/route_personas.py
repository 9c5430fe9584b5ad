"""The personas of the route matrix (``tests/routes/``): who asks, by what they hold.

Each persona is named by what it holds in Haiti, the country of the objects the matrix reads
and writes, and is one of the named personas of :mod:`ssrmonitor.testing.fixtures`:

* ``public`` — the anonymous visitor.
* ``viewer`` (victor), ``editor`` (alice), ``reviewer`` (rachel), ``administrator`` (ada),
  ``vetting_officer`` (vera), ``vetting_reviewer`` (reuben), ``child_protection`` (chloe) —
  each role in Haiti.
* ``outsider`` (bob) — an editor of the Central African Republic, with no role in Haiti;
  ``outsider_vetting`` (fabrice) — a vetting officer of the Central African Republic.
* ``deactivated`` (dora) — an administrator of Haiti whose account was deactivated.
* ``superuser`` (root) — every action everywhere, except vetting personal data.
* API only: ``token_revoked``, ``token_expired`` (tokens of ada, revoked or expired) and
  ``token_inactive`` (a token of the deactivated dora): each must answer 401, never fall back to
  the anonymous public.

Pages and session routes are asked with the session :func:`sessions` made with Django's
``force_login`` (the test kit marks such sessions as verified for multi-factor sign-in).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from ssrmonitor.core.models import ApiToken
from ssrmonitor.core.models.access import hash_token
from ssrmonitor.testing.factories import UserFactory, member

# persona → (username, country, role); the superuser has no role, only its flag
ROLES: dict[str, tuple[str, str, str]] = {
    "viewer": ("victor", "HT", "viewer"),
    "editor": ("alice", "HT", "editor"),
    "reviewer": ("rachel", "HT", "reviewer"),
    "administrator": ("ada", "HT", "administrator"),
    "vetting_officer": ("vera", "HT", "vetting_officer"),
    "vetting_reviewer": ("reuben", "HT", "vetting_reviewer"),
    "child_protection": ("chloe", "HT", "child_protection"),
    "outsider": ("bob", "CF", "editor"),
    "outsider_vetting": ("fabrice", "CF", "vetting_officer"),
    "deactivated": ("dora", "HT", "administrator"),
}
HT_ROLES = (
    "viewer",
    "editor",
    "reviewer",
    "administrator",
    "vetting_officer",
    "vetting_reviewer",
    "child_protection",
)
PAGE_PERSONAS = (
    "public",
    *HT_ROLES,
    "outsider",
    "outsider_vetting",
    "deactivated",
    "superuser",
)
TOKEN_PERSONAS = ("token_revoked", "token_expired", "token_inactive")
API_PERSONAS = (*PAGE_PERSONAS, *TOKEN_PERSONAS)


@dataclass(frozen=True)
class RoutePersonas:
    """The accounts, their signed-in sessions and the refused bearer tokens."""

    users: dict[str, User]
    sessions: dict[str, str]
    tokens: dict[str, str]


def route_personas() -> RoutePersonas:
    """Every persona, created once: dora signs in, then her account is deactivated."""
    users = {name: member(*spec) for name, spec in ROLES.items()}
    users["superuser"] = UserFactory(username="root", is_superuser=True, is_staff=True)
    keys = {name: _session(user) for name, user in users.items()}
    users["deactivated"].is_active = False
    users["deactivated"].save(update_fields=["is_active"])
    return RoutePersonas(users, keys, _refused_tokens(users))


def _session(user: User) -> str:
    """A signed-in session key (``force_login``)."""
    client = Client()
    client.force_login(user)
    return str(client.session.session_key)


def _token(user: User, name: str, **dates: object) -> str:
    raw = f"ssrm_{secrets.token_urlsafe(32)}"
    ApiToken.objects.create(user=user, name=name, digest=hash_token(raw), prefix=raw[:8], **dates)
    return raw


def _refused_tokens(users: dict[str, User]) -> dict[str, str]:
    """Raw bearer tokens the API must refuse with 401: revoked, expired, of an inactive user."""
    now = timezone.now()
    return {
        "token_revoked": _token(users["administrator"], "revoked", revoked_at=now),
        "token_expired": _token(
            users["administrator"], "expired", expires_at=now - timedelta(minutes=1)
        ),
        "token_inactive": _token(users["deactivated"], "inactive"),
    }
