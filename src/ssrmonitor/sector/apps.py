from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SectorConfig(AppConfig):
    name = "ssrmonitor.sector"
    label = "sector"
    verbose_name = _("Security sector mapping")
