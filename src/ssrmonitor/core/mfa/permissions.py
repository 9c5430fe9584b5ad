"""Who must pass the second factor, and who may reset another person's devices.

``SSRMONITOR_MFA_REQUIRED_FOR=roles`` (the default) requires it of superusers and of holders of
:data:`MFA_ROLES` in any country; ``all`` of everyone signed in. Anyone else may enrol, and is
then asked for the second factor at every sign-in too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Actor, Viewer
from ssrmonitor.core.models import Membership, Role
from ssrmonitor.core.permissions import (
    Action,
    NotFound,
    country_ids_with,
    has_action,
    is_superuser,
    roles_of,
)

MFA_ROLES = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.REVIEWER,
        Role.VETTING_OFFICER,
        Role.VETTING_REVIEWER,
        Role.CHILD_PROTECTION,
    }
)


def required_for(*, superuser: bool, roles: Iterable[str]) -> bool:
    """Whether an account with this status and these roles must pass the second factor."""
    if settings.SSRMONITOR_MFA_REQUIRED_FOR == "all":
        return True
    return superuser or any(role in MFA_ROLES for role in roles)


def second_factor_required(user: Viewer) -> bool:
    """True when ``user`` must pass the second factor (roles read once per request)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return required_for(superuser=is_superuser(user), roles=roles_of(user).values())


def can_reset_devices(actor: Actor, user: User) -> tuple[bool, str]:
    """Whether ``actor`` may remove every second factor of ``user``, and why not.

    Superusers may, and administrators (``access.manage_members``) of a country where ``user``
    holds a role; never for themselves, and only a superuser for a superuser.
    """
    if isinstance(actor, User) and actor.pk == user.pk:
        return False, _("You cannot reset your own second factor: ask another administrator.")
    if has_action(actor, None, Action.MANAGE_MEMBERS):
        return True, ""
    if user.is_superuser:
        return False, _("Only a superuser can reset a superuser's second factor.")
    if _shared_countries(actor, user):
        return True, ""
    return False, _(
        "You may reset the second factor only of people who hold a role in a country you "
        "administer."
    )


def _shared_countries(actor: Actor, user: User) -> list[str]:
    ids = country_ids_with(actor, Action.MANAGE_MEMBERS)
    theirs = Membership.objects.filter(user=user)
    if ids is not None:
        theirs = theirs.filter(country_id__in=ids)
    return sorted(theirs.values_list("country__iso2", flat=True))


def audit_country_of_reset(actor: Actor, user: User) -> str:
    """The country under which a reset is logged: the first one both share, else none."""
    shared = _shared_countries(actor, user)
    return shared[0] if shared else ""


def people_visible_to(viewer: Viewer) -> QuerySet[User]:
    """The active accounts whose devices ``viewer`` may reset (not themselves).

    :class:`NotFound` for anyone who administers no country, so the page's existence is not
    revealed.
    """
    ids = country_ids_with(viewer, Action.MANAGE_MEMBERS)
    people = User.objects.filter(is_active=True).order_by("username")
    if isinstance(viewer, User):
        people = people.exclude(pk=viewer.pk)
    if ids is None:
        return people
    if not ids:
        raise NotFound
    return people.filter(memberships__country_id__in=ids, is_superuser=False).distinct()
