from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.appkit import DomainAppConfig


class ReportsConfig(DomainAppConfig):
    default = True
    name = "ssrmonitor.reports"
    label = "reports"
    verbose_name = _("Reports to the Security Council")
    demo_loader = "ssrmonitor.reports.demo.load_demo"
    jobs = ("ssrmonitor.reports.jobs.COUNTRY_REPORT",)

    def ready(self) -> None:
        super().ready()
        from ssrmonitor.core.sections import autodiscover

        autodiscover()
