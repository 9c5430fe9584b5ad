"""Which submissions of a file are new, edited since, or already imported (the ledger).

An importer sorts a file's submissions against the ledger (:func:`sort`), writes the new and
the edited ones through its app's services, then keeps them (:func:`keep`) in the same
transaction. Unchanged submissions are not written again, so a re-import changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core.fieldwork.reader import Submission, SubmissionsFile
from ssrmonitor.core.models import Country, FieldSubmission

# what an edit of a submission changes in its ledger row
LEDGER_FIELDS = [
    "digest", "source", "submitted_at", "object_type", "object_id", "last_changed_at", "changes",
]  # fmt: skip


@dataclass
class Sorted:
    """A file's submissions by what the ledger knows of them."""

    new: list[Submission] = field(default_factory=list)
    changed: list[tuple[Submission, FieldSubmission]] = field(default_factory=list)
    unchanged: list[tuple[Submission, FieldSubmission]] = field(default_factory=list)
    rejected: list[Submission] = field(default_factory=list)

    @property
    def to_write(self) -> list[Submission]:
        """The new and the edited submissions, in file order."""
        found = [*self.new, *(s for s, _kept in self.changed)]
        return sorted(found, key=lambda s: s.row)


@dataclass(frozen=True)
class FieldReport:
    """What an import did, for the page and the API."""

    source: str
    new: list[str]
    changed: list[str]
    unchanged: int
    rejected: list[str]

    @property
    def written(self) -> int:
        return len(self.new) + len(self.changed)


def sort(scope: str, read: SubmissionsFile) -> Sorted:
    """Sort ``read``'s submissions against what ``scope`` has already imported."""
    keys = [s.key for s in read.submissions]
    kept = {
        k.submission_key: k
        for k in FieldSubmission.objects.filter(scope=scope, submission_key__in=keys)
    }
    found = Sorted()
    for submission in read.submissions:
        known = kept.get(submission.key)
        if submission.rejected:
            found.rejected.append(submission)
        elif known is None:
            found.new.append(submission)
        elif known.digest == submission.digest:
            found.unchanged.append((submission, known))
        else:
            found.changed.append((submission, known))
    return found


def keep(
    scope: str,
    read: SubmissionsFile,
    submission: Submission,
    *,
    country: Country,
    written_to: models.Model | None = None,
) -> FieldSubmission:
    """Record (or bring up to date) one written submission; inside the importer's transaction."""
    now = timezone.now()
    target = (
        (written_to._meta.label_lower, str(written_to.pk)) if written_to is not None else ("", "")
    )
    found = FieldSubmission.objects.filter(scope=scope, submission_key=submission.key).first()
    if found is None:
        return FieldSubmission.objects.create(
            scope=scope,
            submission_key=submission.key[:200],
            source=read.source,
            digest=submission.digest,
            country=country,
            object_type=target[0],
            object_id=target[1],
            submitted_at=submission.submitted_at,
            first_imported_at=now,
            last_changed_at=now,
        )
    found.digest, found.source, found.submitted_at = (
        submission.digest,
        read.source,
        submission.submitted_at,
    )
    found.object_type, found.object_id = target
    found.last_changed_at, found.changes = now, found.changes + 1
    found.save()
    return found


def keep_all(
    scope: str,
    read: SubmissionsFile,
    written: Sequence[tuple[Submission, models.Model | None]],
    *,
    country: Country,
) -> None:
    """:func:`keep` for many submissions (each with what it was written to): one read of the
    ledger and bulk writes, so that a file of many submissions costs no query per submission."""
    now = timezone.now()
    keys = [submission.key for submission, _target in written]
    known = {
        k.submission_key: k
        for k in FieldSubmission.objects.filter(scope=scope, submission_key__in=keys)
    }
    new: list[FieldSubmission] = []
    changed: list[FieldSubmission] = []
    for submission, target in written:
        object_type, object_id = (
            (target._meta.label_lower, str(target.pk)) if target is not None else ("", "")
        )
        found = known.get(submission.key)
        if found is None:
            new.append(
                FieldSubmission(
                    scope=scope, submission_key=submission.key[:200], source=read.source,
                    digest=submission.digest, country=country, object_type=object_type,
                    object_id=object_id, submitted_at=submission.submitted_at,
                    first_imported_at=now, last_changed_at=now,
                )
            )  # fmt: skip
            continue
        found.digest, found.source, found.submitted_at = (
            submission.digest,
            read.source,
            submission.submitted_at,
        )
        found.object_type, found.object_id = object_type, object_id
        found.last_changed_at, found.changes = now, found.changes + 1
        changed.append(found)
    FieldSubmission.objects.bulk_create(new, batch_size=1000)
    FieldSubmission.objects.bulk_update(changed, LEDGER_FIELDS, batch_size=1000)


def report(read: SubmissionsFile, sorted_: Sorted) -> FieldReport:
    """The report of an import that wrote ``sorted_.to_write``."""
    return FieldReport(
        source=read.source_label,
        new=[s.key for s in sorted_.new],
        changed=[s.key for s, _kept in sorted_.changed],
        unchanged=len(sorted_.unchanged),
        rejected=[s.key for s in sorted_.rejected],
    )


def audit_after(report_: FieldReport) -> dict[str, object]:
    """What the import's audit event records: the source and the ids written."""
    return {
        "source": report_.source,
        "new": report_.new,
        "changed": report_.changed,
        "unchanged": report_.unchanged,
        "rejected": report_.rejected,
    }


def describe(report_: FieldReport) -> str:
    """The outcome in words, for the message after an import."""
    text = _(
        "%(source)s export read: %(new)d new submissions imported, %(changed)d edited since "
        "the last import, %(unchanged)d already imported (left as they are)."
    ) % {
        "source": report_.source,
        "new": len(report_.new),
        "changed": len(report_.changed),
        "unchanged": report_.unchanged,
    }
    if report_.changed:
        text += " " + _("Edited submissions, whose new answers replaced the earlier ones: %s.") % (
            ", ".join(report_.changed)
        )
    if report_.rejected:
        text += " " + _("Rejected on the server and left out: %s.") % ", ".join(report_.rejected)
    return text
