"""An indicator's progress, stored: what :func:`ssrmonitor.core.progress.rate` says of it.

Written only by :mod:`ssrmonitor.benchmarks.progress_store`, inside the services that change
what it depends on (a value approved, an indicator's baseline or target edited, fed values
refreshed). Pages that show many indicators read it instead of rating every value again.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks.models.framework import Indicator
from ssrmonitor.core.progress import RATING_LABELS, TREND_LABELS, Rating, Trend

RATING_CHOICES = [(rating.value, RATING_LABELS[rating]) for rating in Rating]
TREND_CHOICES = [(trend.value, TREND_LABELS[trend]) for trend in Trend]


class IndicatorProgress(models.Model):
    """The stored progress of one indicator (see :mod:`ssrmonitor.core.progress`)."""

    indicator = models.OneToOneField(
        Indicator,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_progress",
        verbose_name=_("indicator"),
    )
    rating = models.CharField(
        _("rating"), max_length=10, choices=RATING_CHOICES, default=Rating.NO_DATA.value
    )
    trend = models.CharField(
        _("trend"), max_length=10, choices=TREND_CHOICES, default=Trend.NONE.value
    )
    percent = models.DecimalField(
        _("percent of the way"), max_digits=30, decimal_places=1, null=True, blank=True
    )
    expected_percent = models.DecimalField(
        _("expected percent"), max_digits=30, decimal_places=1, null=True, blank=True
    )
    latest_day = models.DateField(_("latest value's day"), null=True, blank=True)
    latest_value = models.DecimalField(
        _("latest value compared"), max_digits=30, decimal_places=4, null=True, blank=True
    )
    annualised = models.BooleanField(_("annualised"), default=False)
    excluded = models.PositiveIntegerField(_("values not compared"), default=0)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("stored progress")
        verbose_name_plural = _("stored progress")

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.rating}"
