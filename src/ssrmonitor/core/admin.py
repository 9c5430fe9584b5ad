"""Django admin for superusers: reference data, roles, API tokens and the audit log.

Reference data (countries, missions, organisations) and memberships can be changed here; every
change made through the admin is written to the audit log in the same transaction, like a
service write. API tokens are shown without their digest and can only be revoked (through
:func:`ssrmonitor.core.services.revoke_api_token`). The audit log is read-only. A vetting role
or superuser status given here only makes a pending grant (:mod:`ssrmonitor.core.admin_access`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ssrmonitor.core import audit, services
from ssrmonitor.core.admin_access import GrantAwareAdmin, GrantAwareUserAdmin, save_membership
from ssrmonitor.core.http import signed_in
from ssrmonitor.core.mfa.admin import unregister_devices
from ssrmonitor.core.models import (
    ApiToken,
    AuditEvent,
    Country,
    Membership,
    Mission,
    Organisation,
    RoleGrant,
)


def _country_of(obj: models.Model) -> str:
    """The ISO code under which a change of ``obj`` is logged (empty when none applies)."""
    if isinstance(obj, Country):
        return obj.iso2
    if isinstance(obj, Mission | Membership):
        country = obj.country
        return country.iso2 if country is not None else ""
    return ""


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Writes of the admin, recorded in the audit log with before → after."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = None
            if change:
                stored = type(obj).objects.filter(pk=obj.pk).first()
                before = audit.snapshot(stored) if stored is not None else None
            super().save_model(request, obj, form, change)
            audit.record(
                actor=signed_in(request),
                action="update" if change else "create",
                obj=obj,
                country_iso2=_country_of(obj),
                before=before,
                after=audit.snapshot(obj),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(
                actor=signed_in(request),
                action="delete",
                obj=obj,
                country_iso2=_country_of(obj),
                before=audit.snapshot(obj),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(Country)
class CountryAdmin(AuditedAdmin):
    list_display = ("name", "iso2", "iso3", "m49_code", "region_name", "subregion_name")
    list_filter = ("region_name",)
    search_fields = ("name", "iso2", "iso3", "m49_code")


@admin.register(Mission)
class MissionAdmin(AuditedAdmin):
    list_display = ("acronym", "name", "kind", "country", "start_date", "end_date")
    list_filter = ("kind",)
    search_fields = ("acronym", "name", "mandating_resolution")
    list_select_related = ("country",)
    autocomplete_fields = ("country",)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "iati_identifier", "iati_type")
    search_fields = ("name", "iati_identifier")


@admin.register(Membership)
class MembershipAdmin(GrantAwareAdmin, AuditedAdmin):
    """A vetting role given here is a pending grant for a second administrator to approve."""

    list_display = ("user", "country", "role")
    list_filter = ("role", "country")
    search_fields = ("user__username", "country__name", "country__iso2")
    list_select_related = ("user", "country")
    autocomplete_fields = ("country",)
    raw_id_fields = ("user",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not save_membership(request, obj, change):
            super().save_model(request, obj, form, change)


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Grants are decided on /access/grants/ by a second administrator; listed here only."""

    list_display = ("grantee", "role", "country", "status", "requested_by_name", "requested_at")
    list_filter = ("status", "role")
    search_fields = ("grantee__username", "requested_by_name")
    list_select_related = ("grantee", "country")
    fields = (
        "grantee",
        "country",
        "role",
        "requested_by_name",
        "requested_at",
        "status",
        "decided_by",
        "decided_at",
        "reason",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Superuser status ticked on a user is a pending grant too.
admin.site.unregister(User)
admin.site.register(User, GrantAwareUserAdmin)


@admin.action(description=_("Revoke the selected tokens"))
def revoke_tokens(admin_view: Any, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
    """Revoke each selected token that is still active, through the service."""
    count = 0
    for token in queryset.filter(revoked_at__isnull=True):
        services.revoke_api_token(token, acting_user=signed_in(request))
        count += 1
    messages.success(
        request,
        ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count},
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Tokens are created with ``ssrmonitor`` commands; here they are listed and revoked."""

    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    fields = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = [revoke_tokens]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The append-only log: searchable, never changed."""

    list_display = (
        "at",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "country_iso2",
    )
    list_filter = ("action", "object_type", "country_iso2")
    search_fields = ("actor_name", "object_repr", "object_id")
    date_hierarchy = "at"
    fields = (
        "at",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "country_iso2",
        "before",
        "after",
        "prev_hash",
        "hash",
    )
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Second factors change only through ssrmonitor.core.mfa.services (audited), never here.
unregister_devices()


# The queue's own rows (django-tasks-db) hold only job ids: jobs are followed on /jobs/ and with
# `ssrmonitor jobs`, not in the admin site.
def _unregister_task_rows() -> None:
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)


_unregister_task_rows()
