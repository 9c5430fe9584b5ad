"""Read the submissions CSV that ODK Central or KoboToolbox exports, whichever it is.

The two servers write the same answers in two dialects:

- **ODK Central** (``submissions.csv``): ``SubmissionDate`` first, a question inside a group
  as ``group-question``, the submission's id in ``KEY`` (kept when the submission is edited;
  ``meta-instanceID`` is the id of its latest version), then ``SubmitterID``,
  ``SubmitterName``, ``AttachmentsPresent``, ``AttachmentsExpected``, ``Status``,
  ``ReviewState``, ``DeviceID``, ``Edits``, ``FormVersion``.
- **KoboToolbox** (CSV export, "XML values and headers"): a question inside a group as
  ``group/question`` (the default group separator), a comma or a semicolon between cells, and
  its own columns ``_id``, ``_uuid``, ``_submission_time``, ``_validation_status``, ``_notes``,
  ``_status``, ``_submitted_by``, ``__version__``, ``_tags``, ``_index``. ``_uuid`` changes
  when a submission is edited; ``meta/rootUuid`` (in recent exports) does not, so it is the id
  when present.

Which dialect a file is comes from its header. Every question becomes its name without the
group path (the forms SSR Monitor hands out never repeat a name); the server's own columns and
the form's metadata (``start``, ``end``, ``deviceid``…) are kept apart. Submissions that the
server's review rejected (ODK ``ReviewState`` *rejected*, Kobo *not approved*) are read but
marked, and the importers skip them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.fieldwork.problems import SubmissionProblem, SubmissionsRefused
from ssrmonitor.core.models import FieldSource
from ssrmonitor.core.uploads import require_content

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_KEY = 200  # FieldSubmission.submission_key: a longer id could not be found again

ODK_COLUMNS = frozenset({
    "SubmissionDate", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
    "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion",
})  # fmt: skip
# XLSForm metadata questions: recorded by the device, not answers
FORM_METADATA = frozenset({
    "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
    "username", "email", "audit", "instanceID", "instanceName", "rootUuid", "deprecatedID",
})  # fmt: skip
KOBO_REJECTED = frozenset({"validation_status_not_approved", "not approved"})


@dataclass(frozen=True)
class Submission:
    """One submission: its row in the file (header = 1), its id and its answers by name."""

    row: int
    key: str
    submitted_at: str
    answers: dict[str, str]
    meta: dict[str, str] = field(default_factory=dict)
    rejected: bool = False

    @property
    def digest(self) -> str:
        """A digest of the answers: another digest means the submission was edited."""
        text = json.dumps(self.answers, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class SubmissionsFile:
    """A whole export: which server wrote it and its submissions in file order."""

    source: FieldSource
    submissions: list[Submission]

    @property
    def source_label(self) -> str:
        return str(self.source.label)


def _refused(reason: str, row: int = 0, column: str = "file") -> SubmissionsRefused:
    return SubmissionsRefused([SubmissionProblem(row, "", column, reason)])


def _text(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise _refused(_("The file is larger than %d MB.") % (MAX_BYTES // 1024 // 1024))
    try:
        require_content(content, {"text", "csv"})
    except ValidationFailed as exc:
        raise _refused(exc.errors[0].reason) from None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused(_("The file is not UTF-8 text.")) from None


def _rows(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise _refused(_("The file has more than %d submissions.") % MAX_ROWS)
    except csv.Error as exc:
        raise _refused(_("The file is not a readable CSV file: %s") % exc) from None
    return rows


def detect(header: list[str]) -> FieldSource:
    """ODK Central or KoboToolbox, from the header; a file of neither is refused."""
    names = set(header)
    if "PARENT_KEY" in names:
        raise _refused(
            _("This is a repeat group's table: upload the form's main table."), 1, "PARENT_KEY"
        )
    if names & {"KEY", "SubmissionDate", "meta-instanceID"}:
        return FieldSource.ODK_CENTRAL
    if names & {"_uuid", "_id", "_submission_time"}:
        return FieldSource.KOBOTOOLBOX
    raise _refused(
        _(
            "This is not a submissions export of ODK Central (no KEY, SubmissionDate or "
            "meta-instanceID column) or KoboToolbox (no _uuid, _id or _submission_time column)."
        ),
        1,
        "header",
    )


def _is_metadata(source: FieldSource, column: str, path: list[str]) -> bool:
    if source == FieldSource.ODK_CENTRAL and column in ODK_COLUMNS:
        return True
    if source == FieldSource.KOBOTOOLBOX and column.startswith("_"):
        return True
    return path[0] in {"meta", "formhub"} or path[-1] in FORM_METADATA


def _split(source: FieldSource, column: str) -> list[str]:
    return column.split("-" if source == FieldSource.ODK_CENTRAL else "/")


def _names(source: FieldSource, header: list[str]) -> list[tuple[str, bool]]:
    """Each column's name without its group path, and whether it is an answer."""
    found: list[tuple[str, bool]] = []
    seen: dict[str, str] = {}
    problems = []
    for column in header:
        path = _split(source, column.strip())
        name, answer = path[-1], not _is_metadata(source, column.strip(), path)
        if answer and name in seen:
            reason = _("The question %(name)s appears twice (%(first)s and %(second)s).") % {
                "name": name, "first": seen[name], "second": column,
            }  # fmt: skip
            problems.append(SubmissionProblem(1, "", column, reason))
        if answer:
            seen[name] = column
        found.append((name if answer else column.strip(), answer))
    if problems:
        raise SubmissionsRefused(problems)
    return found


