from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.appkit import DomainAppConfig


class SanctionsConfig(DomainAppConfig):
    default = True
    name = "ssrmonitor.sanctions"
    label = "sanctions"
    verbose_name = _("Sanctions and arms embargoes")
    demo_loader = "ssrmonitor.sanctions.demo.load_demo"
