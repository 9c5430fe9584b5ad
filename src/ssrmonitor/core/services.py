"""Writes of core data: reference data, roles and API tokens. Atomic, audited, and checked.

Reference data and accounts are system-wide (``access.manage_reference``,
``access.manage_accounts``: superusers, or the system acting for an operator's command); roles
are granted in a country by holders of ``access.manage_members`` there.
"""

from __future__ import annotations

import csv
import secrets
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

import pycountry
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import ApiToken, Country, Membership, Mission, Organisation, Role
from ssrmonitor.core.models.access import TOKEN_NAME_LENGTH, TokenScope, hash_token
from ssrmonitor.core.models.grants import PRIVILEGED_ROLES, SUPERUSER, RoleGrant
from ssrmonitor.core.permissions import (
    Action,
    Denied,
    country_ids_with,
    forget_roles,
    has_action,
)
from ssrmonitor.core.services_grants import request_grant, set_membership

DATA = resources.files("ssrmonitor.core") / "data"
MAX_ACTIVE_TOKENS = 10  # active API tokens a user may hold when making their own


def _new_raw_token() -> str:
    """A new bearer token whose printed prefix never starts with "-" (a command-line option)."""
    while (raw := f"ssrm_{secrets.token_urlsafe(32)}")[5] == "-":
        continue
    return raw


def _require(acting_user: Actor, action: Action, country: Country | None = None) -> None:
    if not has_action(acting_user, country.pk if country is not None else None, action):
        raise Denied(_("You may not do this: it needs the permission %s.") % action.value)


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open("r", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@transaction.atomic(durable=True)
def load_countries(*, acting_user: Actor) -> int:
    """Create or update every ISO 3166-1 country with its M49 region; return how many changed."""
    _require(acting_user, Action.MANAGE_REFERENCE)
    regions = {row["iso_alpha3"]: row for row in _read_csv("m49.csv")}
    changed = 0
    for entry in pycountry.countries:
        region = regions.get(entry.alpha_3, {})
        values = {
            "iso3": entry.alpha_3,
            "m49_code": entry.numeric,
            "name": getattr(entry, "common_name", None) or entry.name,
            "region_code": region.get("region_code", ""),
            "region_name": region.get("region_name", ""),
            "subregion_code": region.get("subregion_code", ""),
            "subregion_name": region.get("subregion_name", ""),
            "intermediate_region_name": region.get("intermediate_region_name", ""),
        }
        changed += _upsert(Country, {"iso2": entry.alpha_2}, values, acting_user, entry.alpha_2)
    return changed


def _upsert(
    model: Any, key: dict[str, Any], values: dict[str, Any], acting_user: Actor, iso2: str
) -> int:
    """Create or update one reference row, audited; 1 when something changed, else 0."""
    obj = model.objects.filter(**key).first()
    if obj is None:
        obj = model.objects.create(**key, **values)
        audit.record(
            actor=acting_user,
            action="create",
            obj=obj,
            country_iso2=iso2,
            after=audit.snapshot(obj),
        )
        return 1
    before = audit.snapshot(obj)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return 0
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=changed)
    audit.record(
        actor=acting_user,
        action="update",
        obj=obj,
        country_iso2=iso2,
        before={k: before[k] for k in changed},
        after=audit.snapshot(obj, changed),
    )
    return 1


@transaction.atomic(durable=True)
def load_missions(*, acting_user: Actor) -> int:
    """Create or update the bundled peace operations and political missions."""
    _require(acting_user, Action.MANAGE_REFERENCE)
    countries = {c.iso2: c for c in Country.objects.all()}
    changed = 0
    for row in _read_csv("missions.csv"):
        country = countries.get(row["country_iso2"]) if row["country_iso2"] else None
        values = {
            "name": row["name"],
            "kind": row["kind"],
            "country": country,
            "mandating_resolution": row["mandating_resolution"],
            "start_date": _date(row["start_date"]),
            "end_date": _date(row["end_date"]),
            "source": row["source"][:200],
        }
        iso2 = country.iso2 if country else ""
        changed += _upsert(Mission, {"acronym": row["acronym"]}, values, acting_user, iso2)
    return changed


@transaction.atomic(durable=True)
def save_organisation(
    *, acting_user: Actor, name: str, iati_identifier: str | None, iati_type: str = ""
) -> Organisation:
    """Create or update an organisation, keyed by its IATI identifier when it has one.

    Organisations (donors, implementers, national institutions) are shared by every country:
    whoever records support somewhere (``support.edit``) may add one, as may the holders of
    ``access.manage_reference``.
    """
    if country_ids_with(acting_user, Action.EDIT_SUPPORT) == set():
        _require(acting_user, Action.MANAGE_REFERENCE)
    if iati_identifier:
        values = {"name": name, "iati_type": iati_type}
        _upsert(Organisation, {"iati_identifier": iati_identifier}, values, acting_user, "")
        return Organisation.objects.get(iati_identifier=iati_identifier)
    organisation = Organisation.objects.create(name=name, iati_type=iati_type)
    audit.record(
        actor=acting_user, action="create", obj=organisation, after=audit.snapshot(organisation)
    )
    return organisation


@transaction.atomic(durable=True)
def grant_role(
    user: User, country: Country, role: Role, *, acting_user: Actor
) -> Membership | RoleGrant:
    """Give ``user`` the ``role`` in ``country`` (replacing any role they had there).

    A vetting role (:data:`~ssrmonitor.core.models.grants.PRIVILEGED_ROLES`) is not given here:
    a pending :class:`RoleGrant` is returned (the one already pending, if any), and a second
    administrator approves it (:mod:`ssrmonitor.core.services_grants`). A role already held
    returns its membership, unchanged.
    """
    _require(acting_user, Action.MANAGE_MEMBERS, country)
    if role in PRIVILEGED_ROLES:
        held = Membership.objects.filter(user=user, country=country, role=role).first()
        if held is not None:
            return held
        return request_grant(user, country, role, acting_user)
    return set_membership(user, country, role, acting_user)


