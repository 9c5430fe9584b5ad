"""Report section of the vetting app: vetting and age screening in figures (country report).

``vetting`` (country report): the three tables of :mod:`ssrmonitor.vetting.statistics` —
cases by violation category and by institution (cases opened by the end of the report period,
in their present state), and age assessments decided in the report period, by quarter. Only
aggregates, with every count from 1 to 4 shown as "<5" and complementary cells hidden, are
collected: the snapshot holds no name, no date of birth and no identifier of a person.

The section appears only when the report's reader may see vetting statistics in the country
(``vetting.view_statistics``: every role of the country); a public report reads as the
anonymous public, who may not, so it leaves the section out.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ssrmonitor.core.sections import CollectContext, Scope, SectionParts, register, report_viewer
from ssrmonitor.core.sections.document import Column, Paragraph, Row, Section, Table
from ssrmonitor.sector.disclosure import TOTAL
from ssrmonitor.vetting.permissions import may_see_statistics
from ssrmonitor.vetting.statistics import (
    AGE_OUTCOMES,
    CASE_STATES,
    NO_INSTITUTION,
    category_label,
    country_statistics,
)

Data = dict[str, Any]


def _row_label(kind: str, code: str) -> str:
    if code == TOTAL:
        return _("Total")
    if kind == "category":
        return category_label(code)
    if kind == "institution" and code == NO_INSTITUTION:
        return _("Institution not known")
    return code


class VettingFigures:
    """Vetting cases and age screening, aggregated and suppressed (country report)."""

    key = "vetting"
    order = 60
    scope: Scope = "country"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """The suppressed tables; ``None`` when the reader may not see them or all are empty."""
        country = context.country
        if country is None or not may_see_statistics(report_viewer(context), country.pk):
            return None
        stats = country_statistics(country, context.period.start, context.period.end)
        if not (stats.by_category.rows or stats.age.rows):
            return None
        return {
            "by_category": stats.by_category.as_data(),
            "by_institution": stats.by_institution.as_data(),
            "age": stats.age.as_data(),
        }

    def build(self, data: dict[str, Any]) -> SectionParts:
        blocks: list[Any] = [
            Paragraph(
                _(
                    "Screening of security personnel against records of violations "
                    "(resolution 2553, OP 24) and age assessment at recruitment (OP 8). "
                    "Counts from 1 to 4, and the counts from which they could be worked out, "
                    "are shown as “<5”."
                )
            )
        ]
        summary: list[str] = []
        cases = data["by_category"]
        if cases["rows"]:
            total = cases["values"][-1][-1]
            summary.append(_("Vetting cases opened so far: %(count)s.") % {"count": total})
            blocks.append(self._table(_("Cases by category of violation"), "category", cases))
            blocks.append(
                self._table(_("Cases by institution"), "institution", data["by_institution"])
            )
        age = data["age"]
        if age["rows"]:
            total = age["values"][-1][-1]
            summary.append(
                _("Age assessments decided in the period: %(count)s.") % {"count": total}
            )
            blocks.append(self._table(_("Age assessments by quarter"), "quarter", age))
        else:
            blocks.append(Paragraph(_("No age assessment was decided in the period.")))
        title = _("Vetting and age screening")
        return SectionParts(summary=summary, body=[Section(self.key, title, blocks)])

    @staticmethod
    def _table(caption: str, kind: str, table: Data) -> Table:
        labels = {**CASE_STATES, **AGE_OUTCOMES}
        columns = [Column(_("Quarter") if kind == "quarter" else _("Category"))]
        if kind == "institution":
            columns = [Column(_("Institution"))]
        columns += [Column(str(labels.get(code, code)), numeric=True) for code in table["columns"]]
        columns.append(Column(_("Total"), numeric=True))
        rows = [
            Row([_row_label(kind, code), *values])
            for code, values in zip([*table["rows"], TOTAL], table["values"], strict=True)
        ]
        return Table(caption, columns, rows)


register(VettingFigures())
