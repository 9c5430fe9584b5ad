from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.appkit import DomainAppConfig


class PerceptionsConfig(DomainAppConfig):
    default = True
    name = "ssrmonitor.perceptions"
    label = "perceptions"
    verbose_name = _("Population perspectives")
    demo_loader = "ssrmonitor.perceptions.demo.load_demo"
    home_panels = ("ssrmonitor.perceptions.panels.TRUST_PANEL",)
    jobs = ("ssrmonitor.perceptions.jobs.IMPORT_RESPONDENTS",)
