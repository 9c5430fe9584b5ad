"""Read-only admin views of the sanctions data (writes go through the services only)."""

from __future__ import annotations

from django.contrib import admin

from ssrmonitor.core.adminkit import ReadOnlyAdmin
from ssrmonitor.sanctions.models import (
    EmbargoMeasure,
    EquipmentFlag,
    ExemptionRequest,
    ListedParty,
    ListImport,
    Regime,
)


@admin.register(Regime)
class RegimeAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "first_seen_on", "last_seen_on", "delisted_on")


@admin.register(ListedParty)
class ListedPartyAdmin(ReadOnlyAdmin):
    list_display = ("name", "reference_number", "kind", "regime", "listed_on", "delisted_on")
    list_filter = ("kind", "regime")
    search_fields = ("name", "reference_number", "aliases__name")


@admin.register(ListImport)
class ListImportAdmin(ReadOnlyAdmin):
    list_display = ("list_date", "file_name", "individuals", "entities", "added", "delisted")


@admin.register(EmbargoMeasure)
class EmbargoMeasureAdmin(ReadOnlyAdmin):
    list_display = ("title", "country", "resolutions", "in_force_from", "in_force_until")


@admin.register(ExemptionRequest)
class ExemptionRequestAdmin(ReadOnlyAdmin):
    list_display = ("reference", "country", "status", "decision", "submitted_on")
    list_filter = ("status", "country")


@admin.register(EquipmentFlag)
class EquipmentFlagAdmin(ReadOnlyAdmin):
    list_display = ("activity", "country", "kind", "flagged_at")
