from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.appkit import DomainAppConfig


class LessonsConfig(DomainAppConfig):
    default = True
    name = "ssrmonitor.lessons"
    label = "lessons"
    verbose_name = _("Lessons learned")
    demo_loader = "ssrmonitor.lessons.demo.load_demo"
