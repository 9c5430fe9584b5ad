"""Snapshots: the data and narrative of a report, frozen for an official submission."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import ReportingPeriodField
from ssrmonitor.core.sections import Audience


class Snapshot(models.Model):
    """A report's content as it was when frozen; the report regenerates from ``payload`` alone.

    ``payload`` is the JSON the section providers collected (approved values only) plus the
    narrative blocks; ``digest`` is the SHA-256 of its canonical form, so that a changed
    payload is detected. Rows are never changed after creation.
    """

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    period = ReportingPeriodField(_("reporting period"))
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.INTERNAL
    )
    title = models.CharField(_("title"), max_length=200)
    payload = models.JSONField(_("content"))
    digest = models.CharField(_("SHA-256 of the content"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    class Meta:
        ordering = ["country", "-created_at", "-id"]
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")

    def __str__(self) -> str:
        return f"{self.country.iso2} {self.period}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reports:snapshot", args=[self.pk])
