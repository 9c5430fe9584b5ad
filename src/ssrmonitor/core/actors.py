"""Who acts: a signed-in person, the anonymous public, or the system itself.

Every service function takes ``acting_user: Actor`` keyword-only, and checks its permission
unconditionally. A person is a :class:`~django.contrib.auth.models.User`. Work that no person
does at the moment it runs — loading the demo, an import an operator starts from the command
line, a scheduled job — acts as a :class:`SystemActor`, which holds **only** the actions its
caller names (and no others, in any country), and is recorded as ``system`` in the audit log.

Reads take a :data:`Viewer`: whoever's permissions decide what is shown, the anonymous public
(:class:`~django.contrib.auth.models.AnonymousUser`) included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeAlias

from django.contrib.auth.models import AnonymousUser, User

if TYPE_CHECKING:
    from ssrmonitor.core.permissions import Action


@dataclass(frozen=True)
class SystemActor:
    """The system acting on its own, holding only the actions named when it is made.

    Args:
        name: what is acting, for logs and messages (``demo``, ``import_iati``…).
        actions: the actions it may take, in every country; nothing else is allowed.
    """

    name: str
    actions: frozenset[Action] = field(default_factory=frozenset)

    # Read like a user by code that only needs "is this a signed-in person?".
    pk: None = None
    is_active: Literal[True] = True
    is_authenticated: Literal[False] = False
    is_superuser: Literal[False] = False

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return f"system ({self.name})"


def system_actor(name: str, actions: Iterable[Action]) -> SystemActor:
    """A :class:`SystemActor` named ``name`` holding exactly ``actions``."""
    return SystemActor(name, frozenset(actions))


Actor: TypeAlias = User | SystemActor
"""Who may write: a signed-in user or the system."""

Viewer: TypeAlias = User | AnonymousUser | SystemActor
"""Whose permissions decide a read: a user, the anonymous public, or the system."""


def person(actor: Actor | AnonymousUser) -> User | None:
    """The user behind ``actor`` (``None`` for the system or the public): for ``created_by``."""
    return actor if isinstance(actor, User) else None
