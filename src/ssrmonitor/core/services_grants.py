"""Privileged access needs two people: requests of vetting roles and superuser status, decided.

Granting a role in :data:`~ssrmonitor.core.models.grants.PRIVILEGED_ROLES` (personal data of
vetting) or superuser status — by a page, a command or the admin site — only makes a pending
:class:`~ssrmonitor.core.models.RoleGrant` and tells the country's administrators by email; the
list of pending grants (``/access/grants/``) is the notice in the application. The role is
given only when a *person* approves: one who holds ``access.manage_members`` in the country (a
superuser for superuser status), who is neither the requester nor the grantee. Until then the
grant gives nothing.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country, GrantStatus, Membership, Role, RoleGrant
from ssrmonitor.core.models.grants import SUPERUSER
from ssrmonitor.core.permissions import Action, Denied, forget_roles, has_action


def set_membership(user: User, country: Country, role: Role, actor: Actor) -> Membership:
    """Give ``user`` the ``role`` in ``country``, audited; run after the caller's checks."""
    membership = Membership.objects.filter(user=user, country=country).first()
    if membership is None:
        membership = Membership.objects.create(user=user, country=country, role=role)
        after = {"user": user.pk, "role": role}
        audit.record(
            actor=actor, action="grant", obj=membership, country_iso2=country.iso2, after=after
        )
    elif membership.role != role:
        before = {"role": membership.role}
        membership.role = role
        membership.save(update_fields=["role"])
        audit.record(
            actor=actor,
            action="grant",
            obj=membership,
            country_iso2=country.iso2,
            before=before,
            after={"role": role},
        )
    forget_roles(user)
    return membership


def request_grant(grantee: User, country: Country | None, role: str, actor: Actor) -> RoleGrant:
    """The pending grant of ``role`` (made now, audited and notified, unless one is pending).

    Runs inside the caller's service, after its permission check.
    """
    pending = RoleGrant.objects.filter(
        grantee=grantee, country=country, role=role, status=GrantStatus.PENDING
    ).first()
    if pending is not None:
        return pending
    requester = actor if isinstance(actor, User) else None
    grant = RoleGrant.objects.create(
        grantee=grantee,
        country=country,
        role=role,
        requested_by=requester,
        requested_by_name=requester.get_username() if requester is not None else str(actor),
    )
    audit.record(
        actor=actor,
        action="request_grant",
        obj=grant,
        country_iso2=country.iso2 if country is not None else "",
        after={"grantee": grantee.pk, "role": role},
    )
    _notify(grant)
    return grant


def _notify(grant: RoleGrant) -> None:
    """Email the country's administrators and the superusers (never the requester alone)."""
    admins = Q(is_superuser=True)
    if grant.country is not None:
        admins |= Q(memberships__country=grant.country, memberships__role=Role.ADMINISTRATOR)
    recipients = sorted(
        set(
            User.objects.filter(admins, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not recipients:
        return
    where = grant.country.name if grant.country is not None else _("every country")
    subject = _("SSR Monitor: %(role)s for %(user)s awaits a second approval") % {
        "role": grant.get_role_display(),
        "user": grant.grantee.get_username(),
    }
    body = _(
        "%(requester)s asked to give %(user)s the role %(role)s (%(where)s). It grants nothing "
        "until an administrator other than the requester and the grantee approves it on the "
        "page /access/grants/."
    ) % {
        "requester": grant.requested_by_name,
        "user": grant.grantee.get_username(),
        "role": grant.get_role_display(),
        "where": where,
    }
    send_mail(subject, body, None, recipients, fail_silently=True)


def _require_second_person(grant: RoleGrant, acting_user: Actor) -> User:
    """The decider: a person who may manage the grant's country, neither requester nor grantee."""
    if not isinstance(acting_user, User):
        raise Denied(_("Only a person decides a grant of privileged access, never the system."))
    if grant.is_superuser_grant:
        allowed = bool(acting_user.is_active and acting_user.is_superuser)
    else:
        country_id = grant.country_id
        allowed = country_id is not None and has_action(
            acting_user, country_id, Action.MANAGE_MEMBERS
        )
    if not allowed:
        raise Denied(_("You may not decide this grant: it needs an administrator of the country."))
    if acting_user.pk in (grant.requested_by_id, grant.grantee_id):
        raise Denied(
            _("A second administrator decides: not the one who asked, nor the one who receives.")
        )
    if grant.status != GrantStatus.PENDING:
        raise ValidationFailed.one("__all__", _("This grant was already decided."))
    return acting_user


def _decide(grant: RoleGrant, decider: User, status: GrantStatus, reason: str) -> None:
    grant.status = status
    grant.decided_by = decider
    grant.decided_at = timezone.now()
    grant.reason = reason
    grant.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit.record(
        actor=decider,
        action="approve" if status == GrantStatus.APPROVED else "refuse",
        obj=grant,
        country_iso2=grant.country.iso2 if grant.country is not None else "",
        before={"status": GrantStatus.PENDING},
        after={"status": status, "reason": reason},
    )


@transaction.atomic(durable=True)
def approve_role_grant(grant: RoleGrant, *, acting_user: Actor) -> RoleGrant:
    """Approve a pending grant: the role (or superuser status) is given now, audited."""
    grant = (
        RoleGrant.objects.select_for_update(of=("self",))
        .select_related("grantee", "country")
        .get(pk=grant.pk)
    )
    decider = _require_second_person(grant, acting_user)
    _decide(grant, decider, GrantStatus.APPROVED, "")
    grantee = grant.grantee
    if grant.role == SUPERUSER:
        before = {"is_superuser": grantee.is_superuser, "is_staff": grantee.is_staff}
        grantee.is_superuser = grantee.is_staff = True
        grantee.save(update_fields=["is_superuser", "is_staff"])
        after = {"is_superuser": True, "is_staff": True}
        audit.record(actor=decider, action="grant", obj=grantee, before=before, after=after)
    elif grant.country is not None:
        set_membership(grantee, grant.country, Role(grant.role), decider)
    return grant


@transaction.atomic(durable=True)
def refuse_role_grant(grant: RoleGrant, *, acting_user: Actor, reason: str) -> RoleGrant:
    """Refuse a pending grant, saying why; nothing is given."""
    grant = (
        RoleGrant.objects.select_for_update(of=("self",)).select_related("country").get(pk=grant.pk)
    )
    decider = _require_second_person(grant, acting_user)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed.one("reason", _("Say why the grant is refused."))
    _decide(grant, decider, GrantStatus.REFUSED, reason)
    return grant


@transaction.atomic(durable=True)
def request_superuser(user: User, *, acting_user: Actor) -> RoleGrant | None:
    """Ask for superuser status for ``user`` (the admin site's tick box); ``None`` if held."""
    if not has_action(acting_user, None, Action.MANAGE_ACCOUNTS):
        raise Denied(_("Only an operator may manage accounts."))
    if user.is_superuser:
        return None
    return request_grant(user, None, SUPERUSER, acting_user)
