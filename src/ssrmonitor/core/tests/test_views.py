"""Home, navigation, sign-in and lockout, sign-out, language, audit log, health, admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks import services as benchmark_services
from ssrmonitor.core import services
from ssrmonitor.core.models import ApiToken, AuditEvent, Country
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import FrameworkFactory, UserFactory, country

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("public", ["Sign in"], ["Review queue", "Audit log", "Sign out"]),
        ("alice", ["Sign out (alice)"], ["Review queue", "Audit log", ">Admin<"]),
        ("rachel", ["Review queue"], ["Audit log", ">Admin<"]),
        ("ada", ["Review queue", "Audit log"], [">Admin<"]),
        ("root", ["Review queue", "Audit log", ">Admin<"], ["Sign in<"]),
    ],
)
def test_navigation_offers_what_the_role_allows(
    client: Client, personas: dict[str, Any], persona: str, shown: list[str], hidden: list[str]
) -> None:
    FrameworkFactory(title="MINUJUSTH exit strategy benchmarks")
    user = personas[persona]
    if user is not None:
        _login(client, user)
    html = _html(client, reverse("home"))
    assert "MINUJUSTH exit strategy benchmarks" in html
    for text in shown:
        assert text in html, text
    for text in hidden:
        assert text not in html, text


def test_every_page_has_a_landmark_a_language_switch_and_deferred_scripts(client: Client) -> None:
    html = _html(client, reverse("home"))
    assert '<html lang="en" dir="ltr">' in html
    assert '<main id="main"' in html
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="language" value="fr"' in html
    assert 'src="/static/ssrmonitor/js/htmx-2.0.11.min.js" defer' in html
    assert 'src="/static/ssrmonitor/js/app.js" defer' in html
    assert ' style="' not in html


def test_switching_to_french(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="fr"' in _html(client, reverse("home"))


def test_strict_content_security_policy(client: Client) -> None:
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_sign_in_with_the_right_password(client: Client, alice: Any) -> None:
    assert "Sign in" in _html(client, reverse("login"))
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session.get("_auth_user_id") == str(alice.pk)


def test_signed_in_users_skip_the_form(client: Client, alice: Any) -> None:
    response = _login(client, alice).get(reverse("login"))
    assert response.status_code == 302


def test_repeated_failures_lock_the_username_from_that_address(
    client: Client, alice: Any, rachel: Any
) -> None:
    wrong = {"username": "alice", "password": "not the password"}
    first = client.post(reverse("login"), wrong)
    assert first.status_code == 200
    assert "Please enter a correct username and password" in first.content.decode()
    for _attempt in range(5):
        response = client.post(reverse("login"), wrong)
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    locked = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert locked.status_code == 429
    other = Client().post(reverse("login"), {"username": "rachel", "password": PASSWORD})
    assert other.status_code == 302  # the same address, another user: not locked


def test_sign_out_is_post_only_and_clears_the_site(client: Client, alice: Any) -> None:
    _login(client, alice)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("benchmarks:review_queue")).status_code == 302


@pytest.fixture
def events(db: None, ada: Any) -> None:
    """Changes in Haiti and in the Central African Republic, and one without a country."""
    benchmark_services.create_framework(
        acting_user=ada, country=country("HT"), title="Haiti transition plan"
    )
    benchmark_services.create_framework(
        acting_user=SYSTEM, country=country("CF"), title="CAR transition plan"
    )
    services.save_organisation(acting_user=SYSTEM, name="UNDP", iati_identifier="XM-DAC-41114")


def test_administrators_read_the_audit_log_of_their_countries(
    client: Client, events: None, ada: Any
) -> None:
    html = _html(_login(client, ada), reverse("audit_log"))
    assert "Haiti transition plan" in html
    assert "CAR transition plan" not in html
    assert "UNDP" not in html
    assert "benchmarks.framework" in html
    assert "ada" in html


def test_superusers_read_the_whole_audit_log(client: Client, events: None, root: Any) -> None:
    html = _html(_login(client, root), reverse("audit_log"))
    for text in ("Haiti transition plan", "CAR transition plan", "UNDP"):
        assert text in html


@pytest.mark.parametrize("persona", ["alice", "rachel", "victor", "bob", "public"])
def test_audit_log_is_404_to_everyone_else(
    client: Client, events: None, personas: dict[str, Any], persona: str
) -> None:
    if personas[persona] is not None:
        _login(client, personas[persona])
    assert client.get(reverse("audit_log")).status_code == 404


def test_audit_log_shows_before_and_after_and_filters(
    client: Client, events: None, ada: Any
) -> None:
    framework = AuditEvent.objects.get(action="create", country_iso2="HT").object_id
    from ssrmonitor.benchmarks.models import Framework

    benchmark_services.update_framework(
        Framework.objects.get(pk=framework), acting_user=ada, title="Haiti plan, revised"
    )
    _login(client, ada)
    html = _html(client, reverse("audit_log") + "?action=update")
    assert "Haiti transition plan" in html and "Haiti plan, revised" in html
    assert 'class="before"' in html and 'class="after"' in html
    assert "1 event" in html
    other_country = _html(client, reverse("audit_log") + "?country=CF")
    assert "CAR transition plan" not in other_country
    assert "Select a valid choice." in other_country


def test_audit_log_htmx_filter_returns_the_results_only(
    client: Client, events: None, ada: Any
) -> None:
    response = _login(client, ada).get(
        reverse("audit_log") + "?action=create", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="audit-results"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_audit_log_uses_a_bounded_number_of_queries(
    client: Client, events: None, root: Any, django_assert_max_num_queries: Any
) -> None:
    for number in range(30):
        services.save_organisation(acting_user=root, name=f"Partner {number}", iati_identifier=None)
    _login(client, root)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("audit_log")).status_code == 200


def test_health_check(client: Client) -> None:
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_not_found_page_is_friendly(client: Client) -> None:
    response = client.get("/frameworks/999999/")
    assert response.status_code == 404
    assert "There is no such page, or your account may not see it." in response.content.decode()


def test_admin_audit_log_is_read_only(client: Client, events: None, root: Any) -> None:
    _login(client, root)
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    event = AuditEvent.objects.first()
    assert event is not None
    page = client.get(reverse("admin:core_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert 'name="action"' not in page.content.decode()  # read-only: no inputs
    delete = client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_changes_of_reference_data_are_audited(client: Client, root: Any) -> None:
    haiti = country("HT")
    _login(client, root)
    data = {"iso2": "HT", "iso3": "HTI", "m49_code": "332", "name": "Haïti",
            "region_name": "Americas"}  # fmt: skip
    response = client.post(reverse("admin:core_country_change", args=[haiti.pk]), data)
    assert response.status_code == 302
    assert Country.objects.get(pk=haiti.pk).name == "Haïti"
    event = AuditEvent.objects.get(action="update", object_type="core.country")
    assert event.actor_name == "root"
    assert event.country_iso2 == "HT"
    assert event.before is not None and event.before["name"] == "Haiti"


def test_admin_shows_api_tokens_without_their_digest(client: Client, root: Any) -> None:
    owner = UserFactory(username="integration")
    token, _raw = services.create_api_token(owner, acting_user=root, name="IATI sync")
    _login(client, root)
    page = client.get(reverse("admin:core_apitoken_change", args=[token.pk])).content.decode()
    assert "IATI sync" in page
    assert token.digest not in page
    assert client.get(reverse("admin:core_apitoken_add")).status_code == 403
    response = client.post(
        reverse("admin:core_apitoken_changelist"),
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_benchmark_data_is_read_only_in_the_admin(client: Client, root: Any) -> None:
    framework = FrameworkFactory()
    _login(client, root)
    assert client.get(reverse("admin:benchmarks_framework_changelist")).status_code == 200
    assert client.get(reverse("admin:benchmarks_framework_add")).status_code == 403
    change = client.get(reverse("admin:benchmarks_framework_change", args=[framework.pk]))
    assert change.status_code == 200
    assert 'name="title"' not in change.content.decode()
