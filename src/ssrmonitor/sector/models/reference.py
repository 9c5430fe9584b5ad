"""Public reference statistics (World Bank, OWID, UN Statistics), with source and licence."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country


class ReferenceSeries(models.Model):
    """A published statistical series, e.g. WDI military expenditure (% of GDP)."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=250)
    unit = models.CharField(_("unit"), max_length=40)
    source = models.CharField(_("source"), max_length=300)
    licence = models.CharField(_("licence"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("reference series")
        verbose_name_plural = _("reference series")

    def __str__(self) -> str:
        return self.code


class ReferenceValue(models.Model):
    """One country-year value of a reference series."""

    series = models.ForeignKey(
        ReferenceSeries, on_delete=models.CASCADE, related_name="values", verbose_name=_("series")
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="+", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=8)

    class Meta:
        ordering = ["series_id", "country_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "country", "year"], name="sector_reference_value_unique"
            )
        ]
        verbose_name = _("reference value")
        verbose_name_plural = _("reference values")

    def __str__(self) -> str:
        return f"{self.series_id} {self.country_id} {self.year}"
