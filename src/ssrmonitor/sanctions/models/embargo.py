"""Arms embargo measures per country and requests for exemptions for SSR support (OP 20(k))."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks.models import Framework
from ssrmonitor.core.models import Country
from ssrmonitor.sanctions.models.unlist import Regime
from ssrmonitor.support.models import Activity


class EmbargoMeasure(models.Model):
    """An arms embargo that applies to a country: its regime, scope and exemption procedure.

    The measures are public Security Council decisions, so everybody may read them; the
    exemption requests made under them are internal.
    """

    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="embargo_measures",
        verbose_name=_("country"),
    )
    regime = models.ForeignKey(
        Regime,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="embargo_measures",
        verbose_name=_("sanctions regime"),
    )
    title = models.CharField(_("title"), max_length=250)
    resolutions = models.CharField(
        _("resolutions"), max_length=250, help_text=_("e.g. S/RES/2127 (2013), S/RES/2745 (2024)")
    )
    scope = models.TextField(_("scope"), help_text=_("What the embargo covers and whom."))
    exemption_procedure = models.TextField(
        _("exemption procedure"),
        blank=True,
        help_text=_("Which supplies need a notification, which need the committee's approval."),
    )
    committee = models.CharField(_("sanctions committee"), max_length=250, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_until = models.DateField(_("in force until"), null=True, blank=True)
    benchmark_framework = models.ForeignKey(
        Framework,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="embargo_measures",
        verbose_name=_("arms embargo benchmarks"),
        help_text=_("The key benchmarks the Council set for reviewing the embargo."),
    )
    source = models.CharField(_("source"), max_length=400, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("An example, not a recorded measure.")
    )

    class Meta:
        ordering = ["country__name", "-in_force_from", "title"]
        verbose_name = _("arms embargo measure")
        verbose_name_plural = _("arms embargo measures")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sanctions:measure", args=[self.pk])


class ExemptionProcedure(models.TextChoices):
    NOTIFICATION = "notification", _("advance notification to the committee")
    APPROVAL = "approval", _("request for the committee's approval")
    NONE_NEEDED = "none", _("exempt without notification")


class ExemptionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted to the committee")
    DECIDED = "decided", _("decided")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ExemptionDecision(models.TextChoices):
    PENDING = "", _("no decision yet")
    NO_OBJECTION = "no_objection", _("no objection / approved")
    APPROVED_IN_PART = "partial", _("approved in part")
    REFUSED = "refused", _("refused")


class ExemptionRequest(models.Model):
    """A request (or notification) to the sanctions committee for supplies to support SSR.

    ``items`` is a list of ``{"description": str, "quantity": int}``; the service checks it.
    These requests are internal: only members holding ``sanctions.view_internal`` see them.
    """

    measure = models.ForeignKey(
        EmbargoMeasure,
        on_delete=models.PROTECT,
        related_name="exemption_requests",
        verbose_name=_("embargo measure"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="exemption_requests",
        verbose_name=_("country"),
    )
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    purpose = models.TextField(_("purpose (SSR support)"))
    items = models.JSONField(_("items and quantities"), default=list)
    supplier = models.CharField(_("supplier"), max_length=250)
    end_user = models.CharField(_("end user"), max_length=250)
    procedure = models.CharField(
        _("procedure"),
        max_length=12,
        choices=ExemptionProcedure.choices,
        default=ExemptionProcedure.NOTIFICATION,
    )
    committee = models.CharField(_("committee notified or asked"), max_length=250, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision = models.CharField(
        _("decision"),
        max_length=12,
        choices=ExemptionDecision.choices,
        blank=True,
        default=ExemptionDecision.PENDING,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExemptionStatus.choices, default=ExemptionStatus.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("support activity"),
        help_text=_("The support activity that needs the supplies."),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("An example, not a real request.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["country__name", "-submitted_on", "-id"]
        verbose_name = _("exemption request")
        verbose_name_plural = _("exemption requests")

    def __str__(self) -> str:
        return self.reference or f"{self.supplier} → {self.end_user}"

    def get_absolute_url(self) -> str:
        return reverse("sanctions:exemption", args=[self.pk])

    @property
    def total_quantity(self) -> int:
        return sum(int(item.get("quantity", 0)) for item in self.items)


class EquipmentKind(models.TextChoices):
    LETHAL = "lethal", _("arms, ammunition or other lethal equipment")
    SECURITY = "security", _("security equipment (vehicles, communications, protective gear …)")


class EquipmentFlag(models.Model):
    """A support activity that supplies lethal or security equipment to a country.

    Support activities (IATI or national) carry no equipment kind, so the responsible users
    flag them here; a flagged activity in a country under an arms embargo in force with no
    exemption request recorded for it raises an alert (see :mod:`ssrmonitor.sanctions.alerts`).
    """

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="+", verbose_name=_("support activity")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="equipment_flags",
        verbose_name=_("country supplied"),
    )
    kind = models.CharField(_("equipment"), max_length=10, choices=EquipmentKind.choices)
    note = models.CharField(_("note"), max_length=400, blank=True)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("flagged by"),
    )
    flagged_at = models.DateTimeField(_("flagged at"), auto_now_add=True)

    class Meta:
        ordering = ["country__name", "activity__iati_identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "country"], name="one_flag_per_activity_country"
            )
        ]
        verbose_name = _("equipment flag")
        verbose_name_plural = _("equipment flags")

    def __str__(self) -> str:
        return f"{self.activity} → {self.country}: {self.get_kind_display()}"
