"""Report sections of the sector app: women's participation and public expenditure.

* Country report, ``women_participation``: for each institution the report's audience may
  see, its latest personnel return ending in the report period, women and everyone by rank
  category with women's share. Figures come from :func:`~ssrmonitor.sector.selectors.
  personnel_table`: a public report reads as the anonymous public, so small cells are
  suppressed (:mod:`ssrmonitor.sector.disclosure`) *before* the data is frozen in a snapshot;
  an internal report by a member with ``sector.view_internal`` shows raw figures.
* Country report, ``public_expenditure``: execution rate, security share of public
  expenditure and share of GDP for the latest fiscal year in the period
  (:func:`~ssrmonitor.sector.selectors.spending_by_year`).
* Thematic report, ``women_participation_trends``: per country and institution, women's share
  (all ranks) in the first and last of the last three returns up to the period's end, and
  the trend (:func:`~ssrmonitor.sector.workforce.share_trend`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.progress import Trend
from ssrmonitor.core.sections import CollectContext, Scope, SectionParts, register, report_viewer
from ssrmonitor.core.sections import formatting as fmt
from ssrmonitor.core.sections.document import Column, Paragraph, Row, Section, Table
from ssrmonitor.sector import disclosure
from ssrmonitor.sector.models import PersonnelReturn, RankCategory
from ssrmonitor.sector.permissions import can_view_unsuppressed, institutions_visible_to
from ssrmonitor.sector.selectors import (
    RANKS,
    YearSpending,
    institution_name,
    personnel_table,
    returns_visible_to,
    spending_by_year,
    women_share_series,
)
from ssrmonitor.sector.workforce import share_trend

Data = dict[str, Any]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def latest_returns(
    viewer: Viewer, context: CollectContext, country: Country
) -> list[PersonnelReturn]:
    """The latest visible return of each institution ending in the report period."""
    found = (
        returns_visible_to(viewer)
        .filter(
            institution__country=country,
            period_end__gte=context.period.start,
            period_end__lte=context.period.end,
        )
        .select_related("institution")
        .order_by("period_end", "id")
    )
    latest = {item.institution_id: item for item in found}
    return list(latest.values())


def _ranks(viewer: Viewer, found: PersonnelReturn) -> list[Data]:
    table = personnel_table(viewer, found)
    return [
        {
            "rank": rank,
            "women": table.value(disclosure.TOTAL, rank, "female"),
            "total": table.value(disclosure.TOTAL, rank, disclosure.TOTAL),
            "share": _text(table.share(rank)),
        }
        for rank in [*RANKS, disclosure.TOTAL]
    ]


def rank_label(rank: str) -> str:
    """The rank category's name, or "All ranks" for the total."""
    if rank == disclosure.TOTAL:
        return _("All ranks")
    return str(RankCategory(rank).label) if rank in RankCategory.values else rank


def figure(value: int | None) -> str:
    """A count, or "hidden" when disclosure control suppressed it."""
    return _("hidden") if value is None else fmt.count(value)


class WomenParticipation:
    """Women's participation by institution and rank category (country report)."""

    key = "women_participation"
    order = 30
    scope: Scope = "country"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """Published (suppressed) or raw figures as the audience may see; ``None`` if none."""
        country = context.country
        if country is None:
            return None
        viewer = report_viewer(context)
        returns = latest_returns(viewer, context, country)
        if not returns:
            return None
        institutions = [
            {
                "institution": institution_name(found.institution),
                "period": str(found.period),
                "ranks": _ranks(viewer, found),
            }
            for found in returns
        ]
        institutions.sort(key=lambda item: (item["institution"], item["period"]))
        return {
            "suppressed": not can_view_unsuppressed(viewer, country.pk),
            "institutions": institutions,
        }

    def build(self, data: dict[str, Any]) -> SectionParts:
        """A table: institution (group row), then each rank category."""
        columns = [
            Column(_("Rank category")),
            Column(_("Women"), numeric=True),
            Column(_("Total"), numeric=True),
            Column(_("Women's share"), numeric=True),
        ]
        rows: list[Row] = []
        summary: list[str] = []
        for item in data["institutions"]:
            heading = _("%(institution)s (%(period)s)") % {
                "institution": item["institution"],
                "period": item["period"],
            }
            rows.append(Row([heading, "", "", ""], group=True))
            for rank in item["ranks"]:
                rows.append(
                    Row(
                        [
                            rank_label(rank["rank"]),
                            figure(rank["women"]),
                            figure(rank["total"]),
                            fmt.percent(rank["share"]),
                        ]
                    )
                )
                if rank["rank"] == disclosure.TOTAL and rank["share"] is not None:
                    summary.append(
                        _("Women make up %(share)s of the personnel of %(institution)s.")
                        % {"share": fmt.percent(rank["share"]), "institution": item["institution"]}
                    )
        count = len(data["institutions"])
        lead = ngettext(
            "Women's participation in %(count)s institution, from its latest personnel return.",
            "Women's participation in %(count)s institutions, from their latest personnel returns.",
            count,
        ) % {"count": fmt.count(count)}
        blocks: list[Any] = [
            Paragraph(lead, "lead"),
            Table(_("Women and men by rank category"), columns, rows),
        ]
        if data["suppressed"]:
            blocks.append(Paragraph(suppression_note(), "note"))
        title = _("Women's participation")
        return SectionParts(summary=summary, body=[Section(self.key, title, blocks)])


def suppression_note() -> str:
    return _(
        "To protect individuals, figures of fewer than 5 persons, and figures from which "
        "they could be worked out, are hidden; shares use published figures only."
    )


def _bases(year: YearSpending) -> Data:
    return {
        basis.basis: {
            "total": plain(basis.total),
            "security_share": _text(basis.security_share),
            "share_of_gdp": _text(basis.share_of_gdp),
        }
        for basis in (year.allocated, year.executed)
    }


