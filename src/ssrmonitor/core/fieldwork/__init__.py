"""Field collection with ODK Central and KoboToolbox: forms out, submissions in.

Shared by the apps that hand out XLSForms and import their submissions (benchmarks' period
values, sector's personnel returns, perceptions' questionnaires): the reader of the two CSV
dialects (:mod:`.reader`), the ledger of submissions already imported (:mod:`.ledger`), the
problems that refuse a file (:mod:`.problems`) and the XLSForm writer (:mod:`.xlsform`). The
domain importers live in their apps.
"""

from __future__ import annotations

from ssrmonitor.core.fieldwork.ledger import (
    FieldReport,
    Sorted,
    audit_after,
    describe,
    keep,
    keep_all,
    report,
    sort,
)
from ssrmonitor.core.fieldwork.problems import SubmissionProblem, SubmissionsRefused
from ssrmonitor.core.fieldwork.reader import Submission, SubmissionsFile, read_submissions

__all__ = [
    "FieldReport",
    "Sorted",
    "Submission",
    "SubmissionProblem",
    "SubmissionsFile",
    "SubmissionsRefused",
    "audit_after",
    "describe",
    "keep",
    "keep_all",
    "read_submissions",
    "report",
    "sort",
]
