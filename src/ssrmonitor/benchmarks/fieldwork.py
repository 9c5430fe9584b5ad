"""Field submissions of a period's XLSForm (ODK Central or KoboToolbox CSV) into draft values.

Each submission answers some of the ``indicator_<id>`` questions of the form that
:mod:`ssrmonitor.benchmarks.xlsform` hands out. The new submissions and those edited on the
server since the last import become one period entry, saved by
:func:`~ssrmonitor.benchmarks.services.grid.save_period_values` (which checks every value with
the single-value services' rules and writes all or nothing); submissions already imported with
the same answers are left out, so a re-import changes nothing. Two submissions of one file that
give the same indicator a value are refused, as is a submission made with the form of another
period (ODK Central's ``FormVersion`` column).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import Framework
from ssrmonitor.benchmarks.permissions import can_enter_period
from ssrmonitor.benchmarks.services.grid import (
    GridEntry,
    GridOutcome,
    GridRefused,
    grid_indicators,
    parse_period,
    save_period_values,
)
from ssrmonitor.benchmarks.xlsform import field_name
from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.fieldwork import (
    FieldReport,
    Submission,
    SubmissionProblem,
    SubmissionsRefused,
    audit_after,
    keep_all,
    read_submissions,
    report,
    sort,
)
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.writes import require

# The grid's service without its own durable transaction: it runs in the import's.
_save: Callable[..., GridOutcome] = inspect.unwrap(save_period_values)


def scope_of(framework: Framework, period: ReportingPeriod) -> str:
    """The ledger scope of a framework's period."""
    return f"benchmarks.framework:{framework.pk}:{period}"


def _entries(
    framework: Framework, period: ReportingPeriod, submissions: list[Submission]
) -> tuple[list[GridEntry], list[tuple[Submission, str]]]:
    questions = {field_name(i): i for i in grid_indicators(framework)}
    problems: list[SubmissionProblem] = []
    entries: list[GridEntry] = []
    origin: list[tuple[Submission, str]] = []
    given: dict[int, Submission] = {}
    for submission in submissions:
        version = submission.meta.get("FormVersion", "")
        if version and version != str(period):
            reason = _("This submission was made with the form of %(form)s, not %(period)s.") % {
                "form": version, "period": period,
            }  # fmt: skip
            problems.append(
                SubmissionProblem(submission.row, submission.key, "FormVersion", reason)
            )
        for name, value in submission.answers.items():
            indicator = questions.get(name)
            if indicator is None:
                reason = _(
                    "Not a question of this framework's form (an indicator entered by hand)."
                )
                problems.append(SubmissionProblem(submission.row, submission.key, name, reason))
            elif value and indicator.pk in given:
                reason = _("Submission %(key)s on row %(row)d gives this indicator too.") % {
                    "key": given[indicator.pk].key, "row": given[indicator.pk].row,
                }  # fmt: skip
                problems.append(SubmissionProblem(submission.row, submission.key, name, reason))
            elif value:
                given[indicator.pk] = submission
                entries.append(GridEntry(indicator.pk, value))
                origin.append((submission, name))
    if problems:
        raise SubmissionsRefused(problems)
    return entries, origin


@transaction.atomic(durable=True)
def import_period_submissions(
    framework: Framework, *, acting_user: Actor, period: ReportingPeriod | str, content: bytes
) -> FieldReport:
    """Import an ODK Central or KoboToolbox export of the period's form as draft values.

    Args:
        framework: the framework whose form was filled in.
        acting_user: an editor of the framework's country (as for the period's grid).
        period: the period the form was for.
        content: the CSV export.

    Raises:
        SubmissionsRefused: every problem, by row, submission and field; nothing is written.
        ValidationFailed: on ``period``.
        Denied: when ``acting_user`` may not enter the framework's data.
    """
    require(can_enter_period(acting_user, framework))
    the_period = parse_period(period)
    read = read_submissions(content)
    scope = scope_of(framework, the_period)
    found = sort(scope, read)
    entries, origin = _entries(framework, the_period, found.to_write)
    if entries:
        try:
            _save(framework, acting_user=acting_user, period=the_period, entries=entries)
        except GridRefused as exc:
            raise SubmissionsRefused(
                SubmissionProblem(
                    origin[p.index][0].row, origin[p.index][0].key, origin[p.index][1], p.reason
                )
                for p in exc.problems
            ) from None
    keep_all(scope, read, [(s, None) for s in found.to_write], country=framework.country)
    outcome = report(read, found)
    if outcome.written:
        audit.record(
            actor=acting_user,
            action="import_field_submissions",
            obj=framework,
            country_iso2=framework.country.iso2,
            after={**audit_after(outcome), "period": str(the_period)},
        )
    return outcome
