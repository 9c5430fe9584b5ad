from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ssrmonitor.reports"
    label = "reports"
    verbose_name = _("Reports to the Security Council")

    def ready(self) -> None:
        from ssrmonitor.reports.sections import autodiscover

        autodiscover()
