"""The benchmarks app's part of the reports (found by ``core.sections.autodiscover``).

* ``country`` / ``country_build`` — the benchmark section of a country report (OP 20(e));
* ``thematic`` — every country's benchmark ratings in the thematic report (OP 25);
* ``obstacles`` — common obstacles of the period across countries (OP 25);
* ``source`` — which countries have a report, and the default period.
"""

from __future__ import annotations

from ssrmonitor.benchmarks.report_sections.country import BenchmarkSection
from ssrmonitor.benchmarks.report_sections.obstacles import CommonObstacles
from ssrmonitor.benchmarks.report_sections.source import BenchmarkReportSource
from ssrmonitor.benchmarks.report_sections.thematic import ThematicBenchmarkOverview
from ssrmonitor.core.sections import register, register_source

register(BenchmarkSection())
register(ThematicBenchmarkOverview())
register(CommonObstacles())
register_source("benchmarks", BenchmarkReportSource())
