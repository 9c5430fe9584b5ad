"""Writes of core data: reference data, roles and API tokens. Atomic, audited, and checked.

Reference data and accounts are system-wide (``access.manage_reference``,
``access.manage_accounts``: superusers, or the system acting for an operator's command); roles
are granted in a country by holders of ``access.manage_members`` there.
"""

from __future__ import annotations

import csv
import secrets
from datetime import date, datetime
from importlib import resources
from typing import Any

import pycountry
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import ApiToken, Country, Membership, Mission, Organisation, Role
from ssrmonitor.core.models.access import hash_token
from ssrmonitor.core.permissions import (
    Action,
    Denied,
    country_ids_with,
    forget_roles,
    has_action,
)

DATA = resources.files("ssrmonitor.core") / "data"


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
def grant_role(user: User, country: Country, role: Role, *, acting_user: Actor) -> Membership:
    """Give ``user`` the ``role`` in ``country`` (replacing any role they had there)."""
    _require(acting_user, Action.MANAGE_MEMBERS, country)
    membership = Membership.objects.filter(user=user, country=country).first()
    if membership is None:
        membership = Membership.objects.create(user=user, country=country, role=role)
        audit.record(
            actor=acting_user,
            action="grant",
            obj=membership,
            country_iso2=country.iso2,
            after={"user": user.pk, "role": role},
        )
    elif membership.role != role:
        before = {"role": membership.role}
        membership.role = role
        membership.save(update_fields=["role"])
        audit.record(
            actor=acting_user,
            action="grant",
            obj=membership,
            country_iso2=country.iso2,
            before=before,
            after={"role": role},
        )
    forget_roles(user)
    return membership


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
    """Create an account (a superuser is a system administrator of every country)."""
    _require(acting_user, Action.MANAGE_ACCOUNTS)
    user = User.objects.create_user(username=username, email=email, password=password)
    if is_superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    audit.record(
        actor=acting_user,
        action="create",
        obj=user,
        after={"username": username, "is_superuser": is_superuser},
    )
    return user


@transaction.atomic(durable=True)
def create_api_token(
    user: User, *, acting_user: Actor, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a bearer token (for oneself, or anyone with ``access.manage_accounts``).

    The raw token is returned once and never stored.
    """
    if not (isinstance(acting_user, User) and acting_user.pk == user.pk):
        _require(acting_user, Action.MANAGE_ACCOUNTS)
    raw = f"ssrm_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name, digest=hash_token(raw), prefix=raw[5:13], expires_at=expires_at
    )
    audit.record(
        actor=acting_user,
        action="create",
        obj=token,
        after={"user": user.pk, "name": name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic(durable=True)
def revoke_api_token(token: ApiToken, *, acting_user: Actor) -> ApiToken:
    """Revoke a token (its owner, or a holder of ``access.manage_accounts``); at once."""
    if not (isinstance(acting_user, User) and acting_user.pk == token.user_id):
        _require(acting_user, Action.MANAGE_ACCOUNTS)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=acting_user, action="revoke", obj=token, after={"prefix": token.prefix})
    return token
