"""Template filters of the support app: IATI codes labelled from the bundled codelists."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from ssrmonitor.core.numbers import money
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


@register.filter
def amounts(values: dict[str, Any]) -> str:
    """``USD 750,000 · EUR 12,000``: each currency's amount, grouped (empty when none)."""
    return " · ".join(money(v, c) for c, v in sorted(values.items()) if v)


@register.filter
def sector_vocabulary(sector: Any) -> str:
    """The name of the sector's vocabulary (``Reporting Organisation`` for code 99)."""
    vocabulary = sector.vocabulary or "1"
    return codelists.label("SectorVocabulary", vocabulary, get_language() or "en")
