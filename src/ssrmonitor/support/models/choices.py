"""Closed sets of the support app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where an activity comes from: an IATI file or an entry made in SSR Monitor."""

    IATI = "iati", _("Published to IATI")
    NATIONAL = "national", _("Recorded in SSR Monitor")


class TextKind(models.TextChoices):
    TITLE = "title", _("Title")
    DESCRIPTION = "description", _("Description")


class StrategyLevel(models.TextChoices):
    """The levels of a national SSR strategy, from the broadest to the most specific."""

    PILLAR = "pillar", _("Pillar")
    PRIORITY = "priority", _("Priority")
    OBJECTIVE = "objective", _("Objective")
