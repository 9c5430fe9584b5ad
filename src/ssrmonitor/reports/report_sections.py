"""The report sections of the reports app itself (found by ``sections.autodiscover``).

Other apps add theirs in their own ``report_sections.py`` the same way (see docs/reports.md).
"""

from __future__ import annotations

from ssrmonitor.reports.sections import register
from ssrmonitor.reports.sections.benchmarks import BenchmarkSection
from ssrmonitor.reports.sections.thematic import ThematicBenchmarkOverview

register(BenchmarkSection())
register(ThematicBenchmarkOverview())
