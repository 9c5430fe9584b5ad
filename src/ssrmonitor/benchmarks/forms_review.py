"""Forms of the review of a value and of its evidence.

They call the services, which own the rules; a form shows a service's :class:`ValidationFailed`
next to the field it names. The value itself is entered with :mod:`.forms_measurement`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.forms import textarea
from ssrmonitor.benchmarks.models import Evidence, Measurement
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.forms import ServiceForm


class ReviewForm(ServiceForm):
    """A reviewer's comment; required to return a value, optional to approve it."""

    comment = forms.CharField(
        label=_("Review comment"),
        required=False,
        max_length=4000,
        widget=textarea(3),
        help_text=_("Required when you return the value: say what to fix."),
    )

    def approve(self, measurement: Measurement, *, acting_user: Actor) -> Measurement | None:
        """Approve the measurement; ``None`` with errors on the form if refused."""
        try:
            return services.approve_measurement(
                measurement, acting_user=acting_user, comment=self.cleaned_data["comment"]
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None

    def send_back(self, measurement: Measurement, *, acting_user: Actor) -> Measurement | None:
        """Return the measurement to its author; ``None`` with errors if refused."""
        try:
            return services.return_measurement(
                measurement, acting_user=acting_user, comment=self.cleaned_data["comment"]
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class EvidenceForm(ServiceForm):
    """A link or a file that supports a measurement."""

    title = forms.CharField(label=_("Title"), max_length=250)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, image, CSV, text, DOCX or XLSX. Give a link or a file, not both."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_url, has_file = bool(cleaned.get("url")), bool(cleaned.get("file"))
        if has_url == has_file and "url" not in self.errors and "file" not in self.errors:
            self.add_error(None, _("Give either a link or a file."))
        return cleaned

    def save(self, measurement: Measurement, *, acting_user: Actor) -> Evidence | None:
        """Attach the evidence; ``None`` with errors on the form if refused."""
        try:
            return services.add_evidence(
                measurement,
                acting_user=acting_user,
                title=self.cleaned_data["title"],
                url=self.cleaned_data.get("url") or "",
                upload=self.cleaned_data.get("file"),
                max_bytes=settings.SSRMONITOR_EVIDENCE_MAX_BYTES,
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None
