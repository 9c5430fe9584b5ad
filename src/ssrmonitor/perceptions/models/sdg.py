"""SDG indicator values imported from SDMX data messages (SDG 16 and target 5.5).

One row per observation of a country: its series (``CL_SERIES``), its breakdown (the other
dimensions that are not totals), its time period, value and attributes, and the file it came
from. Values are public statistics (national statistics offices, the UN SDG database).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country


class SdgValue(models.Model):
    """One SDG observation of a country, as imported."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    series = models.CharField(_("SDG series"), max_length=40)
    breakdown = models.CharField(
        _("breakdown"), max_length=400, blank=True, help_text=_("e.g. SEX=F; AGE=Y18T29")
    )
    time_period = models.CharField(_("time period"), max_length=20)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True)
    key = models.JSONField(_("SDMX key"), default=dict)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    file_name = models.CharField(_("file"), max_length=250, blank=True)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        ordering = ["country", "series", "breakdown", "time_period"]
        verbose_name = _("SDG value")
        verbose_name_plural = _("SDG values")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "series", "breakdown", "time_period"], name="sdg_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.breakdown} {self.time_period}".strip()
