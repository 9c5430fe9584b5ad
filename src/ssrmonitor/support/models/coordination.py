"""Import runs, exchange rates, the national strategy tree and the alignment links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core.models import Country
from ssrmonitor.support.models.activity import Activity
from ssrmonitor.support.models.choices import StrategyLevel


class ImportRun(models.Model):
    """One IATI file imported (or refused): who, when, the file's digest and the summary."""

    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.JSONField(_("summary"), default=dict)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("IATI import")
        verbose_name_plural = _("IATI imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class ExchangeRate(models.Model):
    """How many US dollars one unit of ``currency`` was worth on a day or on average in a year."""

    currency = models.CharField(_("currency"), max_length=3)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    day = models.DateField(_("date"), null=True, blank=True)
    rate_to_usd = models.DecimalField(_("rate to USD"), max_digits=20, decimal_places=10)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "year", "day"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "year"], name="one_rate_per_year"),
            models.UniqueConstraint(fields=["currency", "day"], name="one_rate_per_day"),
            models.CheckConstraint(
                condition=models.Q(year__isnull=False) | models.Q(day__isnull=False),
                name="rate_has_year_or_day",
            ),
        ]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self) -> str:
        return f"{self.currency} {self.day or self.year} = {self.rate_to_usd} USD"


class StrategyNode(models.Model):
    """A pillar, priority or objective of a country's national SSR strategy."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    level = models.CharField(_("level"), max_length=10, choices=StrategyLevel.choices)
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    component = models.CharField(
        _("SSR component"), max_length=20, choices=Component.choices, blank=True
    )
    sector_codes = models.CharField(
        _("DAC sector codes"),
        max_length=200,
        blank=True,
        help_text=_("Space-separated DAC codes that suggest this priority, e.g. 15210 15130."),
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated words that suggest this priority in titles and descriptions."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["country", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "code"], name="one_strategy_code_per_country"
            )
        ]
        verbose_name = _("strategy element")
        verbose_name_plural = _("strategy elements")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PriorityLink(models.Model):
    """The share of an activity's support, in one country, that serves one strategy element."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="priority_links")
    node = models.ForeignKey(StrategyNode, on_delete=models.CASCADE, related_name="links")
    share = models.DecimalField(_("share (%)"), max_digits=6, decimal_places=2)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        ordering = ["activity", "node"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "node"], name="one_link_per_priority")
        ]
        verbose_name = _("alignment link")
        verbose_name_plural = _("alignment links")

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.node_id} {self.share} %"


class ComponentLink(models.Model):
    """The share of an activity that goes to one SSR component (police, defence, justice, …)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="component_links")
    component = models.CharField(_("SSR component"), max_length=20, choices=Component.choices)
    share = models.DecimalField(_("share (%)"), max_digits=6, decimal_places=2)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        ordering = ["activity", "component"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "component"], name="one_share_per_component"
            )
        ]
        verbose_name = _("component link")
        verbose_name_plural = _("component links")

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.component} {self.share} %"
