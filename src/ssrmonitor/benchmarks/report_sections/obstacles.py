"""Report section of the benchmarks app for the thematic report: common obstacles (OP 25).

``common_obstacles`` gathers the obstacles written with **approved** values of the report
period (whoever generates the report: drafts, submitted and returned values never enter), in
the adopted frameworks the audience may see, grouped by SSR component across countries.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.benchmarks.models import Component, MeasurementStatus
from ssrmonitor.benchmarks.permissions import measurements_visible_to
from ssrmonitor.benchmarks.report_sections.country import reported_frameworks
from ssrmonitor.core.sections import CollectContext, Scope, SectionParts, report_viewer
from ssrmonitor.core.sections import formatting as fmt
from ssrmonitor.core.sections.document import Column, Paragraph, Row, Section, Table

Data = dict[str, Any]


def component_label(code: str) -> str:
    """The SSR component's name, or "Not classified"."""
    return str(Component(code).label) if code in Component.values else _("Not classified")


class CommonObstacles:
    """Obstacles recorded with approved values of the period, by SSR component."""

    key = "common_obstacles"
    order = 60
    scope: Scope = "thematic"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """Distinct obstacles per component with the countries they were met in."""
        viewer = report_viewer(context)
        frameworks = reported_frameworks(viewer, context.period).filter(
            country__in=[country.pk for country in context.countries]
        )
        rows = (
            measurements_visible_to(viewer)
            .filter(
                status=MeasurementStatus.APPROVED,
                indicator__benchmark__framework__in=frameworks,
                period_end__gte=context.period.start,
                period_end__lte=context.period.end,
            )
            .exclude(obstacles="")
            .values_list(
                "indicator__benchmark__component",
                "indicator__benchmark__framework__country__name",
                "indicator__benchmark__framework__country__iso2",
                "obstacles",
            )
        )
        grouped: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
        for component, country, iso2, obstacles in rows:
            text = obstacles.strip()
            if text:
                grouped[component or ""][text].add((country, iso2))
        if not grouped:
            return None
        return {
            "components": [
                {
                    "component": component,
                    "obstacles": [
                        {
                            "text": text,
                            "countries": [name for name, _code in sorted(countries)],
                            "country_codes": [code for _name, code in sorted(countries)],
                        }
                        for text, countries in sorted(found.items())
                    ],
                }
                for component, found in sorted(grouped.items())
            ]
        }

    def build(self, data: dict[str, Any]) -> SectionParts:
        """A table: component (group row), then each obstacle with its countries."""
        rows: list[Row] = []
        count = 0
        for item in data["components"]:
            rows.append(Row([component_label(item["component"]), ""], group=True))
            for obstacle in item["obstacles"]:
                named = fmt.countries(obstacle["countries"], obstacle.get("country_codes"))
                rows.append(Row([obstacle["text"], fmt.enumeration(named)]))
                count += 1
        lead = ngettext(
            "%(count)s obstacle was recorded with approved values in the period.",
            "%(count)s obstacles were recorded with approved values in the period.",
            count,
        ) % {"count": fmt.count(count)}
        table = Table(
            _("Obstacles by SSR component"), [Column(_("Obstacle")), Column(_("Countries"))], rows
        )
        title = _("Common obstacles")
        return SectionParts(
            summary=[lead], body=[Section(self.key, title, [Paragraph(lead, "lead"), table])]
        )
