"""Suggestions of national priorities and SSR components for an activity, for a person to confirm.

Nothing here writes: a suggestion becomes a link only when someone confirms it through
:func:`ssrmonitor.support.services.alignment.set_priority_links` or ``set_component_links``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.support.models import Activity, StrategyNode

# DAC purpose code → the SSR component it most often funds (a starting point, not a rule).
SECTOR_COMPONENTS: dict[str, str] = {
    "15210": Component.OVERSIGHT,
    "15220": Component.CROSS_CUTTING,
    "15230": Component.DEFENCE,
    "15240": Component.DDR,
    "15250": Component.DEFENCE,
    "15261": Component.DDR,
    "15130": Component.JUSTICE,
    "1513010": Component.POLICE,
    "1513020": Component.CROSS_CUTTING,
    "1513030": Component.CROSS_CUTTING,
    "1516010": Component.JUSTICE,
    "1516020": Component.JUSTICE,
    "15170": Component.CROSS_CUTTING,
    "15180": Component.CROSS_CUTTING,
}
# Words in titles and descriptions (English and French) → component.
KEYWORD_COMPONENTS: dict[str, str] = {
    r"polic|gendarm|law enforcement": Component.POLICE,
    r"armed forces|military|army|défense|defense|defence|forces armées": Component.DEFENCE,
    r"justice|judicial|judiciaire|court|tribunal|prosecut": Component.JUSTICE,
    r"prison|correction|pénitentiaire|detention": Component.CORRECTIONS,
    r"border|frontière|customs|douane": Component.BORDER_CUSTOMS,
    r"immigration|migration": Component.IMMIGRATION,
    r"parliament|parlement|oversight|contrôle|ombuds": Component.OVERSIGHT,
    r"\bddr\b|demobili|démobili|disarmament|désarmement|reintegration|réintégration": Component.DDR,
    r"disaster|catastrophe|civil protection|protection civile": Component.DISASTER,
}


@dataclass(frozen=True)
class Suggestion:
    """A proposed link and why it is proposed."""

    target: str  # a Component value or a StrategyNode code
    reason: str


def _text(activity: Activity) -> str:
    return " ".join(t.text for t in activity.texts.all()).lower()


def _sector_codes(activity: Activity) -> set[str]:
    return {s.code for s in activity.sectors.all() if s.vocabulary in ("", "1")}


def suggest_components(activity: Activity) -> list[Suggestion]:
    """Components suggested by the activity's DAC sectors and the words of its texts."""
    found: dict[str, str] = {}
    for code in sorted(_sector_codes(activity)):
        component = SECTOR_COMPONENTS.get(code)
        if component and component not in found:
            found[component] = f"DAC {code}"
    text = _text(activity)
    for pattern, component in KEYWORD_COMPONENTS.items():
        match = re.search(pattern, text)
        if match and component not in found:
            found[component] = f"“{match.group(0)}”"
    return [Suggestion(component, reason) for component, reason in found.items()]


def suggest_priorities(activity: Activity, nodes: Iterable[StrategyNode]) -> list[Suggestion]:
    """Strategy elements whose DAC codes or keywords match the activity."""
    codes = _sector_codes(activity)
    text = _text(activity)
    suggestions = []
    for node in nodes:
        shared = sorted(codes & set(node.sector_codes.split()))
        words = [w.strip().lower() for w in node.keywords.split(",") if w.strip()]
        hits = [w for w in words if w in text]
        if shared:
            suggestions.append(Suggestion(node.code, "DAC " + ", ".join(shared)))
        elif hits:
            suggestions.append(Suggestion(node.code, ", ".join(f"“{w}”" for w in hits)))
    return suggestions
