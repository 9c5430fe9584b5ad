"""From respondents to estimates, and from a published table to estimates (no writes here).

:func:`estimates_of` estimates every question of a survey for all respondents and by sex, age
band, region and urban/rural; :func:`published_rows` reads an aggregates-only CSV (a published
table) into the same rows, refusing the file on the first bad cell with its row and column.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.perceptions.estimation import (
    MIN_RESPONDENTS,
    Observation,
    Share,
    age_band,
    estimate_by_group,
    estimate_share,
)
from ssrmonitor.perceptions.models import GroupKind, Origin, Question, Survey

TABLE_COLUMNS = ("question", "group", "value", "share", "ci_low", "ci_high", "respondents")
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class EstimateRow:
    question: Question
    group_kind: str
    group_value: str
    share: Decimal
    ci_low: Decimal | None
    ci_high: Decimal | None
    respondents: int
    origin: str


def _rounded(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(ONE_PLACE)


def _row(question: Question, kind: str, value: str, share: Share) -> EstimateRow:
    return EstimateRow(
        question=question,
        group_kind=kind,
        group_value=value,
        share=Decimal(str(share.share)).quantize(ONE_PLACE),
        ci_low=_rounded(share.low),
        ci_high=_rounded(share.high),
        respondents=share.respondents,
        origin=Origin.COMPUTED,
    )


_GROUPS: dict[str, Callable[[tuple[str, int | None, str, str]], str]] = {
    GroupKind.SEX: lambda r: r[0],
    GroupKind.AGE_BAND: lambda r: age_band(r[1]),
    GroupKind.REGION: lambda r: r[2],
    GroupKind.URBAN_RURAL: lambda r: r[3],
}


#: What :func:`question_shares` reads of each respondent, in this order.
RESPONDENT_FIELDS = ("weight", "stratum", "cluster", "sex", "age", "region", "area", "answers")
RespondentTuple = tuple[float, str, str, str, int | None, str, str, dict[str, str | None]]


def question_shares(
    code: str, favourable: set[str], respondents: list[RespondentTuple]
) -> list[tuple[str, str, Share]]:
    """``(group kind, group value, share)`` of one question: all respondents, then by group.

    Groups of fewer than 30 respondents who answered are left out (nothing at all under 30).
    """
    rows: list[Observation] = []
    traits: list[tuple[str, int | None, str, str]] = []
    for weight, stratum, cluster, sex, age, region, area, answers in respondents:
        answer = answers.get(code)
        if answer is None:
            continue
        rows.append(Observation(answer in favourable, weight, stratum, cluster))
        traits.append((sex, age, region, area))
    overall = estimate_share(rows)
    if overall is None:
        return []
    found = [(str(GroupKind.ALL), "", overall)]
    for kind, group_of in _GROUPS.items():
        shares = estimate_by_group(rows, [group_of(t) for t in traits])
        found += [(str(kind), value, share) for value, share in shares.items()]
    return found


def estimates_of(survey: Survey) -> list[EstimateRow]:
    """Every estimate of the survey's questions from its respondents (groups under 30 left out)."""
    respondents: list[RespondentTuple] = list(survey.respondents.values_list(*RESPONDENT_FIELDS))
    return [
        _row(question, kind, value, share)
        for question in survey.questions.all()
        for kind, value, share in question_shares(
            question.code, set(question.favourable), respondents
        )
    ]


def _fail(row: int, column: str, reason: str) -> ValidationFailed:
    text = _("Row %(row)s, column %(column)s: %(reason)s") % {
        "row": row,
        "column": column,
        "reason": reason,
    }
    return ValidationFailed([FieldError("file", text)])


def _percent(row: int, column: str, text: str, *, required: bool) -> Decimal | None:
    if not text.strip():
        if required:
            raise _fail(row, column, _("a value is required."))
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise _fail(row, column, _("%r is not a number.") % text) from None
    if not Decimal(0) <= value <= Decimal(100):
        raise _fail(row, column, _("a share lies between 0 and 100."))
    return value.quantize(ONE_PLACE)


def _published_row(
    number: int, cells: dict[str, str], questions: dict[str, Question]
) -> EstimateRow:
    code = (cells.get("question") or "").strip()
    if code not in questions:
        raise _fail(number, "question", _("%s is not a question of this survey.") % code)
    kind = (cells.get("group") or "all").strip()
    if kind not in GroupKind.values:
        raise _fail(
            number,
            "group",
            _("%s is not a group (all, sex, age_band, region, urban_rural).") % kind,
        )
    count = (cells.get("respondents") or "").strip()
    if not count.isdigit():
        raise _fail(number, "respondents", _("the unweighted count is a whole number."))
    low = _percent(number, "ci_low", cells.get("ci_low") or "", required=False)
    high = _percent(number, "ci_high", cells.get("ci_high") or "", required=False)
    share = _percent(number, "share", cells.get("share") or "", required=True) or Decimal(0)
    if (low is None) != (high is None) or (low is not None and not low <= share <= (high or 0)):
        raise _fail(
            number, "ci_low", _("the interval must hold the share (give both ends or none).")
        )
    value = (cells.get("value") or "").strip()[:120]
    return EstimateRow(
        questions[code],
        kind,
        "" if kind == GroupKind.ALL else value,
        share,
        low,
        high,
        int(count),
        Origin.PUBLISHED,
    )


def published_rows(
    rows: list[dict[str, str]], survey: Survey, *, origin: str = Origin.PUBLISHED
) -> tuple[list[EstimateRow], int]:
    """The estimates of a published table, and how many rows were left out (under 30).

    Columns: ``question`` (its code in the survey), ``group`` (all, sex, age_band, region,
    urban_rural), ``value`` (woman, 18-35, a region …), ``share``, ``ci_low``, ``ci_high`` (may
    be empty) and ``respondents`` (the unweighted count).
    """
    if not rows:
        raise ValidationFailed([FieldError("file", _("The table holds no row."))])
    missing = [c for c in ("question", "share", "respondents") if c not in rows[0]]
    if missing:
        raise ValidationFailed([FieldError("file", _("Column %s is missing.") % missing[0])])
    questions = {q.code: q for q in survey.questions.all()}
    found: list[EstimateRow] = []
    left_out = 0
    seen: set[tuple[str, str, str]] = set()
    for number, cells in enumerate(rows, start=1):
        row = dataclasses.replace(_published_row(number, cells, questions), origin=origin)
        key = (row.question.code, row.group_kind, row.group_value)
        if key in seen:
            raise _fail(number, "value", _("this group is given twice."))
        seen.add(key)
        if row.respondents < MIN_RESPONDENTS:
            left_out += 1
            continue
        found.append(row)
    return found, left_out