class PublicExpenditure:
    """Public expenditure highlights of the latest fiscal year in the period."""

    key = "public_expenditure"
    order = 35
    scope: Scope = "country"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """Indicators of the latest fiscal year in the period; ``None`` if no budget line."""
        country = context.country
        if country is None:
            return None
        years = [
            year
            for year in spending_by_year(report_viewer(context), country)
            if context.period.start.year <= year.fiscal_year <= context.period.end.year
        ]
        if not years:
            return None
        latest = years[-1]
        return {
            "fiscal_year": latest.fiscal_year,
            "currency": latest.currency,
            "illustrative": latest.illustrative,
            "execution_rate": _text(latest.executed.execution_rate),
            "bases": _bases(latest),
        }

    def build(self, data: dict[str, Any]) -> SectionParts:
        """Execution rate, then total, security share and share of GDP on both bases."""
        bases = data["bases"]
        columns = [
            Column(_("Indicator")),
            Column(_("Allocated"), numeric=True),
            Column(_("Executed"), numeric=True),
        ]

        def row(label: str, field: str, show: Any) -> Row:
            return Row([label, show(bases["allocated"][field]), show(bases["executed"][field])])

        def money(value: str | None) -> str:
            return _("%(currency)s %(amount)s") % {
                "currency": data["currency"],
                "amount": fmt.number(value),
            }

        rate = data["execution_rate"]
        lead = (
            _("In fiscal year %(year)s, %(rate)s of the budget was executed.")
            % {"year": data["fiscal_year"], "rate": fmt.percent(rate)}
            if rate is not None
            else _("In fiscal year %(year)s, no budget line reports its execution.")
            % {"year": data["fiscal_year"]}
        )
        blocks: list[Any] = [
            Paragraph(lead, "lead"),
            Table(
                _("Security sector expenditure, fiscal year %(year)s")
                % {"year": data["fiscal_year"]},
                columns,
                [
                    row(_("Total"), "total", money),
                    row(_("Share of total public expenditure"), "security_share", fmt.percent),
                    row(_("Share of GDP"), "share_of_gdp", fmt.percent),
                ],
            ),
            Paragraph(
                _(
                    "Shares count domestic and external on-budget funding only; — when the "
                    "denominator is unknown."
                ),
                "note",
            ),
        ]
        if data["illustrative"]:
            blocks.append(Paragraph(_("These figures are illustrative."), "note"))
        title = _("Public expenditure highlights")
        return SectionParts(summary=[lead], body=[Section(self.key, title, blocks)])


def _institution_trend(institution_id: int, published: bool, end: Any) -> Data | None:
    points = [p for p in women_share_series(institution_id, published=published) if p.day <= end][
        -3:
    ]
    if not points:
        return None
    trend = share_trend({p.day: p.share for p in points})
    return {
        "first": (
            {"period": points[0].period, "share": plain(points[0].share)}
            if len(points) > 1
            else None
        ),
        "last": {"period": points[-1].period, "share": plain(points[-1].share)},
        "trend": str(trend),
    }


class WomenParticipationTrends:
    """Thematic report: women's share and its trend, per country and institution."""

    key = "women_participation_trends"
    order = 30
    scope: Scope = "thematic"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """Published shares (or raw ones for members who see them); ``None`` when none."""
        viewer = report_viewer(context)
        rows = []
        for country in context.countries:
            published = not can_view_unsuppressed(viewer, country.pk)
            for institution in institutions_visible_to(viewer).filter(country=country):
                found = _institution_trend(institution.pk, published, context.period.end)
                if found is not None:
                    rows.append(
                        {
                            "country": country.name,
                            "country_iso2": country.iso2,
                            "institution": institution_name(institution),
                        }
                        | found
                    )
        if not rows:
            return None
        rows.sort(key=lambda row: (row["country"], row["institution"]))
        return {"institutions": rows}

    def build(self, data: dict[str, Any]) -> SectionParts:
        """One row per institution: first and last share of the last three returns, trend."""
        columns = [
            Column(_("Country")),
            Column(_("Institution")),
            Column(_("Earlier share"), numeric=True),
            Column(_("Latest share"), numeric=True),
            Column(_("Trend")),
        ]

        def share(point: Data | None) -> str:
            if point is None:
                return "—"
            return _("%(share)s (%(period)s)") % {
                "share": fmt.percent(point["share"]),
                "period": point["period"],
            }

        # countries named in the report's language, and in its alphabetical order
        named = [
            (fmt.country(i["country"], i.get("country_iso2")), i) for i in data["institutions"]
        ]
        named.sort(key=lambda pair: (fmt.alphabetical(pair[0]), pair[1]["institution"]))
        rows = [
            Row(
                [
                    name,
                    item["institution"],
                    share(item["first"]),
                    share(item["last"]),
                    Trend(item["trend"]).label,
                ]
            )
            for name, item in named
        ]
        improving = sum(1 for item in data["institutions"] if item["trend"] == Trend.IMPROVING)
        lead = ngettext(
            "Women's share is rising in %(improving)s of %(count)s institution followed.",
            "Women's share is rising in %(improving)s of %(count)s institutions followed.",
            len(rows),
        ) % {"improving": fmt.count(improving), "count": fmt.count(len(rows))}
        blocks: list[Any] = [
            Paragraph(lead, "lead"),
            Table(_("Women's share of personnel (all ranks)"), columns, rows),
            Paragraph(suppression_note(), "note"),
        ]
        title = _("Women's participation trends")
        return SectionParts(summary=[lead], body=[Section(self.key, title, blocks)])


register(WomenParticipation())
register(PublicExpenditure())
register(WomenParticipationTrends())
