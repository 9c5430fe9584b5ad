"""Why a submissions file was refused: each problem names the row, the submission and the field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ssrmonitor.core.errors import FieldError, ValidationFailed


@dataclass(frozen=True, order=True)
class SubmissionProblem:
    """One problem: the file row (header = 1), the submission id, the field and why."""

    row: int
    submission: str
    field: str
    reason: str

    @property
    def where(self) -> str:
        """The row and submission in words (``row 3, submission uuid:…``)."""
        if self.submission:
            return _("row %(row)d, submission %(key)s") % {"row": self.row, "key": self.submission}
        return _("row %d") % self.row


class SubmissionsRefused(ValidationFailed):
    """The file was refused; ``problems`` lists every one. Nothing was written.

    As a :class:`ValidationFailed` its fields read ``submissions[uuid:…].indicator_12``, so the
    API answers 422 with the one error shape.
    """

    def __init__(self, problems: Iterable[SubmissionProblem]) -> None:
        self.problems = sorted(problems)
        super().__init__(
            FieldError(
                f"submissions[{p.submission or p.row}].{p.field}" if p.row else p.field, p.reason
            )
            for p in self.problems
        )
