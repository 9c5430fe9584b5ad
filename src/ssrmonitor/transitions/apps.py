from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitionsConfig(AppConfig):
    name = "ssrmonitor.transitions"
    label = "transitions"
    verbose_name = _("Transitions")
