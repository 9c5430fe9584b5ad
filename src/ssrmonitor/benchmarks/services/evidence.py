"""Evidence of a value: a link or a file, checked from its bytes, audited."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import Evidence, Measurement
from ssrmonitor.benchmarks.permissions import can_change_measurement
from ssrmonitor.benchmarks.services.measurements import iso2_of, with_contributor
from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, person
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.uploads import check_upload
from ssrmonitor.core.writes import require, validated

_EVIDENCE_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "text/csv",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@transaction.atomic(durable=True)
def add_evidence(
    measurement: Measurement,
    *,
    acting_user: Actor,
    title: str,
    url: str = "",
    upload: UploadedFile | None = None,
    max_bytes: int = 20 * 1024 * 1024,
) -> Evidence:
    """Attach a link or a file (PDF, image, CSV, text, DOCX, XLSX) to a measurement."""
    require(can_change_measurement(acting_user, measurement))
    if bool(url) == bool(upload):
        raise ValidationFailed.one("url", _("Give either a link or a file."))
    evidence = Evidence(
        measurement=measurement, title=title.strip(), url=url, added_by=person(acting_user)
    )
    if upload is not None:
        if upload.size is not None and upload.size > max_bytes:
            raise ValidationFailed.one(
                "file", _("The file is larger than %d MB.") % (max_bytes // (1024 * 1024))
            )
        if upload.content_type not in _EVIDENCE_TYPES:
            raise ValidationFailed.one(
                "file", _("Files of type %s are not accepted.") % upload.content_type
            )
        # What the bytes are, not what the client declared (issue 13, finding 10).
        evidence.content_type = check_upload(
            upload,
            name=upload.name or "",
            declared=upload.content_type,
            allowed={"pdf", "png", "jpeg", "csv", "text", "docx", "xlsx"},
        )
        evidence.file.save(upload.name or "evidence", upload, save=False)
    validated(evidence, exclude=["file"])
    evidence.save()
    if contributed := with_contributor(measurement, acting_user):
        measurement.save(update_fields=contributed)
    audit.record(
        actor=acting_user,
        action="add_evidence",
        obj=evidence,
        country_iso2=iso2_of(measurement.indicator),
        after=audit.snapshot(evidence),
    )
    return evidence
