"""Transition plans (OP 14, OP 20(g), OP 20(j)): what a mission hands over, to whom, when.

A :class:`TransitionPlan` belongs to one mission (and so to its country). Each
:class:`TransitionTask` is an SSR task the mission performs today, with its future lead, the
handover date, the funding needed after handover and identified, and the risks. Its
:class:`ReadinessCriterion` rows say what must be true before the handover; a criterion may be
linked to a benchmark indicator (or a whole benchmark), whose computed rating then says whether
it is on track.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks.models import Benchmark, Component, Indicator
from ssrmonitor.core.models import Country, Mission, Organisation


class TransitionPlan(models.Model):
    """A mission's plan to transfer its SSR tasks to national and UN partners."""

    mission = models.ForeignKey(
        Mission,
        on_delete=models.PROTECT,
        related_name="transition_plans",
        verbose_name=_("mission"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="transition_plans",
        verbose_name=_("country"),
    )
    title = models.CharField(_("title"), max_length=250)
    successor = models.CharField(
        _("successor presence"),
        max_length=250,
        blank=True,
        help_text=_("e.g. BINUH (special political mission), the UN Country Team"),
    )
    start_date = models.DateField(_("transition starts"), null=True, blank=True)
    end_date = models.DateField(_("mission ends"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    source = models.CharField(_("source"), max_length=400, blank=True)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Published plans are shown to the public.")
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    external_id = models.CharField(
        _("external identifier"), max_length=80, unique=True, null=True, blank=True
    )

    class Meta:
        ordering = ["country__name", "-end_date", "title"]
        verbose_name = _("transition plan")
        verbose_name_plural = _("transition plans")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("transitions:plan", args=[self.pk])


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    HANDED_OVER = "handed_over", _("handed over")
    AT_RISK = "at_risk", _("at risk")


class FutureLeadKind(models.TextChoices):
    NATIONAL = "national", _("national institution")
    UNCT = "unct", _("UN Country Team entity")
    SUCCESSOR = "successor", _("successor UN presence")
    PARTNER = "partner", _("other partner")


class TransitionTask(models.Model):
    """One SSR task of the mission, from its current lead to its future lead."""

    plan = models.ForeignKey(
        TransitionPlan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan")
    )
    title = models.CharField(_("task"), max_length=300)
    mandate_reference = models.CharField(
        _("mandate reference"), max_length=120, blank=True, help_text=_("e.g. S/RES/2410 (2018)")
    )
    component = models.CharField(
        _("SSR component"),
        max_length=20,
        choices=Component.choices,
        default=Component.CROSS_CUTTING,
    )
    current_lead = models.CharField(_("current lead"), max_length=250)
    future_lead_kind = models.CharField(
        _("future lead is"), max_length=10, choices=FutureLeadKind.choices
    )
    future_lead = models.CharField(_("future lead"), max_length=250, blank=True)
    future_lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("future lead (organisation)"),
    )
    handover_date = models.DateField(_("handover date"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    capacity_transfer = models.TextField(_("capacity-transfer activities"), blank=True)
    funding_needed = models.DecimalField(
        _("funding needed after handover (USD)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    funding_identified = models.DecimalField(
        _("funding identified (USD)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    funding_sources = models.TextField(_("funding sources"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    source = models.CharField(_("source"), max_length=400, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    external_id = models.CharField(
        _("external identifier"), max_length=80, unique=True, null=True, blank=True
    )

    class Meta:
        ordering = ["plan", "handover_date", "position", "id"]
        verbose_name = _("transition task")
        verbose_name_plural = _("transition tasks")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#task-{self.pk}"

    @property
    def future_lead_name(self) -> str:
        if self.future_lead_organisation is not None:
            return self.future_lead_organisation.name
        return self.future_lead

    @property
    def funding_gap(self) -> Decimal | None:
        """Needed minus identified (``None`` when the need is unknown)."""
        if self.funding_needed is None:
            return None
        return self.funding_needed - (self.funding_identified or Decimal(0))


class ReadinessCriterion(models.Model):
    """A condition for the handover, judged by a linked indicator/benchmark or by hand."""

    task = models.ForeignKey(
        TransitionTask, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("task")
    )
    text = models.TextField(_("criterion"))
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    benchmark = models.ForeignKey(
        Benchmark,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("benchmark"),
        help_text=_("Rated by the roll-up of its indicators when no indicator is chosen."),
    )
    is_met = models.BooleanField(
        _("met"), null=True, blank=True, help_text=_("For criteria judged by hand.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["task", "position", "id"]
        verbose_name = _("readiness criterion")
        verbose_name_plural = _("readiness criteria")

    def __str__(self) -> str:
        return self.text[:80]
