"""The ledger of field submissions (ODK Central, KoboToolbox) already imported.

One row per submission and import scope (a framework's period, an institution's returns, a
survey): its id as the collection server gives it, and a digest of its answers. A re-import of
the same export finds every submission here with the same digest and changes nothing; a
submission edited on the server since comes back with another digest and is reported as changed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models.reference import Country


class FieldSource(models.TextChoices):
    ODK_CENTRAL = "odk_central", _("ODK Central")
    KOBOTOOLBOX = "kobotoolbox", _("KoboToolbox")


class FieldSubmission(models.Model):
    """One submission of a field form, imported into one scope."""

    scope = models.CharField(_("import scope"), max_length=120)
    submission_key = models.CharField(_("submission id"), max_length=200)
    source = models.CharField(_("collected with"), max_length=20, choices=FieldSource.choices)
    digest = models.CharField(_("digest of the answers"), max_length=64)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    object_type = models.CharField(_("written to (type)"), max_length=80, blank=True)
    object_id = models.CharField(_("written to (id)"), max_length=64, blank=True)
    submitted_at = models.CharField(_("submitted at"), max_length=40, blank=True)
    first_imported_at = models.DateTimeField(_("first imported"))
    last_changed_at = models.DateTimeField(_("last changed"))
    changes = models.PositiveIntegerField(_("changes imported"), default=0)

    class Meta:
        ordering = ["scope", "first_imported_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "submission_key"], name="core_one_field_submission_per_scope"
            )
        ]
        verbose_name = _("field submission")
        verbose_name_plural = _("field submissions")

    def __str__(self) -> str:
        return f"{self.scope} {self.submission_key}"
