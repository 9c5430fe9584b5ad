"""Field collection of an institution's personnel returns with ODK or KoboToolbox.

:func:`personnel_form` is the XLSForm of one institution's return: the reporting period, then
one group per rank category with the number of women and of men (whole numbers, required).
:func:`import_personnel_submissions` reads the ODK Central or KoboToolbox export of it: each
submission is one return (whole institution, one period), written by the sector service that
records returns. Every submission is checked before anything is written; submissions already
imported with the same answers are left out, so a re-import changes nothing; a submission edited
on the server since replaces the return it wrote. A new submission for a period whose return
came from another submission is refused (edit that submission instead), so that two field
returns of one period never silently replace each other.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.fieldwork import (
    FieldReport,
    Submission,
    SubmissionProblem,
    SubmissionsRefused,
    audit_after,
    keep,
    read_submissions,
    report,
    sort,
)
from ssrmonitor.core.fieldwork.xlsform import checked, xlsform
from ssrmonitor.core.models import FieldSubmission
from ssrmonitor.core.periods import PeriodParseError, ReportingPeriod
from ssrmonitor.core.writes import require
from ssrmonitor.sector.models import Institution, PersonnelReturn, RankCategory, Sex
from ssrmonitor.sector.permissions import can_import_sector
from ssrmonitor.sector.services.institutions import current_version
from ssrmonitor.sector.services.personnel import CountIn, write_personnel_return

PERIOD_PATTERN = "^[0-9]{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
SEXES = (Sex.FEMALE, Sex.MALE)
MAX_COUNT = 2_147_483_647  # PersonnelCount.count (a positive integer column)


def count_name(rank: str, sex: str) -> str:
    """The XLSForm name of one cell (``officer_female``): its column in the export."""
    return f"{rank}_{sex}"


def scope_of(institution: Institution) -> str:
    """The ledger scope of an institution's personnel returns."""
    return f"sector.institution:{institution.pk}"


def personnel_form(institution: Institution) -> bytes:
    """The XLSForm of the institution's personnel return, checked by ``pyxform``."""
    name = current_version(institution).display_name
    rows: list[list[str]] = [
        [
            "text", "period", _("Reporting period"),
            _("A year (2026), half-year (2026-H1), quarter (2026-Q3) or month (2026-07)."),
            f"regex(., '{PERIOD_PATTERN}')",
            _("Write the period as 2026, 2026-H1, 2026-Q3 or 2026-07."), "yes",
        ]
    ]  # fmt: skip
    hint = _("Number of persons on the strength at the end of the period.")
    negative = _("A count cannot be negative.")
    for rank, label in RankCategory.choices:
        rows.append(["begin_group", f"rank_{rank}", str(label), "", "", "", ""])
        rows.extend(
            ["integer", count_name(rank, sex), str(Sex(sex).label), hint, ". >= 0", negative, "yes"]
            for sex in SEXES
        )
        rows.append(["end_group", "", "", "", "", "", ""])
    settings = {
        "form_title": (_("Personnel return: %s") % name)[:250],
        "form_id": f"ssrmonitor_personnel_{institution.pk}",
        "version": "1",
    }
    return checked(xlsform(rows, settings))


def _counts(submission: Submission, problems: list[SubmissionProblem]) -> list[CountIn]:
    expected = {count_name(r, s): (r, s) for r in RankCategory.values for s in SEXES}
    counts = []
    for name in submission.answers:
        if name not in expected and name != "period":
            reason = _("Not a question of the personnel return form.")
            problems.append(SubmissionProblem(submission.row, submission.key, name, reason))
    for name, (rank, sex) in expected.items():
        value = submission.answers.get(name, "")
        # isdecimal: "²" is a digit that int() refuses; the column holds at most MAX_COUNT
        if not value.isdecimal() or int(value) > MAX_COUNT:
            if not value:
                reason = _("This count is missing.")
            elif value.isdecimal():
                reason = _("At most %d persons.") % MAX_COUNT
            else:
                reason = _("A whole number of persons (0 or more) is required.")
            problems.append(SubmissionProblem(submission.row, submission.key, name, reason))
            continue
        counts.append(CountIn(unit="", rank=rank, sex=sex, count=int(value)))
    return counts


