from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.appkit import DomainAppConfig


class TransitionsConfig(DomainAppConfig):
    default = True
    name = "ssrmonitor.transitions"
    label = "transitions"
    verbose_name = _("Transitions")
    demo_loader = "ssrmonitor.transitions.demo.load_demo"
