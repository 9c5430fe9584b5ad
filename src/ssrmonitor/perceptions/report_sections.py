"""Report sections of the perceptions app: "Population perspectives" (OP 3, 4, 11, 14).

In a country report: for each item of the latest published survey round fielded by the end of
the period, the share favourable for all respondents, by sex and by age band, with 95 %
intervals (a chart with bands and the same figures in a table), then the shares of women and of
youth among the participants of published consultations, per year. In the thematic report: the
overall share of each item in each country. Published surveys and consultations only, whoever
generates the report (as for lessons learned); groups under 30 respondents never exist.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from ssrmonitor.core.sections import CollectContext, Scope, SectionParts, register, report_viewer
from ssrmonitor.core.sections import formatting as fmt
from ssrmonitor.core.sections.document import Column, Figure, Paragraph, Row, Section, Table
from ssrmonitor.perceptions.charts import Bar, bars_chart, interval_text
from ssrmonitor.perceptions.models import AgeBand, Estimate, GroupKind, Sex
from ssrmonitor.perceptions.permissions import consultations_visible_to, estimates_visible_to
from ssrmonitor.perceptions.selectors import participation_by_year

SHOWN = (GroupKind.ALL, GroupKind.SEX, GroupKind.AGE_BAND)


_GROUP_ORDER = Case(
    *(When(group_kind=kind, then=Value(rank)) for rank, kind in enumerate(GroupKind.values)),
    default=Value(len(GroupKind.values)),
    output_field=IntegerField(),
)


def _estimates(context: CollectContext, countries: list[int]) -> list[Estimate]:
    period_end = context.period.end
    rows = (
        estimates_visible_to(report_viewer(context))
        .filter(question__survey__is_published=True, question__survey__country__in=countries)
        .filter(
            Q(question__survey__fieldwork_end__isnull=True)
            | Q(question__survey__fieldwork_end__lte=period_end)
        )
        .filter(group_kind__in=SHOWN)
        .select_related("question__item", "question__survey__country")
        .order_by(
            "question__survey__country__name",
            "question__code",
            "-question__survey__round_number",
            _GROUP_ORDER,  # all respondents first, then sex, age band… (the same on every database)
            "group_value",
        )
    )
    latest: dict[tuple[int, str], int] = {}
    kept = []
    for row in rows:
        survey = row.question.survey
        key = (survey.country_id, row.question.item.key if row.question.item else row.question.code)
        if latest.setdefault(key, survey.round_number) == survey.round_number:
            kept.append(row)
    return kept


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _row(e: Estimate) -> dict[str, Any]:
    q = e.question
    return {
        "country": q.survey.country.name, "country_iso2": q.survey.country.iso2,
        "survey": q.survey.name,
        "item": q.item.label if q.item else q.text, "code": q.code,
        "group": e.group_kind, "value": e.group_value, "share": str(e.share),
        "low": _text(e.ci_low), "high": _text(e.ci_high), "n": e.respondents,
    }  # fmt: skip


def _group_label(row: dict[str, Any]) -> str:
    if row["group"] == GroupKind.ALL:
        return _("all respondents")
    labels = {**dict(Sex.choices), **dict(AgeBand.choices)}
    return str(labels.get(row["value"], row["value"]))


def _bar(row: dict[str, Any], label: str) -> Bar:
    def number(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return Bar(label, Decimal(row["share"]), number(row["low"]), number(row["high"]))


def _interval_heading() -> str:
    # xgettext:no-python-format
    return _("95 % interval")


def _items(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    items: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        items.setdefault(f"{row['item']} ({row['survey']}, {row['code']})", []).append(row)
    return items


def _interval(row: dict[str, Any]) -> str:
    if row["low"] is None:
        return "—"
    return f"{fmt.number(row['low'])}–{fmt.number(row['high'])}"


class CountryPerspectives:
    """Survey estimates and participation in consultations of the report's country."""

    key = "population_perspectives"
    order = 55
    scope: Scope = "country"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """The latest published round's estimates and the participation per year, or ``None``."""
        assert context.country is not None  # noqa: S101 - a country report has a country
        rows = [_row(e) for e in _estimates(context, [context.country.pk])]
        consultations = list(
            consultations_visible_to(report_viewer(context)).filter(
                country=context.country, is_published=True, held_on__lte=context.period.end
            )
        )
        participation = [
            {"year": p.year, "consultations": p.consultations, "participants": p.participants,
             "women": _text(p.women_share), "youth": _text(p.youth_share)}
            for p in participation_by_year(consultations)
        ]  # fmt: skip
        if not rows and not participation:
            return None
        return {"estimates": rows, "participation": participation}

    def build(self, data: dict[str, Any]) -> SectionParts:
        """A chart and a table per item; a table of participation per year."""
        # xgettext:no-python-format
        lead = _("Weighted shares of favourable answers with their 95 % confidence intervals; groups of fewer than 30 respondents are not shown. Youth: aged 18 to 35.")  # noqa: E501  # fmt: skip
        blocks: list[Any] = [Paragraph(lead, "lead")]
        summary = []
        for index, (title, rows) in enumerate(_items(data["estimates"]).items(), start=1):
            bars = [_bar(row, _group_label(row)) for row in rows]
            svg = str(bars_chart(title, bars, element_id=f"perception-{index}"))
            alt = "; ".join(f"{bar.label}: {interval_text(bar)}" for bar in bars)
            blocks.append(Figure(title, alt, svg))
            table_rows = [
                Row([_group_label(r), fmt.percent(r["share"]), _interval(r), fmt.count(r["n"])])
                for r in rows
            ]
            columns = [Column(_("Group")), Column(_("Share favourable"), numeric=True),
                       Column(_interval_heading(), numeric=True),
                       Column(_("Respondents"), numeric=True)]  # fmt: skip
            blocks.append(Table(title, columns, table_rows))
            overall = next((r for r in rows if r["group"] == GroupKind.ALL), None)
            if overall is not None:
                summary.append(
                    f"{rows[0]['item']}: {fmt.percent(overall['share'])} ({_interval(overall)})."
                )
        if data["participation"]:
            columns = [Column(_("Year")), Column(_("Consultations"), numeric=True),
                       Column(_("Participants"), numeric=True),
                       Column(_("Women's share"), numeric=True),
                       Column(_("Youth share (18–35)"), numeric=True)]  # fmt: skip
            rows_ = [
                Row([str(p["year"]), fmt.count(p["consultations"]), fmt.count(p["participants"]),
                     fmt.percent(p["women"]), fmt.percent(p["youth"])])
                for p in data["participation"]
            ]  # fmt: skip
            blocks.append(Table(_("Participants in inclusive consultations"), columns, rows_))
        return SectionParts(
            summary=summary, body=[Section(self.key, _("Population perspectives"), blocks)]
        )


