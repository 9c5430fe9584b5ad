"""Report sections of the support app: coordination of international support.

* Country report, ``support_coordination``: support by partner and by SSR component in the
  report period (commitments and disbursements from :func:`~ssrmonitor.support.analytics.
  analyse_country`), money converted to USD where a rate is loaded, else kept per currency —
  never summed across currencies. For an internal report read by a member who sees internal
  support data, also alignment with the national strategy (aligned share), gaps and possible
  overlaps. A public report reads as the anonymous public: published IATI activities only, and
  no strategy, alignment, gaps or overlaps (those are internal, see docs/support.md).
* Thematic report, ``support_by_component``: support by SSR component across the countries.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core.models import Country
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.permissions import Action, has_action
from ssrmonitor.core.sections import (
    Audience,
    CollectContext,
    Scope,
    SectionParts,
    register,
    report_viewer,
)
from ssrmonitor.core.sections import formatting as fmt
from ssrmonitor.core.sections.document import Column, Paragraph, Row, Section, Table
from ssrmonitor.support.analytics import (
    UNCLASSIFIED,
    CountryAnalysis,
    Flows,
    Window,
    visible_analysis,
)
from ssrmonitor.support.money import MoneyBag

Data = dict[str, Any]
Money = list[list[str]]  # [[currency, amount], …]: USD first, then unconverted currencies


def _money(bag: MoneyBag) -> Money:
    """A JSON-ready sum: whole units per currency, never added across currencies."""
    if bag.is_empty:
        return []
    return [[currency, plain(value.quantize(Decimal(1)))] for currency, value in bag.parts()]


def _flows(flows: Flows) -> Data:
    return {"commitments": _money(flows.commitments), "disbursements": _money(flows.disbursements)}


def _merged(items: list[Flows]) -> Flows:
    total = Flows()
    for flows in items:
        total.commitments.merge(flows.commitments)
        total.disbursements.merge(flows.disbursements)
    return total


def _grouped(analysis: CountryAnalysis, index: int) -> dict[str, Flows]:
    """``by_partner`` summed over years, by partner (``index`` 0) or by component (1)."""
    groups: dict[str, list[Flows]] = defaultdict(list)
    for key, flows in analysis.by_partner.items():
        groups[str(key[index])].append(flows)
    return {name: _merged(items) for name, items in groups.items()}


def _rows(groups: dict[str, Flows], label: str) -> list[Data]:
    return [{label: name, **_flows(flows)} for name, flows in sorted(groups.items())]


def _share(part: int, whole: int) -> str:
    return plain((Decimal(part) * 100 / whole).quantize(Decimal("0.1"))) if whole else "0"


def _alignment(analysis: CountryAnalysis) -> Data:
    """Aligned share, gaps and possible overlaps (internal data)."""
    return {
        "activities": analysis.aligned_activities,
        "share": _share(analysis.aligned_activities, analysis.activity_count),
        "money": _flows(analysis.aligned),
        "priorities": len(analysis.coverage),
        "gaps": [
            {"code": c.node.code, "title": c.node.title, "status": c.status}
            for c in sorted(analysis.gaps, key=lambda c: (c.node.position, c.node.code))
        ],
        "overlaps": [
            {
                "code": o.node.code,
                "title": o.node.title,
                "component": o.component,
                "partners": list(o.partners),
            }
            for o in analysis.overlaps
        ],
    }


def window_of(context: CollectContext) -> Window:
    """The report period as a support analysis window."""
    return Window(context.period.start, context.period.end, str(context.period))


def sees_internal(context: CollectContext, country: Country) -> bool:
    """Whether the report may show internal support data of ``country``."""
    if context.audience == Audience.PUBLIC:
        return False
    return has_action(context.viewer, country.pk, Action.VIEW_SUPPORT_INTERNAL)


def component_label(code: str) -> str:
    """The SSR component's name in the active language."""
    if code == UNCLASSIFIED:
        return _("Not classified")
    return str(Component(code).label) if code in Component.values else code


def amount(money: Money) -> str:
    """``USD 150,000 + EUR 10,000``; ``""`` when nothing."""
    parts = [
        _("%(currency)s %(amount)s") % {"currency": currency, "amount": fmt.number(value)}
        for currency, value in money
    ]
    return " + ".join(parts)


def flows_sentence(flows: Data) -> str:
    """``commitments of USD 1,000 and disbursements of USD 500.`` (either may be missing)."""
    committed, disbursed = amount(flows["commitments"]), amount(flows["disbursements"])
    if committed and disbursed:
        return _("commitments of %(committed)s and disbursements of %(disbursed)s.") % {
            "committed": committed,
            "disbursed": disbursed,
        }
    if committed:
        return _("commitments of %(committed)s, no disbursement.") % {"committed": committed}
    if disbursed:
        return _("disbursements of %(disbursed)s, no commitment.") % {"disbursed": disbursed}
    return _("no commitment or disbursement.")


def money_columns(first: str) -> list[Column]:
    return [
        Column(first),
        Column(_("Commitments"), numeric=True),
        Column(_("Disbursements"), numeric=True),
    ]


def money_rows(rows: list[Data], key: str, label: Any = str) -> list[Row]:
    return [
        Row(
            [
                label(row[key]),
                amount(row["commitments"]) or "—",
                amount(row["disbursements"]) or "—",
            ]
        )
        for row in rows
    ]


