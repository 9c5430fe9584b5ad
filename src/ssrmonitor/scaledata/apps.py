from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScaleDataConfig(AppConfig):
    """Not a domain app: it has no demo loader and no pages, only a command for benchmarks."""

    default = True
    name = "ssrmonitor.scaledata"
    label = "scaledata"
    verbose_name = _("Scale data (illustrative)")
