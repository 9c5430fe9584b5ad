"""Public expenditure on the security sector: budget lines and a country's fiscal context."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country
from ssrmonitor.sector.models.choices import Cofog, EconomicClass, FundingSource
from ssrmonitor.sector.models.institution import Institution

MAX_DIGITS = 20
PLACES = 2


class BudgetLine(models.Model):
    """One line of an institution's budget for a fiscal year, in the country's currency."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("institution"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    economic = models.CharField(
        _("economic classification"), max_length=20, choices=EconomicClass.choices
    )
    cofog = models.CharField(_("COFOG function"), max_length=2, choices=Cofog.choices)
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource.choices
    )
    allocated = models.DecimalField(_("allocated"), max_digits=MAX_DIGITS, decimal_places=PLACES)
    revised = models.DecimalField(
        _("revised"), null=True, blank=True, max_digits=MAX_DIGITS, decimal_places=PLACES
    )
    executed = models.DecimalField(
        _("executed"), null=True, blank=True, max_digits=MAX_DIGITS, decimal_places=PLACES
    )
    currency = models.CharField(_("currency"), max_length=3)
    support_reference = models.CharField(
        _("support activity reference"),
        max_length=150,
        blank=True,
        help_text=_("For external off-budget funding: the IATI identifier of the activity."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["institution_id", "fiscal_year", "economic"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "fiscal_year", "economic", "cofog", "funding_source"],
                name="sector_budget_line_unique",
            )
        ]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.institution_id} FY{self.fiscal_year} {self.economic} {self.funding_source}"


class FiscalContext(models.Model):
    """What the security budget is compared with: GDP, total spending, population."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    currency = models.CharField(_("currency"), max_length=3)
    gdp = models.DecimalField(
        _("GDP"), null=True, blank=True, max_digits=MAX_DIGITS, decimal_places=PLACES
    )
    total_public_expenditure = models.DecimalField(
        _("total public expenditure"),
        null=True,
        blank=True,
        max_digits=MAX_DIGITS,
        decimal_places=PLACES,
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "fiscal_year"], name="sector_fiscal_unique")
        ]
        verbose_name = _("fiscal context")
        verbose_name_plural = _("fiscal contexts")

    def __str__(self) -> str:
        return f"{self.country_id} FY{self.fiscal_year}"
