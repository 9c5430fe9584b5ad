"""A lesson learned: what was learned, where, from which document (resolution 2553, OP 20(h))."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core.models import Country, Mission


class Theme(models.TextChoices):
    BENCHMARKS = "benchmarks", _("benchmarks and monitoring")
    GENDER = "gender", _("gender")
    CHILD_PROTECTION = "child_protection", _("child protection")
    DDR = "ddr", _("DDR")
    TRANSITIONS = "transitions", _("transitions")
    OVERSIGHT = "oversight", _("oversight and accountability")
    NATIONAL_OWNERSHIP = "ownership", _("national ownership")
    FINANCING = "financing", _("financing")
    DATA_QUALITY = "data_quality", _("data quality")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")


# Operative paragraphs of resolution 2553 (2020) a lesson may speak to.
OPERATIVE_PARAGRAPHS = (
    "OP 1", "OP 2", "OP 3", "OP 4", "OP 5", "OP 6", "OP 7", "OP 8", "OP 9", "OP 10", "OP 11",
    "OP 12", "OP 13", "OP 14", "OP 15", "OP 16", "OP 17", "OP 18", "OP 19", "OP 20(a)",
    "OP 20(b)", "OP 20(c)", "OP 20(d)", "OP 20(e)", "OP 20(f)", "OP 20(g)", "OP 20(h)",
    "OP 20(i)", "OP 20(j)", "OP 20(k)", "OP 21", "OP 22", "OP 23",
)  # fmt: skip


class Lesson(models.Model):
    """One entry of the library; the public sees it once published."""

    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"))
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Markdown (no HTML, no images); blank lines part paragraphs."),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("country"),
        help_text=_("Empty for a lesson that spans countries (only superusers edit those)."),
    )
    mission = models.ForeignKey(
        Mission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("mission"),
    )
    component = models.CharField(
        _("SSR component"), max_length=20, choices=Component.choices, blank=True
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)
    op_tags = models.JSONField(
        _("operative paragraphs of resolution 2553"), default=list, blank=True
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    source_document = models.CharField(
        _("source document"), max_length=300, help_text=_("UN symbol or title, e.g. S/2018/527")
    )
    source_url = models.URLField(_("source link"), blank=True, max_length=500)
    lesson_date = models.DateField(_("date of the source"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    benchmarks = models.ManyToManyField(
        "benchmarks.Benchmark", blank=True, related_name="lessons", verbose_name=_("benchmarks")
    )
    activities = models.ManyToManyField(
        "support.Activity", blank=True, related_name="lessons", verbose_name=_("support activities")
    )
    transition_plans = models.ManyToManyField(
        "transitions.TransitionPlan",
        blank=True,
        related_name="lessons",
        verbose_name=_("transition plans"),
    )
    attachments_text = models.TextField(
        _("text of the attachments"),
        blank=True,
        editable=False,
        help_text=_("Kept by the services from the attachments, for full-text search."),
    )
    external_id = models.CharField(
        _("external identifier"), max_length=80, unique=True, null=True, blank=True
    )

    class Meta:
        ordering = ["-lesson_date", "title"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:lesson", args=[self.pk])

    def get_themes_display(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(theme, theme)) for theme in self.themes]
