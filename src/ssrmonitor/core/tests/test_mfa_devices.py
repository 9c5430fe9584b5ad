"""One's own second factors (list, removal), an administrator's reset, and the test kit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssrmonitor.core import services as core_services
from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.mfa import services
from ssrmonitor.core.models import AuditEvent, Membership, Role
from ssrmonitor.core.permissions import Action, Denied
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.mfa import TEST_DEVICE, code_of, enrolled, sign_in

pytestmark = pytest.mark.django_db


def _verified_client(user: Any, device: Any) -> Client:
    client = Client()
    sign_in(client, user.get_username())
    assert client.post(reverse("mfa:verify"), {"code": code_of(device)}).status_code == 302
    return client


# --- the test kit ----------------------------------------------------------------------------


def test_force_login_passes_the_second_factor_of_those_who_need_it(
    client: Client, rachel: Any, alice: Any
) -> None:
    client.force_login(rachel)
    assert client.get(reverse("benchmarks:review_queue")).status_code == 200
    assert TOTPDevice.objects.filter(user=rachel, name=TEST_DEVICE).exists()
    Client().force_login(alice)
    assert not TOTPDevice.objects.filter(user=alice).exists()


@pytest.mark.real_mfa
def test_force_login_is_djangos_own_in_tests_marked_real_mfa(client: Client, rachel: Any) -> None:
    client.force_login(rachel)
    response = client.get(reverse("benchmarks:review_queue"))
    assert response["Location"].startswith(reverse("mfa:setup"))


# --- one's own factors ---------------------------------------------------------------------


@pytest.mark.real_mfa
def test_the_sign_in_security_page_lists_ones_factors(rachel: Any, ada: Any) -> None:
    phone = enrolled(rachel, "work phone")
    services.create_recovery_codes(acting_user=rachel, verified_with=phone)
    html = _verified_client(rachel, phone).get(reverse("mfa:devices")).content.decode()
    assert "work phone" in html
    assert reverse("mfa:remove", args=["totp", phone.pk]) in html
    assert "10 unused recovery codes." in html
    assert reverse("mfa:people") not in html
    admin_phone = enrolled(ada)
    assert (
        reverse("mfa:people")
        in _verified_client(ada, admin_phone).get(reverse("mfa:devices")).content.decode()
    )


@pytest.mark.real_mfa
def test_removing_a_factor_keeps_the_last_one_of_a_reviewer(rachel: Any) -> None:
    phone, tablet = enrolled(rachel, "phone"), enrolled(rachel, "tablet")
    client = _verified_client(rachel, phone)
    assert client.post(reverse("mfa:remove", args=["totp", tablet.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(pk=tablet.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_type="otp_totp.totpdevice").exists()
    refused = client.post(reverse("mfa:remove", args=["totp", phone.pk]), follow=True)
    assert "Your role requires a second factor" in refused.content.decode()
    assert TOTPDevice.objects.filter(pk=phone.pk).exists()


@pytest.mark.real_mfa
def test_nobody_removes_someone_elses_factor(rachel: Any, reuben: Any) -> None:
    theirs = enrolled(reuben)
    client = _verified_client(rachel, enrolled(rachel))
    assert client.post(reverse("mfa:remove", args=["totp", theirs.pk])).status_code == 404
    assert client.post(reverse("mfa:remove", args=["sms", 1])).status_code == 404
    with pytest.raises(Denied):
        services.remove_device(acting_user=rachel, device=theirs, verified_with=None)
    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()


def test_changing_ones_factors_needs_a_verified_session(rachel: Any) -> None:
    phone = enrolled(rachel)
    with pytest.raises(Denied):
        services.create_recovery_codes(acting_user=rachel, verified_with=None)
    with pytest.raises(Denied):
        services.remove_device(acting_user=rachel, device=phone, verified_with=None)
    with pytest.raises(Denied):
        services.enrol_totp(
            acting_user=rachel, key="ab" * 20, code="123456", name="", verified_with=None
        )
    assert not AuditEvent.objects.exists()


def test_only_an_operators_command_sets_up_a_factor_for_someone_else(
    rachel: Any, root: Any
) -> None:
    with pytest.raises(Denied):
        services.provision_totp(acting_user=root, user=rachel, name="given")
    operator = system_actor("demo", [Action.MANAGE_ACCOUNTS])
    device, key = services.provision_totp(acting_user=operator, user=rachel, name="given")
    assert device.confirmed and len(key.replace(" ", "")) == 32
    assert key.replace(" ", "") not in str(AuditEvent.objects.get(action="create").after)


# --- an administrator's reset ----------------------------------------------------------------


def test_an_administrator_resets_someone_of_their_country(rachel: Any, ada: Any) -> None:
    phone = enrolled(rachel)
    services.create_recovery_codes(acting_user=rachel, verified_with=phone)
    assert services.reset_devices(acting_user=ada, user=rachel) == 2
    assert not TOTPDevice.objects.filter(user=rachel).exists()
    assert not StaticDevice.objects.filter(user=rachel).exists()
    event = AuditEvent.objects.get(action="reset")
    assert (event.actor_name, event.country_iso2, event.object_id) == ("ada", "HT", str(rachel.pk))
    assert event.before == {"devices": ["totp: phone", "recovery: Recovery codes"]}


@pytest.mark.parametrize(
    ("actor_name", "target_name", "reason"),
    [
        ("ada", "ada", "your own"),
        ("root", "root", "your own"),
        ("ada", "bob", "a country you administer"),
        ("ada", "root", "Only a superuser"),
        ("rachel", "alice", "a country you administer"),
    ],
)
def test_who_may_not_reset(
    personas: dict[str, Any], actor_name: str, target_name: str, reason: str
) -> None:
    target = personas[target_name]
    core_services.grant_role(personas["root"], country("HT"), Role.VIEWER, acting_user=SYSTEM)
    enrolled(target)
    with pytest.raises(Denied, match=reason):
        services.reset_devices(acting_user=personas[actor_name], user=target)
    assert TOTPDevice.objects.filter(user=target).exists()
    assert not AuditEvent.objects.filter(action="reset").exists()


def test_a_superuser_resets_anyone_else(root: Any, ada: Any, bob: Any) -> None:
    for person in (ada, bob):
        enrolled(person)
        assert services.reset_devices(acting_user=root, user=person) == 1


@pytest.mark.real_mfa
def test_the_reset_page_lists_the_administrators_people(
    ada: Any, rachel: Any, alice: Any, bob: Any
) -> None:
    client = _verified_client(ada, enrolled(ada))
    enrolled(rachel)
    page = client.get(reverse("mfa:people"))
    html = page.content.decode()
    assert "rachel" in html and "alice" in html and "bob" not in html
    assert reverse("mfa:reset", args=[rachel.pk]) in html
    assert reverse("mfa:reset", args=[alice.pk]) not in html  # nothing to reset
    assert reverse("mfa:reset", args=[ada.pk]) not in html
    assert "rachel" not in client.get(reverse("mfa:people"), {"q": "ali"}).content.decode()
    done = client.post(reverse("mfa:reset", args=[rachel.pk]), follow=True)
    assert "1 second factor of rachel removed" in done.content.decode()
    assert client.post(reverse("mfa:reset", args=[bob.pk])).status_code == 404
    assert client.post(reverse("mfa:reset", args=[ada.pk])).status_code == 404


@pytest.mark.real_mfa
def test_the_reset_page_is_not_found_for_others(rachel: Any) -> None:
    client = _verified_client(rachel, enrolled(rachel))
    assert client.get(reverse("mfa:people")).status_code == 404


def test_the_admin_site_does_not_edit_second_factors(client: Client, root: Any) -> None:
    client.force_login(root)
    assert client.get("/admin/").status_code == 200
    for path in ("/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"):
        assert client.get(path).status_code == 404
    assert Membership.objects.filter(user=root).count() == 0
