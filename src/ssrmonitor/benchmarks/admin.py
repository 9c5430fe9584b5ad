"""Read-only admin views of benchmark data, for superusers who need to look something up.

Writes of frameworks, benchmarks, indicators and measurements must go through
:mod:`ssrmonitor.benchmarks.services` (which check permissions, validate, and write the audit
log in the same transaction), so the admin offers no add, change or delete here: use the
pages, the API or the management commands instead. Uploaded evidence is not linked either:
files are served only by ``evidence_download``, through the permission layer.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks.models import (
    Benchmark,
    DisaggregatedValue,
    Evidence,
    Framework,
    Indicator,
    Measurement,
)
from ssrmonitor.core.adminkit import ReadOnlyAdmin, ReadOnlyInline


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = (
        "title",
        "country",
        "mission",
        "status",
        "is_published",
        "adoption_date",
        "source_document",
    )
    list_filter = ("status", "is_published", "country")
    search_fields = ("title", "source_document", "country__name")
    list_select_related = ("country", "mission")


@admin.register(Benchmark)
class BenchmarkAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "framework", "component", "owner", "position")
    list_filter = ("component", "owner", "framework__country")
    search_fields = ("code", "text", "framework__title")
    list_select_related = ("framework",)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "unit", "baseline_value", "target_value", "target_date")
    list_filter = ("kind", "direction", "frequency", "benchmark__framework__country")
    search_fields = ("code", "definition", "benchmark__framework__title")


class DisaggregatedValueInline(ReadOnlyInline):
    model = DisaggregatedValue
    fields = ("dimension", "category", "value")


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ("title", "url", "stored_file", "content_type", "added_by", "added_at")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def stored_file(self, obj: Evidence) -> str:
        """The stored name only: files are never served from the admin."""
        return obj.file.name or "—"


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = (
        "indicator",
        "period",
        "value",
        "status",
        "is_illustrative",
        "author",
        "reviewed_by",
    )
    list_filter = ("status", "is_illustrative", "indicator__benchmark__framework__country")
    search_fields = ("indicator__code", "indicator__definition", "period")
    list_select_related = ("indicator", "author", "reviewed_by")
    inlines = (DisaggregatedValueInline, EvidenceInline)
