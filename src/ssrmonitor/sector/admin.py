"""Read-only admin views of sector data, for superusers who need to look something up.

Writes go through :mod:`ssrmonitor.sector.services` (permissions, validation, audit), so the
admin offers no add, change or delete.
"""

from __future__ import annotations

from django.contrib import admin

from ssrmonitor.core.adminkit import ReadOnlyAdmin
from ssrmonitor.sector.models import (
    BudgetLine,
    FiscalContext,
    Institution,
    InstitutionVersion,
    OversightRelation,
    PersonnelReturn,
    ReferenceSeries,
    RoleAssignment,
    SecurityFunction,
)


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ("key", "country", "is_public", "is_illustrative")
    list_filter = ("country", "is_public")
    search_fields = ("key",)


@admin.register(InstitutionVersion)
class InstitutionVersionAdmin(ReadOnlyAdmin):
    list_display = ("institution", "valid_from", "valid_to", "kind", "status")
    list_filter = ("kind", "status")


for model in (
    SecurityFunction,
    RoleAssignment,
    OversightRelation,
    PersonnelReturn,
    BudgetLine,
    FiscalContext,
    ReferenceSeries,
):
    admin.site.register(model, ReadOnlyAdmin)
