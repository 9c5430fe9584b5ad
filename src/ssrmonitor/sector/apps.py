from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.appkit import DomainAppConfig


class SectorConfig(DomainAppConfig):
    default = True
    name = "ssrmonitor.sector"
    label = "sector"
    verbose_name = _("Security sector mapping")
    demo_loader = "ssrmonitor.sector.demo.load_demo"
