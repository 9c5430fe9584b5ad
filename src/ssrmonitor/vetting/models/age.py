"""Age assessment at recruitment: evidence items, each a date-of-birth interval.

The assessed date of birth is the intersection of the items' intervals; the decision uses the
*lowest plausible age* on the enlistment date (benefit of the doubt). See
:mod:`ssrmonitor.vetting.age` for the rules.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country
from ssrmonitor.vetting.crypto import EncryptedJSONField, EncryptedTextField
from ssrmonitor.vetting.models.registry import Person


class AgeOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    ELIGIBLE = "eligible", _("Eligible: 18 or older on the enlistment date")
    UNDER_AGE = "under_age", _("Not eligible: under 18 on the enlistment date")
    REFERRED = "referred", _("Referred to a child protection officer")


class AgeAssessment(models.Model):
    """The age assessment of one recruitment candidate."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="age_assessments",
        verbose_name=_("person"),
    )
    candidate_names = EncryptedJSONField(_("candidate's names"), default=list)
    candidate_reference = EncryptedTextField(_("candidate id"), blank=True, default="")
    institution = models.ForeignKey(
        "sector.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution"),
    )
    enlistment_date = models.DateField(_("enlistment date"))
    assessed_birth_date = EncryptedJSONField(_("assessed date of birth"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=AgeOutcome.choices, default=AgeOutcome.PENDING
    )
    outcome_reason = models.CharField(_("reason"), max_length=40, blank=True, default="")
    referral_note = EncryptedTextField(_("referral note"), blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("age assessment")

    def __str__(self) -> str:
        return f"age assessment #{self.pk}"


class EvidenceKind(models.TextChoices):
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    NATIONAL_ID = "national_id", _("National identity document")
    SCHOOL_RECORD = "school_record", _("School record")
    BAPTISM_RECORD = "baptism_record", _("Baptism or religious record")
    MEDICAL_ESTIMATE = "medical_estimate", _("Medical estimate")
    INTERVIEW = "interview", _("Interview")
    OTHER = "other", _("Other")


class AgeEvidence(models.Model):
    """One evidence item: the date-of-birth interval it supports."""

    assessment = models.ForeignKey(AgeAssessment, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=24, choices=EvidenceKind.choices)
    birth_date = EncryptedJSONField(_("date of birth it supports"))
    note = EncryptedTextField(_("note"), blank=True, default="")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("age evidence")

    def __str__(self) -> str:
        return f"age evidence #{self.pk}"
