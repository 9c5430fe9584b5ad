"""Perception surveys: the survey, its questions and answers, respondents and estimates.

A :class:`Survey` is one round of a survey series in one country, with its sampling design
(the names of its weight, stratum and cluster variables). Its :class:`Question` s carry their
answer categories and which count as *favourable*; each question may follow a crosswalk
:class:`Item`, so that the same item is followed across rounds that renumber it (Afrobarometer's
"trust the police" is Q52H in round 6, Q43G in 7, Q41G in 8 and Q37G in 9). Respondent-level
rows (:class:`Respondent`) are internal data; only :class:`Estimate` s leave the app.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country


class SurveyKind(models.TextChoices):
    MICRODATA = "microdata", _("respondent-level data")
    AGGREGATES = "aggregates", _("published tables only")


class Sex(models.TextChoices):
    WOMAN = "woman", _("women")
    MAN = "man", _("men")


class Area(models.TextChoices):
    URBAN = "urban", _("urban")
    RURAL = "rural", _("rural")


class GroupKind(models.TextChoices):
    ALL = "all", _("all respondents")
    SEX = "sex", _("sex")
    AGE_BAND = "age_band", _("age band")
    REGION = "region", _("region")
    URBAN_RURAL = "urban_rural", _("urban or rural")


class AgeBand(models.TextChoices):
    """Youth as resolution 2250 (2015) defines it: 18 to 35 years."""

    YOUTH = "18-35", _("18–35 (youth)")
    OLDER = "36+", _("36 and over")


class Origin(models.TextChoices):
    COMPUTED = "computed", _("computed from the respondents")
    PUBLISHED = "published", _("published table")


class Item(models.Model):
    """A survey item followed across rounds (the crosswalk's canonical code)."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    label = models.CharField(_("label"), max_length=200)
    theme = models.CharField(_("theme"), max_length=80, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("survey item")
        verbose_name_plural = _("survey items")

    def __str__(self) -> str:
        return self.label


class Survey(models.Model):
    """One round of a perception survey in one country."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    series = models.CharField(_("survey series"), max_length=120, help_text=_("e.g. Afrobarometer"))
    name = models.CharField(_("name"), max_length=250)
    round_number = models.PositiveSmallIntegerField(_("round"))
    fieldwork_start = models.DateField(_("fieldwork from"), null=True, blank=True)
    fieldwork_end = models.DateField(_("fieldwork to"), null=True, blank=True)
    kind = models.CharField(
        _("data held"), max_length=12, choices=SurveyKind.choices, default=SurveyKind.MICRODATA
    )
    weight_variable = models.CharField(_("weight variable"), max_length=64, blank=True)
    strata_variable = models.CharField(_("strata variable"), max_length=64, blank=True)
    cluster_variable = models.CharField(
        _("cluster (primary sampling unit) variable"), max_length=64, blank=True
    )
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    licence = models.CharField(_("licence or terms of use"), max_length=300)
    citation = models.TextField(_("citation"), blank=True)
    respondent_count = models.PositiveIntegerField(_("respondents"), default=0)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Published surveys' estimates are public.")
    )

    class Meta:
        ordering = ["country", "series", "round_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "series", "round_number"], name="one_round_per_series_country"
            )
        ]
        verbose_name = _("perception survey")
        verbose_name_plural = _("perception surveys")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("perceptions:survey", args=[self.pk])

    @property
    def design_text(self) -> str:
        """The sampling design in words (what the confidence intervals account for)."""
        parts = [str(_("weights: %s")) % (self.weight_variable or _("none"))]
        parts.append(str(_("strata: %s")) % (self.strata_variable or _("none")))
        parts.append(str(_("clusters: %s")) % (self.cluster_variable or _("none")))
        return "; ".join(parts)


class Question(models.Model):
    """A question of a survey, its answer categories and the ones counted as favourable.

    ``categories`` is a list of ``{"code": "3", "label": "A lot"}`` in the survey's order;
    ``favourable`` lists the codes counted in the share. Other codes (don't know, refused) are
    not substantive and left out of the denominator.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    code = models.CharField(_("code in this round"), max_length=40)
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("crosswalk item"),
    )
    text = models.TextField(_("question"))
    categories = models.JSONField(_("answer categories"), default=list)
    favourable = models.JSONField(_("favourable answers"), default=list)

    class Meta:
        ordering = ["survey", "code"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="one_code_per_survey"),
            models.UniqueConstraint(fields=["survey", "item"], name="one_question_per_item"),
        ]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"

    @property
    def favourable_labels(self) -> list[str]:
        labels = {str(c["code"]): str(c["label"]) for c in self.categories}
        return [labels.get(str(code), str(code)) for code in self.favourable]


class Respondent(models.Model):
    """One respondent of a survey (internal data: never shown, only estimated from)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    row = models.PositiveIntegerField(_("row in the file"))
    weight = models.FloatField(_("weight"), default=1.0)
    stratum = models.CharField(_("stratum"), max_length=80, blank=True)
    cluster = models.CharField(_("cluster"), max_length=80, blank=True)
    sex = models.CharField(_("sex"), max_length=5, choices=Sex.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    area = models.CharField(_("urban or rural"), max_length=5, choices=Area.choices, blank=True)
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        ordering = ["survey", "row"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")

    def __str__(self) -> str:
        return f"{self.survey} #{self.row}"


class Estimate(models.Model):
    """The weighted share of favourable answers in one group, with its 95 % interval.

    Groups of fewer than :data:`ssrmonitor.perceptions.estimation.MIN_RESPONDENTS` unweighted
    respondents are never stored, so never shown.
    """

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="estimates", verbose_name=_("question")
    )
    group_kind = models.CharField(_("group"), max_length=12, choices=GroupKind.choices)
    group_value = models.CharField(_("group value"), max_length=120, blank=True)
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=1)
    ci_low = models.DecimalField(_("95 % CI from"), max_digits=5, decimal_places=1, null=True)
    ci_high = models.DecimalField(_("95 % CI to"), max_digits=5, decimal_places=1, null=True)
    respondents = models.PositiveIntegerField(_("respondents (unweighted)"))
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)

    class Meta:
        ordering = ["question", "group_kind", "group_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "group_kind", "group_value"], name="one_estimate_per_group"
            )
        ]
        verbose_name = _("estimate")
        verbose_name_plural = _("estimates")

    def __str__(self) -> str:
        return f"{self.question.code} {self.group_kind} {self.group_value}: {self.share} %"
