"""Reference data every other app points at."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.names import mission_name, region_name, territory_name


class Country(models.Model):
    """An ISO 3166-1 country or area, with its UN M49 region and sub-region."""

    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    m49_code = models.CharField(_("M49 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=120)
    region_code = models.CharField(_("M49 region code"), max_length=3, blank=True)
    region_name = models.CharField(_("M49 region"), max_length=60, blank=True)
    subregion_code = models.CharField(_("M49 sub-region code"), max_length=3, blank=True)
    subregion_name = models.CharField(_("M49 sub-region"), max_length=60, blank=True)
    intermediate_region_name = models.CharField(
        _("M49 intermediate region"), max_length=60, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("benchmarks:country", args=[self.iso2])

    @property
    def display_name(self) -> str:
        """The name in the active language (CLDR; the stored name in English)."""
        return territory_name(self.iso2, self.name)

    @property
    def region_display(self) -> str:
        return region_name(self.region_code, self.region_name)

    @property
    def subregion_display(self) -> str:
        return region_name(self.subregion_code, self.subregion_name)


class MissionKind(models.TextChoices):
    PEACEKEEPING = "peacekeeping", _("Peacekeeping operation")
    SPECIAL_POLITICAL = "special_political", _("Special political mission")


class Mission(models.Model):
    """A UN peace operation or special political mission."""

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=MissionKind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions",
        verbose_name=_("country"),
    )
    mandating_resolution = models.CharField(_("mandating resolution"), max_length=40, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("drawdown / end"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return self.acronym

    @property
    def display_name(self) -> str:
        """The mission's name in the active language where the catalogues have it."""
        return mission_name(self.name)


class Organisation(models.Model):
    """A partner organisation, identified as IATI does where it can be."""

    name = models.CharField(_("name"), max_length=250)
    iati_identifier = models.CharField(
        _("IATI organisation identifier"), max_length=100, unique=True, null=True, blank=True
    )
    iati_type = models.CharField(
        _("IATI organisation type"),
        max_length=3,
        blank=True,
        help_text=_("Code from the IATI OrganisationType codelist, e.g. 10 = Government."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name
