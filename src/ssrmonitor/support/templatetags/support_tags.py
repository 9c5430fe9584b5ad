"""Template filters of the support app: IATI codes labelled from the bundled codelists."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from ssrmonitor.support import codelists

register = template.Library()

_SECTOR_LISTS = {"1": "Sector", "": "Sector", "2": "SectorCategory"}


@register.filter
def sector_label(sector: Any) -> str:
    """``15210 Security system management and reform`` (the code alone for other vocabularies)."""
    name = _SECTOR_LISTS.get(sector.vocabulary or "")
    if name is None:
        return str(sector.code)
    text = codelists.label(name, sector.code, get_language() or "en")
    return str(sector.code) if text == sector.code else f"{sector.code} {text}"
