"""Narrative blocks: the mission's own analysis around the generated parts of a report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import ReportingPeriodField


class NarrativeKey(models.TextChoices):
    """Where a block goes in the country report (in the order of a Secretary-General report)."""

    INTRODUCTION = "introduction", _("Introduction")
    ANALYSIS = "analysis", _("Analysis of progress")
    OBSTACLES = "obstacles", _("Obstacles to reform")
    OBSERVATIONS = "observations", _("Observations and recommendations")


class NarrativeBlock(models.Model):
    """One version of one narrative block of a country and period.

    Blocks are never changed in place: each save adds a row with the next version number, so
    the history of the text is the list of its rows (and each save is in the audit log).
    """

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    period = ReportingPeriodField(_("reporting period"))
    key = models.CharField(_("block"), max_length=20, choices=NarrativeKey.choices)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["country", "period", "key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "period", "key", "version"], name="one_narrative_version"
            )
        ]
        verbose_name = _("narrative block")
        verbose_name_plural = _("narrative blocks")

    def __str__(self) -> str:
        return f"{self.country.iso2} {self.period} {self.key} v{self.version}"
