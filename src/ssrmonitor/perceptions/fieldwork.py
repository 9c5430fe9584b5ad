"""Field collection of a perception survey with ODK or KoboToolbox: questionnaire and responses.

:func:`questionnaire_form` is the survey's XLSForm: the respondent (sex, age, region, urban or
rural) and each question as a ``select_one`` of its answer categories. No weight is collected:
each field respondent counts once. :func:`import_survey_submissions` reads the ODK Central or
KoboToolbox export of it: each submission is one respondent, added to the survey's respondents
(an edited submission changes its respondent), then the estimates are recomputed. Every
submission is checked before anything is written; those already imported with the same
answers are left out, so a re-import changes nothing.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
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
from ssrmonitor.core.fieldwork.xlsform import checked, xlsform, xml_name
from ssrmonitor.core.writes import require
from ssrmonitor.perceptions.models import Area, Question, Respondent, Sex, Survey, SurveyKind
from ssrmonitor.perceptions.permissions import can_import
from ssrmonitor.perceptions.services.imports import compute_estimates

# The estimates' service without its own durable transaction: it runs in the import's.
_estimate: Callable[..., int] = inspect.unwrap(compute_estimates)
RESPONDENT = ("sex", "age", "region", "area")
WRITTEN = ["sex", "age", "region", "area", "answers"]  # a respondent's fields from a submission


def question_name(question: Question) -> str:
    """The XLSForm name of a question (``q_Q37G``): its column in the export."""
    return xml_name("q", question.code)


def scope_of(survey: Survey) -> str:
    """The ledger scope of a survey's field respondents."""
    return f"perceptions.survey:{survey.pk}"


def _questions(survey: Survey) -> dict[str, Question]:
    found: dict[str, Question] = {}
    for question in survey.questions.order_by("code"):
        name = question_name(question)
        if name in found:
            raise ValidationFailed.one(
                "questions",
                _("Questions %(a)s and %(b)s have the same name in the form (%(name)s).")
                % {"a": found[name].code, "b": question.code, "name": name},
            )
        codes = [str(c["code"]) for c in question.categories]
        if not codes or any(not code or code.split() != [code] for code in codes):
            raise ValidationFailed.one(
                "questions",
                _("Question %s needs answer codes without spaces.") % question.code,
            )
        found[name] = question
    return found


def questionnaire_form(survey: Survey) -> bytes:
    """The XLSForm of the survey's questionnaire, checked by ``pyxform``."""
    questions = _questions(survey)
    if not questions:
        raise ValidationFailed.one("questions", _("The survey has no question yet."))
    rows: list[list[str]] = [
        ["begin_group", "respondent", _("The respondent"), "", "", "", ""],
        ["select_one sex", "sex", _("Sex"), "", "", "", "yes"],
        ["integer", "age", _("Age in years"), "", ". > 0 and . < 130",
         _("An age in whole years."), "no"],
        ["text", "region", _("Region"), "", "", "", "no"],
        ["select_one area", "area", _("Urban or rural"), "", "", "", "yes"],
        ["end_group", "", "", "", "", "", ""],
        ["begin_group", "questions", _("Questions"), "", "", "", ""],
    ]  # fmt: skip
    choices: list[list[str]] = [
        ["sex", Sex.WOMAN, str(Sex.WOMAN.label)],
        ["sex", Sex.MAN, str(Sex.MAN.label)],
        ["area", Area.URBAN, str(Area.URBAN.label)],
        ["area", Area.RURAL, str(Area.RURAL.label)],
    ]
    for name, question in questions.items():
        listed = xml_name("c", question.code)
        label = f"{question.code}. {question.text}"[:1000]
        rows.append([f"select_one {listed}", name, label, "", "", "", "no"])
        choices.extend([listed, str(c["code"]), str(c["label"])] for c in question.categories)
    rows.append(["end_group", "", "", "", "", "", ""])
    version = hashlib.sha256(repr((rows, choices)).encode()).hexdigest()[:10]
    settings = {
        "form_title": survey.name[:250],
        "form_id": f"ssrmonitor_survey_{survey.pk}",
        "version": version,
    }
    return checked(xlsform(rows, settings, choices))


@dataclass(frozen=True)
class _Row:
    submission: Submission
    fields: dict[str, Any]


