"""The one permission layer: role × country × data category.

A user holds one :class:`~ssrmonitor.core.models.Role` per country (``Membership``). Each role
grants a fixed set of :class:`Action` s, and each action belongs to one data category. Superusers
hold every action in every country; the anonymous public holds none (it sees published,
approved data only, through each app's ``visible_to`` querysets).

Apps build their guarded look-ups (``access_*_by_id``) and querysets (``visible_to``) on
:func:`has_action` and :func:`country_ids_with`, and pages, API routes, exports and reports call
only those. An object of a country the user may not see raises :class:`NotFound`, the same error
as an object that does not exist, so a response never reveals that it exists.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.actors import SystemActor, Viewer
from ssrmonitor.core.models import ApiToken, AuditEvent, Country, Membership, Role, RoleGrant


class NotFound(Exception):
    """The object does not exist, or the user may not know that it does."""


class Denied(Exception):
    """The user may see the object but not do this to it; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DataCategory(StrEnum):
    BENCHMARKS = "benchmarks"
    SUPPORT = "support"
    SECTOR = "sector"
    TRANSITIONS = "transitions"
    SANCTIONS = "sanctions"
    LESSONS = "lessons"
    PERCEPTIONS = "perceptions"
    REPORTS = "reports"
    VETTING = "vetting"
    AUDIT = "audit"
    ACCESS = "access"


class Action(StrEnum):
    """What a role may do in a country. The value is ``<data category>.<verb>``."""

    VIEW_INTERNAL = "benchmarks.view_internal"
    VIEW_DRAFTS = "benchmarks.view_drafts"
    ENTER_DATA = "benchmarks.enter_data"
    REVIEW_DATA = "benchmarks.review_data"
    EDIT_FRAMEWORKS = "benchmarks.edit_frameworks"
    PUBLISH_FRAMEWORKS = "benchmarks.publish_frameworks"
    EXPORT_DATA = "benchmarks.export_data"
    VIEW_SUPPORT_INTERNAL = "support.view_internal"
    EDIT_SUPPORT = "support.edit"
    IMPORT_SUPPORT = "support.import"
    VIEW_SECTOR_INTERNAL = "sector.view_internal"
    EDIT_SECTOR = "sector.edit"
    IMPORT_SECTOR = "sector.import"
    VIEW_TRANSITIONS_INTERNAL = "transitions.view_internal"
    EDIT_TRANSITIONS = "transitions.edit"
    VIEW_SANCTIONS_INTERNAL = "sanctions.view_internal"
    EDIT_SANCTIONS = "sanctions.edit"
    VIEW_LESSONS_INTERNAL = "lessons.view_internal"
    EDIT_LESSONS = "lessons.edit"
    VIEW_PERCEPTIONS_INTERNAL = "perceptions.view_internal"
    EDIT_PERCEPTIONS = "perceptions.edit"
    IMPORT_PERCEPTIONS = "perceptions.import"
    VIEW_VETTING_STATISTICS = "vetting.view_statistics"
    CONFIGURE_VETTING = "vetting.configure"
    VIEW_VETTING_PERSONAL = "vetting.view_personal"
    EDIT_VETTING = "vetting.edit"
    DECIDE_VETTING = "vetting.decide"
    ASSESS_AGE = "vetting.assess_age"
    RESOLVE_AGE_REFERRAL = "vetting.resolve_referral"
    APPROVE_VETTING_EXPORT = "vetting.approve_export"
    GENERATE_REPORTS = "reports.generate"
    EDIT_REPORTS = "reports.edit"
    VIEW_AUDIT = "audit.view"
    MANAGE_MEMBERS = "access.manage_members"
    MANAGE_ACCOUNTS = "access.manage_accounts"
    MANAGE_REFERENCE = "access.manage_reference"

    @property
    def category(self) -> DataCategory:
        return DataCategory(self.value.split(".", 1)[0])


