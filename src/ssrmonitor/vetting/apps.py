from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VettingConfig(AppConfig):
    name = "ssrmonitor.vetting"
    label = "vetting"
    verbose_name = _("Vetting and age screening")
