"""Read-only admin views of the support data (every write goes through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ssrmonitor.support.models import Activity, ExchangeRate, ImportRun, StrategyNode


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnly):
    list_display = ["iati_identifier", "source", "reporting_org", "status", "last_updated"]
    list_filter = ["source", "status"]
    search_fields = ["iati_identifier"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnly):
    list_display = ["file_name", "started_at", "actor", "country"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReadOnly):
    list_display = ["currency", "year", "day", "rate_to_usd", "source"]


@admin.register(StrategyNode)
class StrategyNodeAdmin(ReadOnly):
    list_display = ["country", "code", "level", "title"]
    list_filter = ["country"]
