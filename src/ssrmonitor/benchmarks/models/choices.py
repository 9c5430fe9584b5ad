"""Closed sets of the benchmark domain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Component(models.TextChoices):
    """SSR components, after the UN Integrated DDR/SSR guidance and resolution 2553 OP 9."""

    DEFENCE = "defence", _("Defence")
    POLICE = "police", _("Police")
    JUSTICE = "justice", _("Justice")
    CORRECTIONS = "corrections", _("Corrections")
    BORDER_CUSTOMS = "border_customs", _("Border and customs")
    IMMIGRATION = "immigration", _("Immigration")
    DISASTER = "disaster", _("Disaster management")
    OVERSIGHT = "oversight", _("Oversight and governance")
    DDR = "ddr", _("DDR-related")
    CROSS_CUTTING = "cross_cutting", _("Cross-cutting")


class Owner(models.TextChoices):
    """Who the benchmark binds: host-country commitments are benchmarks the host country owns."""

    UN = "un", _("United Nations")
    HOST = "host", _("Host country")
    JOINT = "joint", _("Joint")


class IndicatorKind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Quantitative")
    PERCENTAGE = "percentage", _("Percentage")
    MILESTONE = "milestone", _("Milestone")
    RATING = "rating", _("Qualitative rating")


class IndicatorSource(models.TextChoices):
    """Where an indicator's values come from."""

    MEASURED = "measured", _("Values recorded by hand")
    SECTOR_WOMEN_SHARE = "sector_women_share", _("Women's share from personnel returns")
    PERCEPTION_SHARE = "perception_share", _("Favourable share from perception surveys")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    ANNUAL = "annual", _("Annual")
    AD_HOC = "ad_hoc", _("When reported")


class MeasurementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Dimension(models.TextChoices):
    SEX = "sex", _("Sex")
    AGE_BAND = "age_band", _("Age band")
    REGION = "region", _("Region")


# Categories of the closed dimensions. A complete set of them partitions the total;
# region names are free, so a region breakdown never has to be complete.
DIMENSION_CATEGORIES: dict[str, tuple[str, ...]] = {
    Dimension.SEX: ("female", "male"),
    Dimension.AGE_BAND: ("under_18", "18_24", "25_34", "35_49", "50_plus"),
}
