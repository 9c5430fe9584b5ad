"""Privileged access needs two people: the page of role grants and the admin site (finding 4)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from ssrmonitor.core import services
from ssrmonitor.core.models import GrantStatus, Membership, Role, RoleGrant
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import UserFactory, country, member

pytestmark = pytest.mark.django_db


def _pending(
    iso2: str, role: Role = Role.VETTING_OFFICER, grantee: User | None = None
) -> RoleGrant:
    grant = services.grant_role(grantee or UserFactory(), country(iso2), role, acting_user=SYSTEM)
    assert isinstance(grant, RoleGrant)
    return grant


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_lists_only_the_countries_the_user_manages(ada: User, root: User) -> None:
    haiti = _pending("HT", grantee=UserFactory(username="for-haiti"))
    _pending("CF", grantee=UserFactory(username="for-car"))
    page = _client(ada).get(reverse("role_grants"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert list(page.context["pending"]) == [haiti]
    assert "for-car" not in page.content.decode()
    everything = _client(root).get(reverse("role_grants"))
    assert {g.grantee.username for g in everything.context["pending"]} == {"for-haiti", "for-car"}


def test_the_page_is_hidden_from_everyone_else(alice: User, victor: User, vera: User) -> None:
    grant = _pending("HT")
    for user in (alice, victor, vera):
        client = _client(user)
        assert client.get(reverse("role_grants")).status_code == 404
        assert client.post(reverse("role_grant_approve", args=[grant.pk])).status_code == 404
    assert Client().get(reverse("role_grants")).status_code == 302  # to the sign-in page


def test_approve_and_refuse_on_the_page(ada: User, bob: User) -> None:
    approved, refused = _pending("HT"), _pending("HT", Role.CHILD_PROTECTION)
    client = _client(ada)
    assert client.post(reverse("role_grant_approve", args=[approved.pk])).status_code == 302
    assert Membership.objects.get(user=approved.grantee).role == Role.VETTING_OFFICER

    no_reason = client.post(reverse("role_grant_refuse", args=[refused.pk]), {"reason": " "})
    assert no_reason.status_code == 302
    assert RoleGrant.objects.get(pk=refused.pk).status == GrantStatus.PENDING
    client.post(reverse("role_grant_refuse", args=[refused.pk]), {"reason": "Not cleared"})
    refused.refresh_from_db()
    assert (refused.status, refused.reason, refused.decided_by) == (
        GrantStatus.REFUSED,
        "Not cleared",
        ada,
    )
    assert not Membership.objects.filter(user=refused.grantee).exists()
    other = _pending("HT")
    assert _client(bob).post(reverse("role_grant_approve", args=[other.pk])).status_code == 404


def test_one_cannot_approve_what_one_asked_for_on_the_page(ada: User) -> None:
    grant = services.grant_role(UserFactory(), country("HT"), Role.VETTING_OFFICER, acting_user=ada)
    assert isinstance(grant, RoleGrant)
    answer = _client(ada).post(reverse("role_grant_approve", args=[grant.pk]))
    assert answer.status_code == 403
    assert RoleGrant.objects.get(pk=grant.pk).status == GrantStatus.PENDING


def test_a_superuser_cannot_give_themselves_a_vetting_role_in_the_admin(root: User) -> None:
    client = _client(root)
    data = {"user": root.pk, "country": country("HT").pk, "role": Role.VETTING_OFFICER}
    answer = client.post(reverse("admin:core_membership_add"), data)
    assert answer.status_code == 302
    assert not Membership.objects.filter(user=root).exists()
    grant = RoleGrant.objects.get(grantee=root)
    assert (grant.status, grant.requested_by) == (GrantStatus.PENDING, root)


def test_changing_a_membership_to_a_vetting_role_in_the_admin_waits(root: User) -> None:
    alice = member("alice", "HT", "editor")
    held = Membership.objects.get(user=alice)
    data = {"user": alice.pk, "country": country("HT").pk, "role": Role.VETTING_REVIEWER}
    client = _client(root)
    assert (
        client.post(reverse("admin:core_membership_change", args=[held.pk]), data).status_code
        == 302
    )
    assert Membership.objects.get(user=alice).role == Role.EDITOR
    assert RoleGrant.objects.get(grantee=alice).role == Role.VETTING_REVIEWER
    data["role"] = Role.VIEWER  # an ordinary role: changed at once, as before
    client.post(reverse("admin:core_membership_change", args=[held.pk]), data)
    assert Membership.objects.get(user=alice).role == Role.VIEWER


def test_ticking_superuser_status_in_the_admin_waits_for_another_superuser(root: User) -> None:
    newcomer = UserFactory(username="newcomer")
    data = {
        "username": "newcomer",
        "email": "new@example.org",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    answer = _client(root).post(reverse("admin:auth_user_change", args=[newcomer.pk]), data)
    assert answer.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.email == "new@example.org"
    assert not newcomer.is_superuser
    grant = RoleGrant.objects.get(grantee=newcomer)
    assert (grant.role, grant.status) == ("superuser", GrantStatus.PENDING)
