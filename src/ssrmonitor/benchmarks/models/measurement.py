"""Measurements: the value of an indicator in a reporting period, and its review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks.models.choices import Dimension, MeasurementStatus
from ssrmonitor.benchmarks.models.framework import Indicator
from ssrmonitor.core.periods import ReportingPeriodField
from ssrmonitor.core.progress import ValueNature


class Measurement(models.Model):
    """One value of one indicator for one reporting period, draft → submitted → approved."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    period = ReportingPeriodField(_("reporting period"))
    period_start = models.DateField(_("period start"), editable=False)
    period_end = models.DateField(_("period end"), editable=False)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    value_text = models.TextField(
        _("value as reported"), blank=True, help_text=_("Verbatim wording of the source, if any.")
    )
    coverage_start = models.DateField(
        _("covers from"),
        null=True,
        blank=True,
        help_text=_("First day the value covers (empty: the reporting period's)."),
    )
    coverage_end = models.DateField(
        _("covers to"),
        null=True,
        blank=True,
        help_text=_("Last day the value covers, or the day of a level (empty: the period's end)."),
    )
    nature = models.CharField(
        _("nature of the value"),
        max_length=12,
        choices=ValueNature.choices,
        default=ValueNature.STOCK,
    )
    narrative = models.TextField(_("narrative"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeasurementStatus.choices,
        default=MeasurementStatus.DRAFT,
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Generated for demonstration; not a real reported value."),
    )
    source_document = models.CharField(_("source document"), max_length=60, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    contributor_ids = models.JSONField(
        _("contributors"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Every user who created, changed, added evidence to or submitted the value."),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        ordering = ["indicator", "period_start", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_value_per_period")
        ]
        indexes = [models.Index(fields=["indicator", "status", "period_end"])]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"

    def get_absolute_url(self) -> str:
        return reverse("benchmarks:measurement", args=[self.pk])

    def contributed(self, user_id: int | None) -> bool:
        """True when ``user_id`` created, changed, added evidence to or submitted this value."""
        return user_id is not None and (
            user_id == self.author_id or user_id in (self.contributor_ids or [])
        )


class DisaggregatedValue(models.Model):
    """Part of a measurement's value for one category of one dimension (e.g. sex = female)."""

    measurement = models.ForeignKey(
        Measurement,
        on_delete=models.CASCADE,
        related_name="disaggregated_values",
        verbose_name=_("measurement"),
    )
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    category = models.CharField(_("category"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["dimension", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["measurement", "dimension", "category"], name="one_value_per_category"
            )
        ]
        verbose_name = _("disaggregated value")
        verbose_name_plural = _("disaggregated values")

    def __str__(self) -> str:
        return f"{self.dimension}={self.category}: {self.value}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.measurement_id}/{filename}"


class Evidence(models.Model):
    """A link or an uploaded file that supports a measurement."""

    measurement = models.ForeignKey(
        Measurement,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("measurement"),
    )
    title = models.CharField(_("title"), max_length=250)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title