class ThematicPerspectives:
    """The overall share of each survey item in each country of the thematic report."""

    key = "population_perspectives"
    order = 55
    scope: Scope = "thematic"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """Overall estimates of the latest published round per country, or ``None``."""
        countries = [country.pk for country in context.countries]
        rows = [_row(e) for e in _estimates(context, countries) if e.group_kind == GroupKind.ALL]
        return {"estimates": rows} if rows else None

    def build(self, data: dict[str, Any]) -> SectionParts:
        """One table: item, country, survey, share and interval."""
        columns = [Column(_("Item")), Column(_("Country")), Column(_("Survey")),
                   Column(_("Share favourable"), numeric=True),
                   Column(_interval_heading(), numeric=True)]  # fmt: skip
        named = [(fmt.country(r["country"], r.get("country_iso2")), r) for r in data["estimates"]]
        named.sort(key=lambda pair: (pair[1]["item"], fmt.alphabetical(pair[0])))
        rows = [
            Row([r["item"], name, r["survey"], fmt.percent(r["share"]), _interval(r)])
            for name, r in named
        ]
        blocks: list[Any] = [Table(_("Perception survey estimates by country"), columns, rows)]
        return SectionParts(body=[Section(self.key, _("Population perspectives"), blocks)])


register(CountryPerspectives())
register(ThematicPerspectives())
