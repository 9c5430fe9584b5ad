"""Privileged access needs two people (item 3 and finding 4 of issue 13): the services."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail

from ssrmonitor.core import services
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent, GrantStatus, Membership, Role, RoleGrant
from ssrmonitor.core.permissions import Action, Denied, has_action
from ssrmonitor.core.services_grants import approve_role_grant, refuse_role_grant
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import UserFactory, country, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada2(db: None) -> User:
    return member("ada2", "HT", "administrator")


def _pending(grantee: User, role: Role, by: User | None = None) -> RoleGrant:
    grant = services.grant_role(grantee, country("HT"), role, acting_user=by or SYSTEM)
    assert isinstance(grant, RoleGrant)
    assert grant.status == GrantStatus.PENDING
    return grant


def _sees_personal_data(user: User) -> bool:
    fresh = User.objects.get(pk=user.pk)
    return has_action(fresh, country("HT").pk, Action.VIEW_VETTING_PERSONAL)


def test_a_vetting_role_grants_nothing_until_a_second_administrator_approves(
    ada: User, ada2: User
) -> None:
    newcomer = UserFactory()
    grant = _pending(newcomer, Role.VETTING_OFFICER, by=ada)
    assert not Membership.objects.filter(user=newcomer).exists()
    assert not _sees_personal_data(newcomer)
    assert grant.requested_by == ada
    assert AuditEvent.objects.filter(action="request_grant", actor=ada).exists()

    approve_role_grant(grant, acting_user=ada2)
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == (GrantStatus.APPROVED, ada2)
    assert Membership.objects.get(user=newcomer).role == Role.VETTING_OFFICER
    assert _sees_personal_data(newcomer)
    assert AuditEvent.objects.filter(action="approve", actor=ada2).exists()


def test_asking_again_returns_the_pending_grant_and_a_held_role_its_membership(
    ada: User, ada2: User
) -> None:
    newcomer = UserFactory()
    grant = _pending(newcomer, Role.VETTING_REVIEWER, by=ada)
    assert _pending(newcomer, Role.VETTING_REVIEWER, by=ada).pk == grant.pk
    approve_role_grant(grant, acting_user=ada2)
    again = services.grant_role(newcomer, country("HT"), Role.VETTING_REVIEWER, acting_user=ada)
    assert isinstance(again, Membership)
    assert RoleGrant.objects.count() == 1


def test_the_requester_and_the_grantee_cannot_approve(ada: User, ada2: User) -> None:
    grant = _pending(ada2, Role.CHILD_PROTECTION, by=ada)
    for who in (ada, ada2):
        with pytest.raises(Denied):
            approve_role_grant(grant, acting_user=who)
        with pytest.raises(Denied):
            refuse_role_grant(grant, acting_user=who, reason="no")
    assert Membership.objects.get(user=ada2).role == Role.ADMINISTRATOR


def test_the_system_cannot_approve_and_others_countries_cannot_either(bob: User) -> None:
    grant = _pending(UserFactory(), Role.VETTING_OFFICER)
    with pytest.raises(Denied):
        approve_role_grant(grant, acting_user=SYSTEM)
    with pytest.raises(Denied):
        approve_role_grant(grant, acting_user=bob)
    cf_admin = member("cfadmin", "CF", "administrator")
    with pytest.raises(Denied):
        approve_role_grant(grant, acting_user=cf_admin)
    assert RoleGrant.objects.get().status == GrantStatus.PENDING


def test_a_refusal_needs_a_reason_and_gives_nothing(ada: User, ada2: User) -> None:
    newcomer = UserFactory()
    grant = _pending(newcomer, Role.VETTING_OFFICER, by=ada)
    with pytest.raises(ValidationFailed):
        refuse_role_grant(grant, acting_user=ada2, reason="  ")
    refuse_role_grant(grant, acting_user=ada2, reason="Not vetted yet")
    grant.refresh_from_db()
    assert (grant.status, grant.reason) == (GrantStatus.REFUSED, "Not vetted yet")
    assert not Membership.objects.filter(user=newcomer).exists()
    with pytest.raises(ValidationFailed):
        approve_role_grant(grant, acting_user=ada2)


def test_a_superuser_cannot_give_themselves_a_vetting_role(root: User) -> None:
    grant = _pending(root, Role.VETTING_OFFICER, by=root)
    with pytest.raises(Denied):
        approve_role_grant(grant, acting_user=root)
    assert not _sees_personal_data(root)


def test_superuser_status_directly_only_for_the_first_superuser(root: User) -> None:
    User.objects.filter(pk=root.pk).update(is_active=False)
    first = services.create_user(
        acting_user=SYSTEM, username="first", password=None, is_superuser=True
    )
    assert first.is_superuser and first.is_staff
    User.objects.filter(pk=root.pk).update(is_active=True)

    second = services.create_user(
        acting_user=root, username="second", password=None, is_superuser=True
    )
    second.refresh_from_db()
    assert not second.is_superuser
    grant = RoleGrant.objects.get(grantee=second)
    assert (grant.role, grant.country, grant.requested_by) == ("superuser", None, root)
    with pytest.raises(Denied):
        approve_role_grant(grant, acting_user=root)  # the requester
    with pytest.raises(Denied):
        approve_role_grant(grant, acting_user=member("htadmin", "HT", "administrator"))
    approve_role_grant(grant, acting_user=first)
    second.refresh_from_db()
    assert second.is_superuser and second.is_staff


def test_the_country_administrators_and_superusers_are_told_by_email(ada: User, root: User) -> None:
    User.objects.filter(pk=ada.pk).update(email="ada@example.org")
    User.objects.filter(pk=root.pk).update(email="root@example.org")
    member("cfadmin", "CF", "administrator")
    User.objects.filter(username="cfadmin").update(email="cf@example.org")
    member("htviewer", "HT", "viewer")
    User.objects.filter(username="htviewer").update(email="viewer@example.org")
    _pending(UserFactory(username="newcomer"), Role.VETTING_OFFICER)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["ada@example.org", "root@example.org"]
    assert "newcomer" in mail.outbox[0].subject


def test_ordinary_roles_are_granted_at_once_as_before(ada: User) -> None:
    newcomer = UserFactory()
    granted = services.grant_role(newcomer, country("HT"), Role.EDITOR, acting_user=ada)
    assert isinstance(granted, Membership)
    assert granted.role == Role.EDITOR
    assert not RoleGrant.objects.exists()
    assert mail.outbox == []