def _period(submission: Submission, problems: list[SubmissionProblem]) -> ReportingPeriod | None:
    try:
        return ReportingPeriod.parse(submission.answers.get("period", ""))
    except PeriodParseError as exc:
        problems.append(SubmissionProblem(submission.row, submission.key, "period", str(exc)))
        return None


def _plan(
    institution: Institution, scope: str, submissions: list[Submission]
) -> list[tuple[Submission, ReportingPeriod, list[CountIn]]]:
    problems: list[SubmissionProblem] = []
    plan = []
    periods: dict[str, Submission] = {}
    returns = {
        str(r.period): str(r.pk) for r in PersonnelReturn.objects.filter(institution=institution)
    }
    owners = {
        k.object_id: k.submission_key
        for k in FieldSubmission.objects.filter(scope=scope, object_type="sector.personnelreturn")
    }
    earlier = {
        key: period for period, pk in returns.items() for pk_, key in owners.items() if pk == pk_
    }
    for submission in submissions:
        period = _period(submission, problems)
        counts = _counts(submission, problems)
        if period is None:
            continue
        other = periods.get(str(period))
        owner = owners.get(returns.get(str(period), ""), submission.key)
        if other is not None:
            reason = _("Submission %(key)s on row %(row)d is the return of this period too.") % {
                "key": other.key, "row": other.row,
            }  # fmt: skip
            problems.append(SubmissionProblem(submission.row, submission.key, "period", reason))
        elif earlier.get(submission.key, str(period)) != str(period):
            reason = _(
                "This submission was the return of %(earlier)s; a return's period cannot change "
                "(record %(period)s with a new submission)."
            ) % {"earlier": earlier[submission.key], "period": period}
            problems.append(SubmissionProblem(submission.row, submission.key, "period", reason))
        elif owner != submission.key:
            reason = _(
                "The return of %(period)s came from submission %(key)s: edit that submission "
                "on the server instead."
            ) % {"period": period, "key": owner}
            problems.append(SubmissionProblem(submission.row, submission.key, "period", reason))
        periods[str(period)] = submission
        plan.append((submission, period, counts))
    if problems:
        raise SubmissionsRefused(problems)
    return plan


@transaction.atomic(durable=True)
def import_personnel_submissions(
    institution: Institution, *, acting_user: Actor, content: bytes
) -> FieldReport:
    """Import an ODK Central or KoboToolbox export of the institution's personnel form.

    Args:
        institution: the institution whose form was filled in.
        acting_user: a holder of ``sector.import`` (and ``sector.edit``) in its country.
        content: the CSV export.

    Raises:
        SubmissionsRefused: every problem, by row, submission and field; nothing is written.
        Denied: when ``acting_user`` may not import the country's sector data.
    """
    require(can_import_sector(acting_user, institution.country_id))
    read = read_submissions(content)
    scope = scope_of(institution)
    found = sort(scope, read)
    everything = sorted(
        [*found.to_write, *(s for s, _kept in found.unchanged)], key=lambda s: s.row
    )
    plan = _plan(institution, scope, everything)
    writing = {s.key for s in found.to_write}
    for submission, period, counts in plan:
        if submission.key not in writing:
            continue
        written = write_personnel_return(
            institution,
            acting_user=acting_user,
            period=period,
            counts=counts,
            source=f"{read.source_label} {submission.key}"[:300],
        )
        keep(scope, read, submission, country=institution.country, written_to=written)
    outcome = report(read, found)
    if outcome.written:
        audit.record(
            actor=acting_user,
            action="import_field_submissions",
            obj=institution,
            country_iso2=institution.country.iso2,
            after=audit_after(outcome),
        )
    return outcome
