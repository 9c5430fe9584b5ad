"""Screening runs, the hits they produce, and the due-process case opened for each hit.

A case moves through the steps of :class:`CaseStatus`; every step is a :class:`CaseStep` row
(append-only) *and* an audit event. Nothing is decided automatically: a step is always a
person's act, and a decision needs two different reviewers (four eyes).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country
from ssrmonitor.vetting.crypto import EncryptedJSONField, EncryptedTextField
from ssrmonitor.vetting.models.registry import Person, ViolationRecord


class Band(models.TextChoices):
    PROBABLE = "probable", _("Probable match")
    POSSIBLE = "possible", _("Possible match")
    NO_MATCH = "no_match", _("No match")


class ScreeningPolicy(models.Model):
    """A country's score thresholds, set by an administrator from the reviewers' capacity."""

    country = models.OneToOneField(
        Country, on_delete=models.CASCADE, related_name="+", verbose_name=_("country")
    )
    probable_threshold = models.FloatField(_("probable band from score"))
    possible_threshold = models.FloatField(_("possible band from score"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probable_threshold__gt=models.F("possible_threshold")),
                name="vetting_policy_bands_ordered",
            )
        ]
        verbose_name = _("screening policy")

    def __str__(self) -> str:
        return f"screening policy {self.country_id}"


class ScreeningRun(models.Model):
    """One screening of personnel against the records (batch or online)."""

    class Kind(models.TextChoices):
        BATCH = "batch", _("Batch")
        ONLINE = "online", _("On registration")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    source_name = models.CharField(_("source"), max_length=255, blank=True, default="")
    persons_screened = models.PositiveIntegerField(default=0)
    records_compared = models.PositiveIntegerField(default=0)
    probable_hits = models.PositiveIntegerField(default=0)
    possible_hits = models.PositiveIntegerField(default=0)
    probable_threshold = models.FloatField()
    possible_threshold = models.FloatField()
    seconds = models.FloatField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("screening run")

    def __str__(self) -> str:
        return f"screening run #{self.pk}"


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open: identity to be checked")
    NOT_THE_PERSON = "not_the_person", _("Closed: not the same person")
    IDENTITY_CONFIRMED = "identity_confirmed", _("Identity confirmed: to notify")
    NOTIFIED = "notified", _("Notified: awaiting the response")
    RESPONSE_RECORDED = "response_recorded", _("Response recorded: to decide")
    DECISION_PROPOSED = "decision_proposed", _("Decision proposed: second reviewer to confirm")
    DECIDED = "decided", _("Decided: open to appeal")
    APPEALED = "appealed", _("Under appeal")
    FINAL = "final", _("Final decision")


class Outcome(models.TextChoices):
    CLEARED = "cleared", _("Cleared")
    EXCLUDED = "excluded", _("Excluded")
    CONDITIONAL = "conditional", _("Retained with conditions")


class Case(models.Model):
    """The due-process case opened for one (person, record) hit."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="cases", verbose_name=_("person")
    )
    record = models.ForeignKey(
        ViolationRecord, on_delete=models.PROTECT, related_name="cases", verbose_name=_("record")
    )
    run = models.ForeignKey(
        ScreeningRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    score = models.FloatField(_("score"))
    band = models.CharField(_("band"), max_length=10, choices=Band.choices)
    explanation = EncryptedJSONField(_("explanation"), default=list)
    status = models.CharField(
        _("status"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    due_on = models.DateField(_("next deadline"), null=True, blank=True)
    notified_on = models.DateField(_("notified on"), null=True, blank=True)
    notification_means = models.CharField(_("means"), max_length=100, blank=True, default="")
    proposed_outcome = models.CharField(
        _("proposed decision"), max_length=12, choices=Outcome.choices, blank=True, default=""
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    outcome = models.CharField(
        _("decision"), max_length=12, choices=Outcome.choices, blank=True, default=""
    )
    final_outcome = models.CharField(
        _("final decision"), max_length=12, choices=Outcome.choices, blank=True, default=""
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "record"], name="vetting_one_case_per_hit")
        ]
        verbose_name = _("case")

    def __str__(self) -> str:
        return f"case #{self.pk}"


class CaseStep(models.Model):
    """One act in a case, by one person. Append-only, like the audit log."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Case opened from a hit")
        IDENTITY_CONFIRMED = "identity_confirmed", _("Identity match confirmed")
        IDENTITY_REJECTED = "identity_rejected", _("Identity match rejected")
        NOTIFIED = "notified", _("Person notified")
        RESPONSE = "response", _("Response recorded")
        NO_RESPONSE = "no_response", _("No response by the deadline")
        DECISION_PROPOSED = "decision_proposed", _("Decision proposed")
        DECISION_CONFIRMED = "decision_confirmed", _("Decision confirmed (second reviewer)")
        DECISION_SENT_BACK = "decision_sent_back", _("Proposed decision sent back")
        APPEAL_LODGED = "appeal_lodged", _("Appeal lodged")
        APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
        MADE_FINAL = "made_final", _("Decision final (no appeal by the deadline)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=24, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reasons = EncryptedTextField(_("reasons"), blank=True, default="")
    details = EncryptedJSONField(_("details"), default=dict)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case step")

    def __str__(self) -> str:
        return f"case step #{self.pk}"