ACTION_LABELS: dict[Action, Any] = {
    Action.VIEW_INTERNAL: _("See unpublished frameworks and measurements under review"),
    Action.VIEW_DRAFTS: _("See draft and returned measurements"),
    Action.ENTER_DATA: _("Enter measurements and submit them for review"),
    Action.REVIEW_DATA: _("Approve or return submitted measurements"),
    Action.EDIT_FRAMEWORKS: _("Create and edit frameworks, benchmarks and indicators"),
    Action.PUBLISH_FRAMEWORKS: _("Publish frameworks to the public"),
    Action.EXPORT_DATA: _("Download internal indicator data (CSV, XLSX)"),
    Action.VIEW_SUPPORT_INTERNAL: _("See support data not yet published (national entries, links)"),
    Action.EDIT_SUPPORT: _("Record support activities, the national strategy and alignment"),
    Action.IMPORT_SUPPORT: _("Import IATI files and exchange rates"),
    Action.VIEW_SECTOR_INTERNAL: _("See unsuppressed personnel figures and internal sector data"),
    Action.EDIT_SECTOR: _("Edit institutions, roles, oversight, personnel and budgets"),
    Action.IMPORT_SECTOR: _("Bulk-import sector data from CSV/XLSX templates"),
    Action.VIEW_TRANSITIONS_INTERNAL: _("See transition plans not yet published"),
    Action.EDIT_TRANSITIONS: _("Edit transition plans, tasks and readiness criteria"),
    Action.VIEW_SANCTIONS_INTERNAL: _("See arms-embargo exemption requests"),
    Action.EDIT_SANCTIONS: _("Record embargo measures and exemption requests"),
    Action.VIEW_LESSONS_INTERNAL: _("See lessons learned not yet published"),
    Action.EDIT_LESSONS: _("Write and publish lessons learned"),
    Action.VIEW_PERCEPTIONS_INTERNAL: _(
        "See surveys and consultations not yet published, and unpublished estimates"
    ),
    Action.EDIT_PERCEPTIONS: _("Record surveys, questions and consultations, and publish them"),
    Action.IMPORT_PERCEPTIONS: _("Import survey microdata and published survey tables"),
    Action.VIEW_VETTING_STATISTICS: _(
        "See vetting and age-screening statistics (small cells hidden)"
    ),
    Action.CONFIGURE_VETTING: _("Set the screening thresholds of the country"),
    Action.VIEW_VETTING_PERSONAL: _("See the vetting registries, hits and cases (personal data)"),
    Action.EDIT_VETTING: _("Register personnel and records, import lists, screen, run cases"),
    Action.DECIDE_VETTING: _("Confirm identity matches and take case decisions (four eyes)"),
    Action.ASSESS_AGE: _("Record age assessments and see them (personal data)"),
    Action.RESOLVE_AGE_REFERRAL: _("Resolve age-assessment referrals (child protection)"),
    Action.APPROVE_VETTING_EXPORT: _("Approve another person's export of personal data"),
    Action.GENERATE_REPORTS: _("Generate internal country reports and their snapshots"),
    Action.EDIT_REPORTS: _("Write the narrative blocks of country reports"),
    Action.VIEW_AUDIT: _("Read the audit log of the country"),
    Action.MANAGE_MEMBERS: _("Grant and revoke roles in the country"),
    Action.MANAGE_ACCOUNTS: _("Create accounts and API tokens, revoke tokens (system-wide)"),
    Action.MANAGE_REFERENCE: _("Load countries, missions and organisations (system-wide)"),
}

_READ = {
    Action.VIEW_INTERNAL,
    Action.EXPORT_DATA,
    Action.VIEW_SUPPORT_INTERNAL,
    Action.VIEW_SECTOR_INTERNAL,
    Action.VIEW_TRANSITIONS_INTERNAL,
    Action.VIEW_SANCTIONS_INTERNAL,
    Action.VIEW_LESSONS_INTERNAL,
    Action.VIEW_PERCEPTIONS_INTERNAL,
    Action.GENERATE_REPORTS,
    Action.VIEW_VETTING_STATISTICS,
}
_EDIT = {
    Action.VIEW_DRAFTS,
    Action.ENTER_DATA,
    Action.EDIT_FRAMEWORKS,
    Action.EDIT_SUPPORT,
    Action.IMPORT_SUPPORT,
    Action.EDIT_SECTOR,
    Action.IMPORT_SECTOR,
    Action.EDIT_TRANSITIONS,
    Action.EDIT_SANCTIONS,
    Action.EDIT_LESSONS,
    Action.EDIT_PERCEPTIONS,
    Action.IMPORT_PERCEPTIONS,
    Action.EDIT_REPORTS,
}
# Personal data of vetting and age screening: held only through a vetting role in the country,
# never through the administrator role nor by being a superuser (need to know, OP 8 and 24).
PERSONAL_DATA_ACTIONS = frozenset(
    {
        Action.VIEW_VETTING_PERSONAL,
        Action.EDIT_VETTING,
        Action.DECIDE_VETTING,
        Action.ASSESS_AGE,
        Action.RESOLVE_AGE_REFERRAL,
        Action.APPROVE_VETTING_EXPORT,
    }
)
# System-wide actions: held by superusers (and system actors that name them), by no country role.
SYSTEM_WIDE_ACTIONS = frozenset({Action.MANAGE_ACCOUNTS, Action.MANAGE_REFERENCE})
_VETTING_COMMON = {Action.VIEW_VETTING_STATISTICS}
POLICY: dict[Role, frozenset[Action]] = {
    Role.VIEWER: frozenset(_READ),
    Role.EDITOR: frozenset(_READ | _EDIT),
    Role.REVIEWER: frozenset(_READ | {Action.VIEW_DRAFTS, Action.REVIEW_DATA}),
    Role.ADMINISTRATOR: frozenset(set(Action) - PERSONAL_DATA_ACTIONS - SYSTEM_WIDE_ACTIONS),
    Role.VETTING_OFFICER: frozenset(
        _VETTING_COMMON | {Action.VIEW_VETTING_PERSONAL, Action.EDIT_VETTING, Action.ASSESS_AGE}
    ),
    Role.VETTING_REVIEWER: frozenset(
        _VETTING_COMMON
        | {Action.VIEW_VETTING_PERSONAL, Action.DECIDE_VETTING, Action.APPROVE_VETTING_EXPORT}
    ),
    Role.CHILD_PROTECTION: frozenset(
        _VETTING_COMMON | {Action.ASSESS_AGE, Action.RESOLVE_AGE_REFERRAL}
    ),
}