def _checked(submission: Submission, questions: dict[str, Question]) -> tuple[_Row, list[Any]]:
    problems: list[SubmissionProblem] = []

    def fail(name: str, reason: str) -> None:
        problems.append(SubmissionProblem(submission.row, submission.key, name, reason))

    given = submission.answers
    for name in given:
        if name not in questions and name not in RESPONDENT:
            fail(name, _("Not a question of this survey's questionnaire."))
    if given.get("sex", "") not in {"", *Sex.values}:
        fail("sex", _("%r is not one of: woman, man.") % given["sex"])
    if given.get("area", "") not in {"", *Area.values}:
        fail("area", _("%r is not one of: urban, rural.") % given["area"])
    age = given.get("age", "")
    if age and not (age.isdecimal() and 0 < int(age) < 130):  # not isdigit: "²"
        fail("age", _("The age %r is not a whole number of years.") % age)
    if len(given.get("region", "")) > 120:
        fail("region", _("At most %d characters.") % 120)
    answers: dict[str, str | None] = {}
    for name, question in questions.items():
        value = given.get(name, "")
        codes = {str(c["code"]) for c in question.categories}
        if value and value not in codes:
            fail(name, _("%(value)r is not an answer code of question %(code)s.") % {
                "value": value, "code": question.code,
            })  # fmt: skip
        answers[question.code] = value if value in codes else None
    fields = {
        "sex": given.get("sex", ""),
        "age": int(age) if age.isdecimal() else None,
        "region": given.get("region", "")[:120],
        "area": given.get("area", ""),
        "answers": answers,
    }
    return _Row(submission, fields), problems


def _refuse_design(survey: Survey) -> None:
    if survey.weight_variable or survey.strata_variable or survey.cluster_variable:
        raise ValidationFailed.one(
            "survey",
            _(
                "This survey's design has weights, strata or clusters; field submissions carry "
                "none. Record the field round as a survey of its own."
            ),
        )
    if (
        survey.kind == SurveyKind.AGGREGATES
        and survey.questions.filter(estimates__isnull=False).exists()
    ):
        raise ValidationFailed.one(
            "survey", _("This survey holds a published table; its respondents are not held.")
        )


@transaction.atomic(durable=True)
def import_survey_submissions(survey: Survey, *, acting_user: Actor, content: bytes) -> FieldReport:
    """Import an ODK Central or KoboToolbox export of the survey's questionnaire.

    Args:
        survey: the survey whose questionnaire was filled in.
        acting_user: a holder of ``perceptions.import`` in its country.
        content: the CSV export.

    Raises:
        SubmissionsRefused: every problem, by row, submission and field; nothing is written.
        ValidationFailed: on ``survey`` when its design weighs respondents.
        Denied: when ``acting_user`` may not import the survey's data.
    """
    require(can_import(acting_user, survey.country_id))
    survey = Survey.objects.select_for_update().select_related("country").get(pk=survey.pk)
    _refuse_design(survey)
    questions = _questions(survey)
    read = read_submissions(content)
    scope = scope_of(survey)
    found = sort(scope, read)
    held = {str(pk) for pk in survey.respondents.values_list("pk", flat=True)}
    # a submission whose respondent is gone (a file import replaced them) is written again
    gone = [(s, k) for s, k in found.unchanged if k.object_id not in held]
    found.unchanged = [(s, k) for s, k in found.unchanged if k.object_id in held]
    found.changed.extend(gone)
    rows, problems = [], []
    for submission in found.to_write:
        row, wrong = _checked(submission, questions)
        rows.append(row)
        problems.extend(wrong)
    if problems:
        raise SubmissionsRefused(problems)
    kept = {s.key: k.object_id for s, k in found.changed}
    # one read and bulk writes: a file holds up to 20,000 submissions
    earlier = survey.respondents.in_bulk([int(pk) for pk in kept.values() if pk.isdecimal()])
    last = survey.respondents.aggregate(last=Max("row"))["last"] or 0
    new: list[Respondent] = []
    edited: list[Respondent] = []
    written: list[tuple[Submission, Respondent]] = []
    for row in rows:
        pk = kept.get(row.submission.key, "")
        respondent = earlier.get(int(pk)) if pk.isdecimal() else None
        if respondent is None:
            last += 1
            respondent = Respondent(survey=survey, row=last, weight=1.0)
            new.append(respondent)
        else:
            edited.append(respondent)
        for name, value in row.fields.items():
            setattr(respondent, name, value)
        written.append((row.submission, respondent))
    Respondent.objects.bulk_create(new, batch_size=1000)
    Respondent.objects.bulk_update(edited, WRITTEN, batch_size=1000)
    keep_all(scope, read, written, country=survey.country)
    outcome = report(read, found)
    if outcome.written:
        before = {"respondent_count": survey.respondent_count, "kind": survey.kind}
        survey.respondent_count = survey.respondents.count()
        survey.kind = SurveyKind.MICRODATA
        survey.save(update_fields=["respondent_count", "kind"])
        estimates = _estimate(survey, acting_user=acting_user)
        audit.record(
            actor=acting_user,
            action="import_field_submissions",
            obj=survey,
            country_iso2=survey.country.iso2,
            before=before,
            after={
                **audit_after(outcome),
                "respondent_count": survey.respondent_count,
                "estimates": estimates,
            },
        )
    return outcome
