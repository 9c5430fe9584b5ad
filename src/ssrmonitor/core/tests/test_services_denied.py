"""Every service of core refuses an actor without the action, before writing anything."""

from __future__ import annotations

import pytest

from ssrmonitor.core import demo_accounts, services, services_grants
from ssrmonitor.core.jobs.services import submit_job
from ssrmonitor.core.management.commands.demo import DemoAccount
from ssrmonitor.core.models import ApiToken, Role, RoleGrant
from ssrmonitor.core.tests.backup_denied import BACKUP_CASES
from ssrmonitor.core.tests.mfa_denied import MFA_CASES
from ssrmonitor.testing.actors import SYSTEM, Call, DeniedCase, assert_denied, call
from ssrmonitor.testing.factories import UserFactory, country


def _token() -> ApiToken:
    token, _raw = services.create_api_token(UserFactory(), acting_user=SYSTEM, name="script")
    return token


def _member() -> Call:
    user = UserFactory()
    services.grant_role(user, country("HT"), Role.EDITOR, acting_user=SYSTEM)
    return call(user, country("HT"))


def _pending_grant() -> RoleGrant:
    grant = services.grant_role(
        UserFactory(), country("HT"), Role.VETTING_OFFICER, acting_user=SYSTEM
    )
    assert isinstance(grant, RoleGrant)
    return grant


CASES: list[DeniedCase] = [
    DeniedCase(
        submit_job,
        lambda: call(kind="support.import_iati", country=country("HT"), work_key="file"),
    ),
    DeniedCase(services.load_countries, lambda: call()),
    DeniedCase(services.load_missions, lambda: call()),
    DeniedCase(
        services.save_organisation,
        lambda: call(name="UNDP", iati_identifier="XM-DAC-41114", iati_type="40"),
    ),
    DeniedCase(services.grant_role, lambda: call(UserFactory(), country("HT"), Role.EDITOR)),
    DeniedCase(services.revoke_role, _member),
    DeniedCase(services.create_user, lambda: call(username="newcomer", password=None)),
    DeniedCase(services.create_api_token, lambda: call(UserFactory(), name="laptop")),
    DeniedCase(services.revoke_api_token, lambda: call(_token())),
    DeniedCase(demo_accounts.issue_password, lambda: call(UserFactory(), password="x" * 20)),
    DeniedCase(
        demo_accounts.ensure_demo_accounts,
        lambda: call([DemoAccount("demo-x")], show=lambda passwords: None),
    ),
    DeniedCase(services_grants.approve_role_grant, lambda: call(_pending_grant())),
    DeniedCase(
        services_grants.refuse_role_grant, lambda: call(_pending_grant(), reason="not needed")
    ),
    DeniedCase(services_grants.request_superuser, lambda: call(UserFactory())),
    *MFA_CASES,
    *BACKUP_CASES,
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_refuses_an_actor_without_the_action(case: DeniedCase) -> None:
    assert_denied(case)


@pytest.mark.django_db
def test_a_country_administrator_grants_roles_there_only(ada: object) -> None:
    from django.contrib.auth.models import User

    from ssrmonitor.core.permissions import Denied

    assert isinstance(ada, User)
    newcomer = UserFactory()
    services.grant_role(newcomer, country("HT"), Role.VIEWER, acting_user=ada)
    with pytest.raises(Denied):
        services.grant_role(newcomer, country("CD"), Role.VIEWER, acting_user=ada)


@pytest.mark.django_db
def test_a_user_makes_and_revokes_their_own_token_only() -> None:
    from ssrmonitor.core.permissions import Denied

    owner, other = UserFactory(), UserFactory()
    token, _raw = services.create_api_token(owner, acting_user=owner, name="laptop")
    with pytest.raises(Denied):
        services.create_api_token(owner, acting_user=other, name="theirs")
    with pytest.raises(Denied):
        services.revoke_api_token(token, acting_user=other)
    assert services.revoke_api_token(token, acting_user=owner).revoked_at is not None
