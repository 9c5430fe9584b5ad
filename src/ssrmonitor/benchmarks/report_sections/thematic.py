"""The thematic report's benchmark overview (OP 25): every country's benchmark ratings."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.benchmarks.report_sections.country import collect_frameworks, reported_frameworks
from ssrmonitor.benchmarks.report_sections.country_build import rating_counts
from ssrmonitor.core.progress import Rating, roll_up
from ssrmonitor.core.sections import Audience, CollectContext, Scope, SectionParts
from ssrmonitor.core.sections import formatting as fmt
from ssrmonitor.core.sections.document import Column, Row, Section, Table

Data = dict[str, Any]


def _country_row(name: str, iso2: str, frameworks: list[Data]) -> Data:
    benchmarks = [bench for fw in frameworks for bench in fw["benchmarks"]]
    ratings = [ind["rating"] for bench in benchmarks for ind in bench["indicators"]]
    return {
        "country": name,
        "country_iso2": iso2,
        "frameworks": len(frameworks),
        "benchmark_ratings": [bench["rating"] for bench in benchmarks],
        "host_benchmarks": sum(1 for bench in benchmarks if bench["host"]),
        "indicators": len(ratings),
        "rating": str(roll_up(Rating(r) for r in ratings)),
    }


class ThematicBenchmarkOverview:
    """One row per country: frameworks, benchmarks by rating, overall rating."""

    key = "benchmark_overview"
    order = 10
    scope: Scope = "thematic"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """Ratings of the adopted frameworks of each country of the report; ``None`` if none."""
        public = context.audience == Audience.PUBLIC
        viewer = AnonymousUser() if public else context.viewer
        frameworks = list(reported_frameworks(viewer, context.period).filter(
            country__in=[c.pk for c in context.countries]))  # fmt: skip
        if not frameworks:
            return None
        collected = collect_frameworks(viewer, frameworks, context.period)
        grouped: dict[tuple[str, str], list[Data]] = defaultdict(list)
        for framework, data in zip(frameworks, collected, strict=True):
            grouped[(framework.country.name, framework.country.iso2)].append(data)
        return {
            "countries": [
                _country_row(name, iso2, fws) for (name, iso2), fws in sorted(grouped.items())
            ]
        }

    def build(self, data: dict[str, Any]) -> SectionParts:
        # named in the report's language (CLDR), and in its alphabetical order
        named = [
            (fmt.country(row["country"], row.get("country_iso2")), row) for row in data["countries"]
        ]
        named.sort(key=lambda pair: fmt.alphabetical(pair[0]))
        rows = [row for _name, row in named]
        columns = [
            Column(_("Country")),
            Column(_("Benchmarks"), numeric=True),
            *[Column(rating.label, numeric=True) for rating in Rating],
            Column(_("Overall rating")),
        ]
        table_rows = []
        for name, row in named:
            counts = rating_counts(row["benchmark_ratings"])
            table_rows.append(Row([
                name, fmt.count(len(row["benchmark_ratings"])),
                *[fmt.count(counts[rating]) for rating in Rating], Rating(row["rating"]).label,
            ]))  # fmt: skip
        overall = rating_counts([row["rating"] for row in rows])
        summary = ngettext(
            "This overview covers %(count)s country; ",
            "This overview covers %(count)s countries; ",
            len(rows),
        ) % {"count": fmt.count(len(rows))} + ngettext(
            "%(count)s of them is on track overall.",
            "%(count)s of them are on track overall.",
            overall[Rating.ON_TRACK],
        ) % {"count": fmt.count(overall[Rating.ON_TRACK])}
        table = Table(_("Benchmarks of each country by rating"), columns, table_rows)
        section = Section(self.key, _("Benchmark ratings by country"), [table])
        return SectionParts(summary=[summary], body=[section])