_CACHE_ATTR = "_ssrmonitor_roles"


def roles_of(user: Viewer) -> dict[int, Role]:
    """Country id → role for ``user``, read once per request object (none for the system)."""
    if user is None or isinstance(user, SystemActor) or not user.is_authenticated:
        return {}
    if not user.is_active:
        return {}
    cached: dict[int, Role] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = Membership.objects.filter(user=user).values_list("country_id", "role")
        cached = {country_id: Role(role) for country_id, role in rows}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Viewer) -> None:
    """Drop the cached roles (after a grant or revocation on the same user object)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_superuser(user: Viewer) -> bool:
    return bool(user is not None and user.is_active and user.is_superuser)


def has_action(user: Viewer, country_id: int | None, action: Action) -> bool:
    """True when ``user`` may do ``action`` in the country ``country_id``.

    Superusers hold every action everywhere except :data:`PERSONAL_DATA_ACTIONS`, which only a
    vetting role held in the country grants. A :class:`SystemActor` holds exactly the actions
    it was made with, in every country.
    """
    if isinstance(user, SystemActor):
        return action in user.actions
    if is_superuser(user) and action not in PERSONAL_DATA_ACTIONS:
        return True
    if country_id is None:
        return False
    role = roles_of(user).get(country_id)
    if role is None:
        return False
    return action in POLICY[role]


def country_ids_with(user: Viewer, action: Action) -> set[int] | None:
    """The ids of the countries where ``user`` may do ``action``; ``None`` means all."""
    if isinstance(user, SystemActor):
        return None if action in user.actions else set()
    if is_superuser(user) and action not in PERSONAL_DATA_ACTIONS:
        return None
    return {cid for cid, role in roles_of(user).items() if action in POLICY[role]}


def country_q(user: Viewer, action: Action, field: str = "country") -> Q:
    """A filter on ``<field>_id`` that keeps the countries where ``user`` may do ``action``."""
    ids = country_ids_with(user, action)
    if ids is None:
        return Q()
    return Q(**{f"{field}_id__in": ids})


def is_member_anywhere(user: Viewer) -> bool:
    """True for superusers and for users with at least one role."""
    return is_superuser(user) or bool(roles_of(user))


def audit_events_visible_to(user: Viewer) -> tuple[QuerySet[AuditEvent], list[str]]:
    """The audit events ``user`` may read and the country codes they span.

    Administrators read the events of their countries, superusers all events; anybody else
    gets :class:`NotFound`, so the log's existence is not revealed.
    """
    ids = country_ids_with(user, Action.VIEW_AUDIT)
    if ids is None:
        events = AuditEvent.objects.all()
        codes = events.exclude(country_iso2="").order_by("country_iso2")
        return events, list(codes.values_list("country_iso2", flat=True).distinct())
    if not ids:
        raise NotFound
    iso2 = sorted(Country.objects.filter(pk__in=ids).values_list("iso2", flat=True))
    return AuditEvent.objects.filter(country_iso2__in=iso2), iso2


def access_country_by_iso2(iso2: str) -> Country:
    """A country by its ISO alpha-2 code (any case); :class:`NotFound` for anything else.

    Countries are public reference data: what a user may see *in* a country is decided by each
    app's ``visible_to`` querysets.
    """
    country = Country.objects.filter(iso2=iso2.upper()).first() if len(iso2) == 2 else None
    if country is None:
        raise NotFound
    return country


def grants_visible_to(user: Viewer) -> QuerySet[RoleGrant]:
    """Role grants of the countries where ``user`` manages members (all for superusers, who
    alone see grants of superuser status); :class:`NotFound` for anyone managing none."""
    grants = RoleGrant.objects.select_related("grantee", "country", "decided_by")
    ids = country_ids_with(user, Action.MANAGE_MEMBERS)
    if ids is None:
        return grants
    if not ids:
        raise NotFound
    return grants.filter(country_id__in=ids)


def access_grant_by_id(user: Viewer, grant_id: int) -> RoleGrant:
    """A role grant ``user`` may decide on, or :class:`NotFound`."""
    grant = grants_visible_to(user).filter(pk=grant_id).first()
    if grant is None:
        raise NotFound
    return grant


def tokens_of(user: Viewer) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first (revoked and expired ones too)."""
    if not isinstance(user, SystemActor) and user.is_authenticated:
        mine = ApiToken.objects.filter(user_id=user.pk)
    else:
        mine = ApiToken.objects.none()
    return mine.select_related("user").order_by("-created_at", "-id")


def access_own_token_by_id(user: Viewer, token_id: int) -> ApiToken:
    """One of the user's own tokens; :class:`NotFound` for anyone else's, as for a missing one."""
    token = tokens_of(user).filter(pk=token_id).first()
    if token is None:
        raise NotFound
    return token
