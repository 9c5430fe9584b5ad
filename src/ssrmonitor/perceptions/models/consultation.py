"""Inclusive consultations: dialogues, consultations, hearings (resolution 2553, OP 3, 4, 13, 14).

A consultation records who took part — by sex and age band (youth 18–35, resolution 2250) and by
group — what was discussed, what was recommended and what became of each recommendation. It
names the national priorities, benchmarks and transition tasks it speaks to. Those belong to
apps above this one in the layers (``pyproject.toml``), so the links are foreign keys declared
by ``"app.Model"`` name: the database keeps them whole, and no module here imports those apps.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country


class ConsultationKind(models.TextChoices):
    DIALOGUE = "dialogue", _("national security dialogue")
    CONSULTATION = "consultation", _("consultation")
    HEARING = "hearing", _("public hearing")


class FollowUp(models.TextChoices):
    OPEN = "open", _("not yet acted on")
    IN_PROGRESS = "in_progress", _("in progress")
    IMPLEMENTED = "implemented", _("implemented")
    NOT_TAKEN_UP = "not_taken_up", _("not taken up")


#: The participant counts by sex and age band, in display order.
PARTICIPANT_FIELDS = ("women_youth", "women_older", "men_youth", "men_older", "unspecified")
#: The counts of participants by group they came from (a participant may be in none).
GROUP_FIELDS = (
    "civil_society",
    "womens_organisations",
    "youth_organisations",
    "customary_authorities",
    "security_personnel",
)


def _count(label: Any) -> models.PositiveIntegerField[int, int]:
    return models.PositiveIntegerField(label, default=0)


class Consultation(models.Model):
    """A dialogue, consultation or hearing held in a country."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(
        _("kind"),
        max_length=14,
        choices=ConsultationKind.choices,
        default=ConsultationKind.CONSULTATION,
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=250)
    women_youth = _count(_("women aged 18–35"))
    women_older = _count(_("women aged 36 and over"))
    men_youth = _count(_("men aged 18–35"))
    men_older = _count(_("men aged 36 and over"))
    unspecified = _count(_("participants of unrecorded sex or age"))
    civil_society = _count(_("from civil society"))
    womens_organisations = _count(_("from women's organisations"))
    youth_organisations = _count(_("from youth organisations"))
    customary_authorities = _count(_("customary authorities"))
    security_personnel = _count(_("security personnel"))
    topics = models.JSONField(_("topics"), default=list, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    source = models.CharField(_("source document"), max_length=300, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    priorities = models.ManyToManyField(
        "support.StrategyNode", blank=True, related_name="+", verbose_name=_("national priorities")
    )
    benchmarks = models.ManyToManyField(
        "benchmarks.Benchmark", blank=True, related_name="+", verbose_name=_("benchmarks")
    )
    transition_tasks = models.ManyToManyField(
        "transitions.TransitionTask",
        blank=True,
        related_name="+",
        verbose_name=_("transition tasks"),
    )

    class Meta:
        ordering = ["country", "-held_on", "id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("perceptions:consultation", args=[self.pk])

    @staticmethod
    def participant_fields() -> tuple[str, ...]:
        return PARTICIPANT_FIELDS

    @staticmethod
    def group_fields() -> tuple[str, ...]:
        return GROUP_FIELDS

    @property
    def participants(self) -> int:
        return sum(getattr(self, name) for name in PARTICIPANT_FIELDS)


class Recommendation(models.Model):
    """A recommendation of a consultation and what became of it."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"))
    addressee = models.CharField(_("addressed to"), max_length=250, blank=True)
    follow_up = models.CharField(
        _("follow-up"), max_length=14, choices=FollowUp.choices, default=FollowUp.OPEN
    )
    follow_up_note = models.TextField(_("what was done"), blank=True)
    followed_up_on = models.DateField(_("follow-up recorded on"), null=True, blank=True)

    class Meta:
        ordering = ["consultation", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]