@transaction.atomic(durable=True)
def revoke_role(user: User, country: Country, *, acting_user: Actor) -> None:
    """Take away ``user``'s role in ``country``; effective on their next request."""
    _require(acting_user, Action.MANAGE_MEMBERS, country)
    membership = Membership.objects.filter(user=user, country=country).first()
    if membership is not None:
        audit.record(
            actor=acting_user,
            action="revoke",
            obj=membership,
            country_iso2=country.iso2,
            before={"user": user.pk, "role": membership.role},
        )
        membership.delete()
    forget_roles(user)


@transaction.atomic(durable=True)
def create_user(
    *,
    acting_user: Actor,
    username: str,
    password: str | None,
    email: str = "",
    is_superuser: bool = False,
) -> User:
    """Create an account (a superuser is a system administrator of every country).

    Superuser status is given at once only to the first superuser of an installation; after
    that, ``is_superuser`` makes a pending grant that another superuser approves.
    """
    _require(acting_user, Action.MANAGE_ACCOUNTS)
    user = User.objects.create_user(username=username, email=email, password=password)
    bootstrap = is_superuser and not User.objects.filter(is_superuser=True, is_active=True).exists()
    if bootstrap:
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    audit.record(
        actor=acting_user,
        action="create",
        obj=user,
        after={"username": username, "is_superuser": bootstrap},
    )
    if is_superuser and not bootstrap:
        request_grant(user, None, SUPERUSER, acting_user)
    return user


@transaction.atomic(durable=True)
def create_api_token(
    user: User,
    *,
    acting_user: Actor,
    name: str,
    scope: TokenScope = TokenScope.READ_WRITE,
    expires_at: datetime | None = None,
    never_expires: bool = False,
) -> tuple[ApiToken, str]:
    """Create a bearer token (for oneself, or anyone with ``access.manage_accounts``).

    The raw token is returned once and never stored. Without ``expires_at`` it expires
    ``SSRMONITOR_API_TOKEN_DAYS`` from now. A longer life, or ``never_expires``, needs
    ``access.manage_accounts`` (an operator's command, a superuser): a user making their own
    token on the page gets at most the default. The page and the command default to the read
    scope; callers of this function name the scope they need.
    """
    if not (isinstance(acting_user, User) and acting_user.pk == user.pk):
        _require(acting_user, Action.MANAGE_ACCOUNTS)
    name = name.strip()
    now = timezone.now()
    longest = now + timedelta(days=settings.SSRMONITOR_API_TOKEN_DAYS)
    if expires_at is None and not never_expires:
        expires_at = longest
    _check_token(acting_user, name, scope, None if never_expires else expires_at, now, longest)
    _check_active_tokens(user, acting_user, now)
    raw = _new_raw_token()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        digest=hash_token(raw),
        prefix=raw[5:13],
        scope=scope,
        expires_at=None if never_expires else expires_at,
    )
    audit.record(
        actor=acting_user,
        action="create",
        obj=token,
        after={
            "user": user.pk,
            "name": name,
            "prefix": token.prefix,
            "scope": token.scope,
            "expires_at": token.expires_at,
        },
    )
    return token, raw


def _check_token(
    acting_user: Actor,
    name: str,
    scope: str,
    expires_at: datetime | None,
    now: datetime,
    longest: datetime,
) -> None:
    errors: list[FieldError] = []
    if not name:
        errors.append(FieldError("name", _("Give the token a name: what it is for.")))
    elif len(name) > TOKEN_NAME_LENGTH:
        reason = _("The name is too long (%(max)d characters at most).")
        errors.append(FieldError("name", reason % {"max": TOKEN_NAME_LENGTH}))
    if scope not in TokenScope.values:
        errors.append(FieldError("scope", _("The scope is read or read_write.")))
    if expires_at is not None and expires_at <= now:
        errors.append(FieldError("expires_at", _("The expiry must be in the future.")))
    elif (expires_at is None or expires_at > longest) and not has_action(
        acting_user, None, Action.MANAGE_ACCOUNTS
    ):
        errors.append(
            FieldError(
                "expires_at",
                _(
                    "A token lasts at most %(days)d days; only an operator makes one that "
                    "lasts longer or never expires."
                )
                % {"days": settings.SSRMONITOR_API_TOKEN_DAYS},
            )
        )
    if errors:
        raise ValidationFailed(errors)


def _check_active_tokens(user: User, acting_user: Actor, now: datetime) -> None:
    """Throttling counts per token: a user holds a few at once, or an operator makes more."""
    if has_action(acting_user, None, Action.MANAGE_ACCOUNTS):
        return
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).exclude(
        expires_at__lte=now
    )
    if active.count() >= MAX_ACTIVE_TOKENS:
        reason = _("You have %(count)d active tokens: revoke one you no longer need first.")
        raise ValidationFailed.one("__all__", reason % {"count": MAX_ACTIVE_TOKENS})


@transaction.atomic(durable=True)
def revoke_api_token(token: ApiToken, *, acting_user: Actor) -> ApiToken:
    """Revoke a token (its owner, or a holder of ``access.manage_accounts``); at once.

    Revoking a token already revoked changes nothing and records nothing.
    """
    if not (isinstance(acting_user, User) and acting_user.pk == token.user_id):
        _require(acting_user, Action.MANAGE_ACCOUNTS)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=acting_user, action="revoke", obj=token, after={"prefix": token.prefix})
    return token
