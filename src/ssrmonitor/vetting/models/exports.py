"""Exports of personal data: requested by one person, approved by another, downloaded once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country
from ssrmonitor.vetting.crypto import EncryptedTextField


class PersonalDataExport(models.Model):
    class Scope(models.TextChoices):
        PERSONNEL = "personnel", _("Personnel registry")
        RECORDS = "records", _("Records of alleged violations")
        CASES = "cases", _("Cases and hits")
        AGE = "age", _("Age assessments")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting approval")
        APPROVED = "approved", _("Approved: ready to download once")
        REFUSED = "refused", _("Refused")
        DOWNLOADED = "downloaded", _("Downloaded")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    scope = models.CharField(_("what"), max_length=12, choices=Scope.choices)
    reason = EncryptedTextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export of personal data")

    def __str__(self) -> str:
        return f"export #{self.pk}"
