"""Read-side helpers: estimates by item and round, trends, and participation in consultations.

Callers pass the viewer; these functions read through :mod:`ssrmonitor.perceptions.permissions`
and never widen what it allows. :func:`item_series` is the feed a benchmark indicator reads (as
the sector's personnel returns feed indicators): published surveys only, so that every viewer
sees the same values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.perceptions.models import (
    PARTICIPANT_FIELDS,
    Consultation,
    Estimate,
    GroupKind,
    Question,
    Survey,
)
from ssrmonitor.perceptions.permissions import (
    consultations_visible_to,
    estimates_visible_to,
    surveys_visible_to,
)

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class SurveyPoint:
    """One round's estimate of an item: at the end of fieldwork, with its 95 % interval."""

    day: date
    share: Decimal
    low: Decimal | None
    high: Decimal | None
    label: str
    respondents: int


@dataclass
class ItemView:
    """An item (or a question without one) in a country: the latest round's groups and the trend."""

    key: str
    label: str
    question: Question
    overall: Estimate | None
    groups: dict[str, list[Estimate]] = field(default_factory=dict)
    trend: list[tuple[Survey, Estimate]] = field(default_factory=list)


def surveys_of(viewer: Viewer, country: Country) -> list[Survey]:
    """The surveys of a country ``viewer`` may see, newest round first."""
    rows = surveys_visible_to(viewer).filter(country=country)
    return list(rows.order_by("-round_number", "series"))


def _key(question: Question) -> str:
    return (
        question.item.key if question.item is not None else f"{question.survey_id}:{question.code}"
    )


def item_views(viewer: Viewer, country: Country) -> list[ItemView]:
    """Each item asked in the country: its latest round by group, and its trend over rounds.

    Three queries whatever the number of surveys and items.
    """
    estimates = (
        estimates_visible_to(viewer)
        .filter(question__survey__country=country)
        .select_related("question__item", "question__survey")
        .order_by("question__survey__round_number", "group_kind", "group_value")
    )
    by_item: dict[str, list[Estimate]] = defaultdict(list)
    for estimate in estimates:
        by_item[_key(estimate.question)].append(estimate)
    views = []
    for key, rows in by_item.items():
        latest = max(r.question.survey.round_number for r in rows)
        current = [r for r in rows if r.question.survey.round_number == latest]
        question = current[0].question
        view = ItemView(
            key=key,
            label=question.item.label if question.item else question.text,
            question=question,
            overall=next((r for r in current if r.group_kind == GroupKind.ALL), None),
        )
        for row in current:
            if row.group_kind != GroupKind.ALL:
                view.groups.setdefault(row.group_kind, []).append(row)
        view.trend = [(r.question.survey, r) for r in rows if r.group_kind == GroupKind.ALL]
        views.append(view)
    return sorted(views, key=lambda v: v.key)


def item_series(
    country_id: int, item_key: str, group_kind: str = "", group_value: str = ""
) -> list[SurveyPoint]:
    """The published estimates of an item in a country, one per round, oldest first.

    The feed of a benchmark indicator that takes its values from perception surveys. A round
    without fieldwork dates has no day to be drawn at and is left out.
    """
    rows = (
        Estimate.objects.filter(
            question__survey__country_id=country_id,
            question__survey__is_published=True,
            question__item__key=item_key,
            group_kind=group_kind or GroupKind.ALL,
            group_value=group_value,
        )
        .exclude(question__survey__fieldwork_end=None)
        .select_related("question__survey")
        .order_by("question__survey__fieldwork_end")
    )
    return [
        SurveyPoint(
            day=row.question.survey.fieldwork_end,  # type: ignore[arg-type]
            share=row.share,
            low=row.ci_low,
            high=row.ci_high,
            label=row.question.survey.name,
            respondents=row.respondents,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Participation:
    """Who took part in a country's consultations of one year."""

    year: int
    consultations: int
    participants: int
    women: int
    youth: int

    @property
    def women_share(self) -> Decimal | None:
        return _share(self.women, self.participants)

    @property
    def youth_share(self) -> Decimal | None:
        return _share(self.youth, self.participants)


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (HUNDRED * part / whole).quantize(Decimal("0.1"))


def participation_by_year(consultations: list[Consultation]) -> list[Participation]:
    """Shares of women and of youth (18–35) among the participants, per year.

    The denominator counts every participant, those of unrecorded sex or age included, so the
    shares are never overstated.
    """
    years: dict[int, list[Consultation]] = defaultdict(list)
    for consultation in consultations:
        years[consultation.held_on.year].append(consultation)
    result = []
    for year in sorted(years):
        rows = years[year]
        result.append(
            Participation(
                year=year,
                consultations=len(rows),
                participants=sum(sum(getattr(c, f) for f in PARTICIPANT_FIELDS) for c in rows),
                women=sum(c.women_youth + c.women_older for c in rows),
                youth=sum(c.women_youth + c.men_youth for c in rows),
            )
        )
    return result


def consultations_of(viewer: Viewer, country: Country) -> list[Consultation]:
    """The consultations of a country ``viewer`` may see, newest first."""
    return list(consultations_visible_to(viewer).filter(country=country).order_by("-held_on", "id"))
