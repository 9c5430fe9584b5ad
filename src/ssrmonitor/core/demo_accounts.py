"""Demo accounts whose passwords are always shown, even if the demo is killed mid-run.

``ssrmonitor demo`` used to create the accounts with their passwords, load every app's demo
data (minutes), and only then print the passwords: killed in between, it left accounts whose
passwords nobody had seen, and a second run kept them. Now the rule is that **an account has a
usable password only if that password was shown**:

1. missing accounts are created *without* a usable password, and given their roles;
2. every demo account still without one gets a fresh password, which is **shown first** and
   only then set (:func:`issue_password`, one transaction each).

Killed anywhere, a run leaves accounts that either have a password that was printed, or none;
the next run gives those a new one and prints it. Accounts that already have a password keep
it (the command says how to change it).
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable, Sequence
from typing import Protocol

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import audit, services
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country, Membership, Role, RoleGrant
from ssrmonitor.core.permissions import Action, Denied, has_action
from ssrmonitor.core.services_grants import approve_role_grant


class AccountSpec(Protocol):
    """A demonstration account: its name, its roles as (ISO alpha-2, role), superuser or not."""

    @property
    def username(self) -> str: ...

    @property
    def roles(self) -> tuple[tuple[str, Role], ...]: ...

    @property
    def is_superuser(self) -> bool: ...


Show = Callable[[dict[str, str]], None]


def _require_accounts(acting_user: Actor) -> None:
    if not has_action(acting_user, None, Action.MANAGE_ACCOUNTS):
        raise Denied(_("Only an operator may manage accounts."))


@transaction.atomic(durable=True)
def issue_password(user: User, *, acting_user: Actor, password: str) -> User:
    """Set ``user``'s password (audited, without the password): the demo's accounts only."""
    _require_accounts(acting_user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        actor=acting_user, action="set_password", obj=user, after={"username": user.username}
    )
    return user


def ensure_demo_accounts(
    accounts: Sequence[AccountSpec], *, acting_user: Actor, show: Show
) -> dict[str, str]:
    """Create the missing accounts, grant their roles, and issue the passwords never shown.

    The vetting roles are requested by the demo loader (the system) and approved by the demo's
    superuser, a person: the same two steps as anywhere else (see ``core.services_grants``).

    ``show`` receives ``{username: password}`` of the accounts given a password now (empty when
    none) and must print them: it is called *before* the passwords are set. Returns the same.
    """
    _require_accounts(acting_user)
    users = User.objects
    for account in accounts:
        user = users.filter(username=account.username).first()
        if user is None:
            user = services.create_user(
                acting_user=acting_user,
                username=account.username,
                password=None,
                is_superuser=account.is_superuser,
            )
        for iso2, role in account.roles:
            granted = services.grant_role(
                user, Country.objects.get(iso2=iso2), role, acting_user=acting_user
            )
            _approve_as_demo_superuser(granted, accounts)
    names = [account.username for account in accounts]
    unshown = [user for user in users.filter(username__in=names) if not user.has_usable_password()]
    passwords = {user.username: secrets.token_urlsafe(18) for user in unshown}
    show(passwords)
    sys.stdout.flush()  # on the terminal before any password is set: a kill loses none unseen
    for user in unshown:
        issue_password(user, acting_user=acting_user, password=passwords[user.username])
    return passwords


def _approve_as_demo_superuser(
    granted: Membership | RoleGrant, accounts: Sequence[AccountSpec]
) -> None:
    """Approve a pending grant of a demo account as the demo's superuser (when there is one)."""
    if not isinstance(granted, RoleGrant):
        return
    names = [account.username for account in accounts if account.is_superuser]
    approver = User.objects.filter(username__in=names, is_superuser=True, is_active=True).first()
    if approver is not None:
        approve_role_grant(granted, acting_user=approver)