class SupportCoordination:
    """Coordination of international support in the country and period."""

    key = "support_coordination"
    order = 20
    scope: Scope = "country"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """The analysis of the activities the report's audience may see; ``None`` if none."""
        country = context.country
        if country is None:
            return None
        analysis = visible_analysis(report_viewer(context), country, window_of(context))
        if not analysis.by_partner:
            return None
        internal = sees_internal(context, country)
        return {
            "activities": analysis.activity_count,
            "total": _flows(analysis.total),
            "partners": _rows(_grouped(analysis, 0), "partner"),
            "components": _rows(_grouped(analysis, 1), "component"),
            "alignment": _alignment(analysis) if internal and analysis.coverage else None,
        }

    def build(self, data: dict[str, Any]) -> SectionParts:
        """Tables by partner and by component, then alignment, gaps and overlaps (internal)."""
        partners = data["partners"]
        lead = ngettext(
            "%(count)s partner reported support in the period: ",
            "%(count)s partners reported support in the period: ",
            len(partners),
        ) % {"count": fmt.count(len(partners))} + flows_sentence(data["total"])
        blocks: list[Any] = [
            Paragraph(lead, "lead"),
            Table(
                _("Support by partner"),
                money_columns(_("Partner")),
                money_rows(partners, "partner"),
            ),
            Table(
                _("Support by SSR component"),
                money_columns(_("SSR component")),
                money_rows(data["components"], "component", component_label),
            ),
            Paragraph(
                _(
                    "Amounts are in US dollars where an exchange rate was loaded; other amounts "
                    "are shown in their own currency and never added across currencies."
                ),
                "note",
            ),
        ]
        summary = [lead]
        alignment = data.get("alignment")
        if alignment:
            blocks.extend(self._alignment_blocks(alignment, data["activities"]))
            summary.append(self._aligned_sentence(alignment, data["activities"]))
        title = _("Coordination of international support")
        return SectionParts(summary=summary, body=[Section(self.key, title, blocks)])

    @staticmethod
    def _aligned_sentence(alignment: Data, activities: int) -> str:
        return ngettext(
            "%(aligned)s of %(count)s active activity (%(share)s) is aligned with "
            "national priorities.",
            "%(aligned)s of %(count)s active activities (%(share)s) are aligned with "
            "national priorities.",
            activities,
        ) % {
            "aligned": fmt.count(alignment["activities"]),
            "count": fmt.count(activities),
            "share": fmt.percent(alignment["share"]),
        }

    def _alignment_blocks(self, alignment: Data, activities: int) -> list[Any]:
        blocks: list[Any] = [
            Paragraph(_("Alignment with national priorities"), "heading"),
            Paragraph(
                self._aligned_sentence(alignment, activities)
                + " "
                + _("Aligned money: %(flows)s") % {"flows": flows_sentence(alignment["money"])}
            ),
        ]
        gaps = alignment["gaps"]
        if gaps:
            status = {"gap": _("No active support"), "little": _("Little support")}
            blocks.append(
                Table(
                    _("Gaps in support to national priorities"),
                    [Column(_("Priority")), Column(_("Finding"))],
                    [
                        Row([f"{gap['code']} {gap['title']}", status.get(gap["status"], "")])
                        for gap in gaps
                    ],
                )
            )
        else:
            blocks.append(Paragraph(_("Every national priority has active support.")))
        overlaps = alignment["overlaps"]
        if overlaps:
            blocks.append(
                Table(
                    _("Possible overlaps"),
                    [Column(_("Priority")), Column(_("SSR component")), Column(_("Partners"))],
                    [
                        Row(
                            [
                                f"{item['code']} {item['title']}",
                                component_label(item["component"]),
                                fmt.enumeration(item["partners"]),
                            ]
                        )
                        for item in overlaps
                    ],
                )
            )
        return blocks


class SupportByComponent:
    """Thematic report: support by SSR component across the countries (OP 25)."""

    key = "support_by_component"
    order = 20
    scope: Scope = "thematic"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """Per component: the countries supported and the sums; ``None`` when no support."""
        viewer = report_viewer(context)
        window = window_of(context)
        flows: dict[str, list[Flows]] = defaultdict(list)
        countries: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for country in sorted(context.countries, key=lambda c: c.name):
            analysis = visible_analysis(viewer, country, window)
            for component, total in _grouped(analysis, 1).items():
                flows[component].append(total)
                countries[component].add((country.name, country.iso2))
        if not flows:
            return None
        return {
            "components": [
                {
                    "component": component,
                    "countries": [name for name, _code in sorted(countries[component])],
                    "country_codes": [code for _name, code in sorted(countries[component])],
                    **_flows(_merged(items)),
                }
                for component, items in sorted(flows.items())
            ]
        }

    def build(self, data: dict[str, Any]) -> SectionParts:
        rows = data["components"]
        columns = [
            Column(_("SSR component")),
            Column(_("Countries")),
            Column(_("Commitments"), numeric=True),
            Column(_("Disbursements"), numeric=True),
        ]
        table_rows = [
            Row(
                [
                    component_label(row["component"]),
                    fmt.enumeration(fmt.countries(row["countries"], row.get("country_codes"))),
                    amount(row["commitments"]) or "—",
                    amount(row["disbursements"]) or "—",
                ]
            )
            for row in rows
        ]
        lead = ngettext(
            "International support was reported for %(count)s SSR component.",
            "International support was reported for %(count)s SSR components.",
            len(rows),
        ) % {"count": fmt.count(len(rows))}
        blocks: list[Any] = [
            Paragraph(lead, "lead"),
            Table(_("Support by SSR component"), columns, table_rows),
            Paragraph(
                _("Amounts in currencies other than US dollars are never added across currencies."),
                "note",
            ),
        ]
        title = _("International support by SSR component")
        return SectionParts(summary=[lead], body=[Section(self.key, title, blocks)])


register(SupportCoordination())
register(SupportByComponent())
