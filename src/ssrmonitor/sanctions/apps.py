from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    name = "ssrmonitor.sanctions"
    label = "sanctions"
    verbose_name = _("Sanctions and arms embargoes")