def _key(source: FieldSource, meta: dict[str, str]) -> str:
    if source == FieldSource.ODK_CENTRAL:
        return meta.get("KEY") or meta.get("meta-instanceID", "")
    root = meta.get("meta/rootUuid", "")
    return root.removeprefix("uuid:") or meta.get("_uuid", "") or meta.get("_id", "")


def _rejected(source: FieldSource, meta: dict[str, str]) -> bool:
    if source == FieldSource.ODK_CENTRAL:
        return meta.get("ReviewState", "").strip().lower() == "rejected"
    return meta.get("_validation_status", "").strip().lower() in KOBO_REJECTED


def read_submissions(content: bytes) -> SubmissionsFile:
    """Every submission of an ODK Central or KoboToolbox CSV export.

    Raises:
        SubmissionsRefused: the file is not such an export, or a submission has no id or the
            same id as another one (each problem names the row and the column).
    """
    rows = _rows(_text(content))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise _refused(_("The file is empty."), 1, "header")
    header = [cell.strip() for cell in rows[0]]
    source = detect(header)
    names = _names(source, header)
    submissions: list[Submission] = []
    problems: list[SubmissionProblem] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        answers: dict[str, str] = {}
        meta: dict[str, str] = {}
        for index, (name, answer) in enumerate(names):
            value = row[index].strip() if index < len(row) else ""
            (answers if answer else meta)[name] = value
        key = _key(source, meta)
        id_column = "KEY" if source == FieldSource.ODK_CENTRAL else "_uuid"
        if not key:
            problems.append(SubmissionProblem(number, "", id_column, _("No submission id.")))
            continue
        if len(key) > MAX_KEY:
            reason = _("The submission id is longer than %d characters.") % MAX_KEY
            problems.append(SubmissionProblem(number, key[:40] + "…", id_column, reason))
            continue
        if key in seen:
            reason = _("The same submission is on row %d.") % seen[key]
            problems.append(SubmissionProblem(number, key, id_column, reason))
            continue
        seen[key] = number
        submitted = meta.get("SubmissionDate") or meta.get("_submission_time", "")
        submissions.append(
            Submission(number, key, submitted[:40], answers, meta, _rejected(source, meta))
        )
    if problems:
        raise SubmissionsRefused(problems)
    if not submissions:
        raise _refused(_("The file holds no submission."), 2, "file")
    return SubmissionsFile(source, submissions)
