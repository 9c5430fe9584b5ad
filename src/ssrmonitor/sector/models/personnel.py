"""Personnel returns: strength of an institution by sex and rank category for a period.

A :class:`PersonnelReturn` is one institution's return for one reporting period; its
:class:`PersonnelCount` rows are the number of persons per unit × rank category × sex, and
optionally per age band and region. An institution's own grades are mapped to the three rank
categories by :class:`GradeMapping`. :class:`PersonnelTarget` is a national target for
women's share (a quota or action-plan target), rated with the benchmark rules.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import ReportingPeriodField
from ssrmonitor.sector.models.choices import RankCategory, Sex
from ssrmonitor.sector.models.institution import Institution


class PersonnelReturn(models.Model):
    """The strength of one institution in one reporting period."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="personnel_returns",
        verbose_name=_("institution"),
    )
    period = ReportingPeriodField(_("period"))
    period_end = models.DateField(_("period end"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["institution_id", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "period"], name="sector_one_return")
        ]
        verbose_name = _("personnel return")
        verbose_name_plural = _("personnel returns")

    def __str__(self) -> str:
        return f"{self.institution_id} {self.period}"


class PersonnelCount(models.Model):
    """How many persons of one sex and rank category (in one unit, age band, region)."""

    personnel_return = models.ForeignKey(
        PersonnelReturn, on_delete=models.CASCADE, related_name="counts", verbose_name=_("return")
    )
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    rank = models.CharField(_("rank category"), max_length=10, choices=RankCategory.choices)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=20, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    count = models.PositiveIntegerField(_("persons"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["personnel_return", "unit", "rank", "sex", "age_band", "region"],
                name="sector_one_count_per_cell",
            )
        ]
        verbose_name = _("personnel count")
        verbose_name_plural = _("personnel counts")

    def __str__(self) -> str:
        return f"{self.unit or '-'} {self.rank} {self.sex}: {self.count}"


class GradeMapping(models.Model):
    """One of the institution's own grades (e.g. "Inspecteur") and its rank category."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="grades", verbose_name=_("institution")
    )
    grade = models.CharField(_("grade"), max_length=100)
    rank = models.CharField(_("rank category"), max_length=10, choices=RankCategory.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["institution", "grade"], name="sector_grade_unique")
        ]
        verbose_name = _("grade mapping")
        verbose_name_plural = _("grade mappings")

    def __str__(self) -> str:
        return f"{self.grade} → {self.rank}"


class PersonnelTarget(models.Model):
    """A national target for women's share (%) in an institution, or a rank category of it."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="targets", verbose_name=_("institution")
    )
    rank = models.CharField(
        _("rank category"),
        max_length=10,
        choices=RankCategory.choices,
        blank=True,
        help_text=_("Empty: all ranks."),
    )
    target_share = models.DecimalField(
        _("target share of women (%)"), max_digits=5, decimal_places=2
    )
    baseline_share = models.DecimalField(
        _("baseline share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["institution", "rank"], name="sector_target_unique")
        ]
        verbose_name = _("personnel target")
        verbose_name_plural = _("personnel targets")

    def __str__(self) -> str:
        return f"{self.institution_id} {self.rank or 'all'} → {self.target_share}%"
