from __future__ import annotations

from django import template

from ssrmonitor.perceptions.models import Estimate
from ssrmonitor.perceptions.views.pages import group_label

register = template.Library()


@register.filter
def group_name(estimate: Estimate) -> str:
    """The estimate's group in words (``women``, ``18–35 (youth)``, a region)."""
    return group_label(estimate)
