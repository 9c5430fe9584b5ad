from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.appkit import DomainAppConfig


class VettingConfig(DomainAppConfig):
    default = True
    name = "ssrmonitor.vetting"
    label = "vetting"
    verbose_name = _("Vetting and age screening")
    demo_loader = "ssrmonitor.vetting.demo.load_demo"
