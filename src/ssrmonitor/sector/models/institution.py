"""Security institutions of a country, with their history kept as dated versions.

An :class:`Institution` is only an identity (country, stable ``key``, visibility). Everything
that can change — names, type, parent, legal basis, mandate, head, coverage, status — lives in
an :class:`InstitutionVersion` valid from ``valid_from`` (inclusive) to ``valid_to``
(exclusive; empty for the current version). A change of mandate or a merger closes the current
version and opens a new one, so the past is never rewritten and any page can show the
institution as it was at a date.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country
from ssrmonitor.sector.models.choices import (
    OVERSIGHT_KINDS,
    Coverage,
    InstitutionKind,
    InstitutionStatus,
)

LANGUAGES = ("en", "fr")


def pick_name(names: dict[str, str], language: str | None = None) -> str:
    """The name in ``language`` (default: the active one), else English, French, any."""
    lang = (language or get_language() or "en")[:2]
    for code in (lang, *LANGUAGES):
        if names.get(code):
            return names[code]
    return next((text for text in names.values() if text), "")


class Institution(models.Model):
    """A security sector institution: a stable identity whose details are versioned."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="institutions", verbose_name=_("country")
    )
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_("Stable identifier within the country, e.g. LNP; used by imports."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Visible to the public (with suppressed personnel figures)."),
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["country__name", "key"]
        constraints = [
            models.UniqueConstraint(fields=["country", "key"], name="sector_institution_key")
        ]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return f"{self.country_id}:{self.key}"

    def get_absolute_url(self) -> str:
        return reverse("sector:institution", args=[self.pk])


class InstitutionVersion(models.Model):
    """What an institution was from ``valid_from`` until ``valid_to`` (exclusive)."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("institution"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    names = models.JSONField(_("names"), default=dict, help_text=_('{"en": "…", "fr": "…"}'))
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=InstitutionKind.choices)
    parent = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("parent institution"),
    )
    legal_basis_text = models.TextField(_("legal basis"), blank=True)
    legal_basis_reference = models.CharField(_("legal basis reference"), max_length=250, blank=True)
    mandate = models.TextField(_("mandate"), blank=True)
    head = models.CharField(_("head"), max_length=200, blank=True)
    coverage = models.CharField(
        _("geographic coverage"), max_length=20, choices=Coverage.choices, default=Coverage.NATIONAL
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InstitutionStatus.choices,
        default=InstitutionStatus.ACTIVE,
    )
    merged_into = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged into"),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        ordering = ["institution_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "valid_from"], name="sector_version_start"
            ),
            models.UniqueConstraint(
                fields=["institution"],
                condition=models.Q(valid_to__isnull=True),
                name="sector_one_current_version",
            ),
        ]
        verbose_name = _("institution version")
        verbose_name_plural = _("institution versions")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.valid_from.isoformat()})"

    @property
    def display_name(self) -> str:
        """The name in the active language."""
        return pick_name(self.names)

    @property
    def is_oversight(self) -> bool:
        return self.kind in OVERSIGHT_KINDS

    def applies_on(self, day: date) -> bool:
        """True when this version describes the institution on ``day``."""
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)
