from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.appkit import DomainAppConfig


class SupportConfig(DomainAppConfig):
    default = True
    name = "ssrmonitor.support"
    label = "support"
    verbose_name = _("International support")
    demo_loader = "ssrmonitor.support.demo.load_demo"
    jobs = ("ssrmonitor.support.jobs.IMPORT_IATI",)
    # the coordination analysis is cached (support.analytics.visible_analysis); it reads these
    cache_reads = ("core.organisation", "core.country")
