from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarksConfig(AppConfig):
    name = "ssrmonitor.benchmarks"
    label = "benchmarks"
    verbose_name = _("Benchmarks and M&E")
