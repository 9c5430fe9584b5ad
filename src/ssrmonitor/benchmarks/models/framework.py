"""Frameworks, benchmarks and indicators: what a country and the UN committed to measure."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks.models.choices import (
    Component,
    Direction,
    FrameworkStatus,
    Frequency,
    IndicatorKind,
    IndicatorSource,
    Owner,
)
from ssrmonitor.core.models import Country, Mission
from ssrmonitor.core.progress import TargetBasis


class Framework(models.Model):
    """A set of country-specific benchmarks, as adopted in a UN or national document."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="frameworks", verbose_name=_("country")
    )
    mission = models.ForeignKey(
        Mission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="frameworks",
        verbose_name=_("mission"),
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(
        _("kind"),
        max_length=60,
        blank=True,
        help_text=_("e.g. exit strategy benchmarks, transition plan, national commitments"),
    )
    source_document = models.CharField(
        _("source document"),
        max_length=60,
        blank=True,
        help_text=_("UN document symbol, e.g. S/2018/527"),
    )
    source_title = models.CharField(_("source title"), max_length=400, blank=True)
    source_location = models.CharField(_("where the text was read"), max_length=400, blank=True)
    adoption_date = models.DateField(_("adoption date"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Last day measurements may refer to; empty while the framework runs."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Published frameworks are shown to the public.")
    )
    notes = models.TextField(_("notes"), blank=True)
    external_id = models.CharField(
        _("external identifier"), max_length=80, unique=True, null=True, blank=True
    )

    class Meta:
        ordering = ["country__name", "-adoption_date", "title"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("benchmarks:framework", args=[self.pk])


class Benchmark(models.Model):
    """One benchmark: a condition to reach, owned by the UN, the host country or both."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="benchmarks", verbose_name=_("framework")
    )
    code = models.CharField(_("number"), max_length=20, blank=True)
    text = models.TextField(_("text"))
    area = models.CharField(_("area"), max_length=200, blank=True)
    component = models.CharField(
        _("SSR component"),
        max_length=20,
        choices=Component.choices,
        default=Component.CROSS_CUTTING,
    )
    owner = models.CharField(_("owner"), max_length=10, choices=Owner.choices, default=Owner.UN)
    position = models.PositiveIntegerField(_("position"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    external_id = models.CharField(
        _("external identifier"), max_length=80, unique=True, null=True, blank=True
    )

    class Meta:
        ordering = ["framework", "position", "id"]
        verbose_name = _("benchmark")
        verbose_name_plural = _("benchmarks")

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}".strip()

    def get_absolute_url(self) -> str:
        return f"{self.framework.get_absolute_url()}#benchmark-{self.pk}"


class Indicator(models.Model):
    """How progress towards a benchmark is measured: baseline, target, unit and range."""

    benchmark = models.ForeignKey(
        Benchmark, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("benchmark")
    )
    code = models.CharField(_("number"), max_length=20, blank=True)
    definition = models.TextField(_("definition"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.QUANTITATIVE
    )
    unit = models.CharField(_("unit"), max_length=250, blank=True)
    direction = models.CharField(
        _("desired direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    minimum = models.DecimalField(
        _("lowest allowed value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("highest allowed value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_text = models.TextField(_("baseline as worded"), blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_text = models.TextField(_("target as worded"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    target_basis = models.CharField(
        _("target is"),
        max_length=12,
        choices=TargetBasis.choices,
        default=TargetBasis.AT_DATE,
        help_text=_("A level by the target date, a total per year, or a total since the baseline."),
    )
    disaggregations = models.JSONField(
        _("disaggregation dimensions"),
        default=list,
        blank=True,
        help_text=_("Any of: sex, age_band, region."),
    )
    data_source = models.CharField(_("data source"), max_length=250, blank=True)
    source = models.CharField(
        _("values from"),
        max_length=20,
        choices=IndicatorSource.choices,
        default=IndicatorSource.MEASURED,
        help_text=_(
            "Fed indicators take their values from the sector's personnel returns or from "
            "perception surveys."
        ),
    )
    source_spec = models.JSONField(
        _("source settings"),
        default=dict,
        blank=True,
        help_text=_(
            'For personnel returns: {"institution": id, "rank": "" or a rank category}; for '
            'perception surveys: {"item": key, "group": "" or a group, "value": "" or a value}.'
        ),
    )
    sdg_series = models.CharField(
        _("SDG series"),
        max_length=40,
        blank=True,
        help_text=_(
            "The SDMX series of the SDG indicator this indicator reports (e.g. VC_IHR_PSRC)."
        ),
    )
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    responsible_entity = models.CharField(_("responsible entity"), max_length=250, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    external_id = models.CharField(
        _("external identifier"), max_length=80, unique=True, null=True, blank=True
    )

    class Meta:
        ordering = ["benchmark", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.definition[:80]}".strip()

    def get_absolute_url(self) -> str:
        return reverse("benchmarks:indicator", args=[self.pk])

    @property
    def is_personnel_fed(self) -> bool:
        """True when the values come from the sector's personnel returns."""
        return self.source == IndicatorSource.SECTOR_WOMEN_SHARE

    @property
    def is_survey_fed(self) -> bool:
        """True when the values are a perception survey item's published estimates."""
        return self.source == IndicatorSource.PERCEPTION_SHARE

    @property
    def is_fed(self) -> bool:
        """True when the values come from another app's data, never entered by hand."""
        return self.is_personnel_fed or self.is_survey_fed

    @property
    def country_id(self) -> int:
        return self.benchmark.framework.country_id

    def allowed_range(self) -> tuple[Decimal | None, Decimal | None]:
        """The range a value must lie in: explicit bounds first, then the kind's own."""
        low, high = self.minimum, self.maximum
        if self.kind == IndicatorKind.PERCENTAGE:
            low = Decimal(0) if low is None else low
            high = Decimal(100) if high is None else high
        elif self.kind == IndicatorKind.MILESTONE:
            low, high = Decimal(0), Decimal(1)
        elif self.kind == IndicatorKind.RATING:
            low = Decimal(1) if low is None else low
            high = Decimal(5) if high is None else high
        return low, high
