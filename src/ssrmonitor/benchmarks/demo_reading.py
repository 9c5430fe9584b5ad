"""How the demo loader reads the bundled dataset: pure functions, no database.

The rules are listed in :mod:`ssrmonitor.benchmarks.demo` and in ``data/PROVENANCE.md``; each
function here implements one of them and is tested on verbatim texts of the dataset.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from ssrmonitor.benchmarks.demo_dates import MONTHS
from ssrmonitor.benchmarks.demo_dates import last_day as _last_day
from ssrmonitor.benchmarks.models import Component, Direction, Frequency, IndicatorKind, Owner

_MONTH = "(" + "|".join(MONTHS) + ")"
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"

# Readable names of the dataset's ``kind`` values, used in framework titles and ``Framework.kind``.
KIND_LABELS = {
    "exit_strategy_benchmark": "exit strategy benchmarks",
    "strategic_benchmark": "strategic benchmarks",
    "contextual_benchmark": "contextual benchmarks",
    "consolidation_benchmark": "consolidation benchmarks",
    "consolidation_plan_benchmark": "consolidation plan benchmarks",
    "medium_term_strategy_benchmark": "medium-term strategy benchmarks",
    "handover_criteria": "handover criteria",
    "drawdown_benchmark": "drawdown benchmarks",
    "transition_plan_benchmarks": "transition plan benchmarks",
    "transition_plan": "transition plan",
    "arms_embargo_key_benchmark": "arms embargo key benchmarks",
    "national_commitment": "national commitments",
    "mandate_implementation_plan": "mandate implementation plan",
}

# Sector words of the dataset → SSR component. The first listed sector found here decides;
# explicit cross-cutting entries stop the search so that, e.g., "human rights, accountability"
# stays cross-cutting. Arms-embargo and weapons-management benchmarks concern the defence and
# security forces, so they are filed under defence.
SECTOR_COMPONENTS: dict[str, Component] = {
    "justice": Component.JUSTICE,
    "police": Component.POLICE,
    "corrections": Component.CORRECTIONS,
    "prison": Component.CORRECTIONS,
    "defence": Component.DEFENCE,
    "defense": Component.DEFENCE,
    "arms embargo": Component.DEFENCE,
    "weapons and ammunition management": Component.DEFENCE,
    "border": Component.BORDER_CUSTOMS,
    "customs": Component.BORDER_CUSTOMS,
    "immigration": Component.IMMIGRATION,
    "disaster": Component.DISASTER,
    "ddr": Component.DDR,
    "disarmament": Component.DDR,
    "legislation": Component.OVERSIGHT,
    "oversight": Component.OVERSIGHT,
    "governance": Component.OVERSIGHT,
    "anti-corruption": Component.OVERSIGHT,
    "ombudsperson": Component.OVERSIGHT,
    "human rights": Component.CROSS_CUTTING,
    "gender": Component.CROSS_CUTTING,
    "civil society": Component.CROSS_CUTTING,
}
# Dataset kinds that decide the component when the record has no sectors and no area.
KIND_COMPONENTS: dict[str, Component] = {"arms_embargo_key_benchmark": Component.DEFENCE}
# Benchmarks the Security Council or the host set for the host Government; all others were
# set for the UN mission's exit, drawdown or transition and are filed as UN benchmarks.
HOST_KINDS = frozenset({"national_commitment", "arms_embargo_key_benchmark"})

_PERCENT_WORDS = ("percent", "per cent", "%", "share", "proportion")
_NUMERIC_UNIT = re.compile(
    r"\b(count|number|rate|ratio|officers|personnel|persons|usd|ordinal)\b", re.IGNORECASE
)
# fmt: off
_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)
# fmt: on
_WORD_NUMBERS = {word: number for number, word in enumerate(_NUMBER_WORDS)}


def parse_target_timeline(text: str | None) -> date | None:
    """Read a target timeline as the last day it allows.

    ``"April 2019"`` → 30 April 2019; ``"2016"`` or ``"end of 2016"`` → 31 December 2016;
    a range of years ``"2010-2011"`` → 31 December of its last year; anything else → ``None``.
    """
    if not text:
        return None
    cleaned = re.sub(r"^(by )?(the )?end of ", "", text.strip().lower())
    if match := re.fullmatch(_MONTH + r" (\d{4})", cleaned):
        return _last_day(int(match.group(2)), MONTHS[match.group(1)])
    if match := re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", cleaned):
        return date(int(match.group(2) or match.group(1)), 12, 31)
    return None


def _full_date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError:
        return None


def parse_document_date(title: str) -> date | None:
    """The first full date (``1 June 2018``) in a source title, preferring one in brackets."""
    pattern = r"(\d{1,2}) " + _MONTH + r" (\d{4})"
    bracketed = re.search(r"\(" + pattern + r"\)", title, re.IGNORECASE)
    anywhere = re.search(r"\b" + pattern + r"\b", title, re.IGNORECASE)
    for match in (bracketed, anywhere):
        if match and (found := _full_date(match)):
            return found
    return None


def _looks_like_period(prefix: str) -> bool:
    words = prefix.split()
    has_date = bool(re.search(r"\b\d{4}\b|\b" + _MONTH + r"\b", prefix, re.IGNORECASE))
    return has_date and len(words) <= 8


def strip_reference_period(text: str) -> str:
    """Drop a leading ``"1 January–15 September 2019:"``-style period the value refers to."""
    match = re.match(r"^([^:]{1,80}):\s+(.*)$", text.strip(), re.DOTALL)
    if match and _looks_like_period(match.group(1)):
        return match.group(2)
    return text.strip()


def _decimal(match: re.Match[str]) -> Decimal:
    return Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))


def leading_number(text: str) -> Decimal | None:
    """The number a text starts with: ``"1.32"``, ``"Seven out of 18"``, ``"All 13 units"``.

    ``"A total of"`` and ``"All"`` before the number are skipped. A leading day of a date
    (``"15 September 2019 …"``) is not a number.
    """
    rest = re.sub(r"^(a total of|all)\s+", "", text.strip(), flags=re.IGNORECASE)
    if match := re.match(_NUMBER, rest):
        after = rest[match.end() :].strip().lower()
        if re.match(_MONTH + r"\b", after):
            return None
        return _decimal(match)
    words = "|".join(_WORD_NUMBERS)
    if match := re.match(r"(" + words + r")\s+(?:out\s+)?of\b", rest, re.IGNORECASE):
        return Decimal(_WORD_NUMBERS[match.group(1).lower()])
    return None


def _unit_scale(unit: str) -> str | None:
    match = re.search(r"per (\d{1,3}(?:,\d{3})*)\b", unit)
    return match.group(1) if match else None


def _unit_noun(unit: str) -> str | None:
    match = re.fullmatch(r"count \(([a-z ]+)\)", unit.strip().lower())
    return match.group(1) if match else None


def _number_in_unit(rest: str, kind: str, unit: str) -> Decimal | None:
    patterns = []
    if kind == IndicatorKind.PERCENTAGE:
        patterns.append(_NUMBER + r"\s*(?:per ?cent|%)")
    if scale := _unit_scale(unit):
        patterns.append(_NUMBER + r"\s*(?:per|/)\s*" + re.escape(scale) + r"\b")
    if noun := _unit_noun(unit):
        patterns.append(_NUMBER + r"\s+" + re.escape(noun) + r"\b")
    for pattern in patterns:
        if match := re.search(pattern, rest, re.IGNORECASE):
            return _decimal(match)
    return None


def reported_number(text: str, kind: str, unit: str) -> Decimal | None:
    """The value of an update's verbatim text, or ``None`` when it states none.

    After dropping a leading reference period, the leading number is the value. Failing that,
    the first number stated in the indicator's own unit: ``"<n> per cent"`` for a percentage,
    ``"<n> per 1,000"`` or ``"<n>/1,000"`` for a rate in that scale, ``"<n> penal cases"`` for a
    unit ``"count (penal cases)"``. Nothing else is guessed.
    """
    rest = strip_reference_period(text)
    if (number := leading_number(rest)) is not None:
        return number
    return _number_in_unit(rest, kind, unit)


def _unit_head(unit: str) -> str:
    return unit.split("(")[0].strip().lower()


def indicator_kind(unit: str, baseline: Decimal | None, target: Decimal | None) -> IndicatorKind:
    """Percentage, milestone (yes/no), quantitative (numbers or a numeric unit), else rating."""
    head = _unit_head(unit)
    if any(word in head for word in _PERCENT_WORDS):
        return IndicatorKind.PERCENTAGE
    if "yes/no" in unit.lower():
        return IndicatorKind.MILESTONE
    if baseline is not None or target is not None or _NUMERIC_UNIT.search(head):
        return IndicatorKind.QUANTITATIVE
    return IndicatorKind.RATING


def stage_range(unit: str) -> tuple[Decimal | None, Decimal | None]:
    """Bounds of an ordinal unit that lists its stages (``1 = draft …; 3 = promulgated``)."""
    stages = [int(number) for number in re.findall(r"(\d+)\s*=", unit)]
    if len(stages) < 2:
        return None, None
    return Decimal(min(stages)), Decimal(max(stages))


def direction(baseline: Decimal | None, target: Decimal | None) -> Direction:
    """Lower is better when the target is below the baseline."""
    if baseline is not None and target is not None and target < baseline:
        return Direction.DECREASE
    return Direction.INCREASE


def frequency(text: str | None) -> Frequency:
    """``"every 90 days …"`` → quarterly, and so on; unknown → when reported."""
    lowered = (text or "").lower()
    rules = (
        (("90 days", "quarter", "three months"), Frequency.QUARTERLY),
        (("monthly", "30 days", "every month"), Frequency.MONTHLY),
        (("six months", "180 days", "half-year", "biannual"), Frequency.HALF_YEARLY),
        (("annual", "yearly", "12 months", "every year"), Frequency.ANNUAL),
    )
    for words, result in rules:
        if any(word in lowered for word in words):
            return result
    return Frequency.AD_HOC


def component(record: Mapping[str, Any]) -> Component:
    """The SSR component from ``sectors``, else ``benchmark_area``, else ``kind``."""
    for sector in record.get("sectors") or []:
        if found := SECTOR_COMPONENTS.get(str(sector).strip().lower()):
            return found
    area = str(record.get("benchmark_area") or "").lower()
    for word, found in SECTOR_COMPONENTS.items():
        if word in area:
            return found
    return KIND_COMPONENTS.get(str(record["kind"]), Component.CROSS_CUTTING)


def owner(kind: str) -> Owner:
    """Host for national commitments and arms-embargo key benchmarks, else the UN."""
    return Owner.HOST if kind in HOST_KINDS else Owner.UN


def kind_label(kind: str) -> str:
    """``exit_strategy_benchmark`` → ``exit strategy benchmarks``."""
    return KIND_LABELS.get(kind, kind.replace("_", " "))


# Labels of dataset fields kept in notes, where the field name alone would mislead.
LABELS = {
    "sdg_link_annotation": "SDG link (compiler's annotation, not UN text)",
    "status_2015": "Status in 2015",
    "target_timeline": "Target timeline as worded",
    "progress_reported_in": "Progress reported in",
    "benchmark_first_set_in": "Benchmarks first set in",
    "number_in_dataset": "Number in the source dataset",
}


def label(key: str) -> str:
    """``wording_status`` → ``Wording status`` (or the explicit label of :data:`LABELS`)."""
    return LABELS.get(key, key.replace("_", " ").capitalize())


def render(value: Any) -> str:
    """A field of the dataset as readable text (lists joined, mappings as ``key: value``)."""
    if isinstance(value, Mapping):
        return "; ".join(f"{label(str(k))}: {render(v)}" for k, v in value.items())
    if isinstance(value, Sequence) and not isinstance(value, str):
        separator = "\n" if any(isinstance(item, Mapping) for item in value) else "; "
        return separator.join(render(item) for item in value)
    return str(value)


def notes(fields: Mapping[str, Any]) -> str:
    """``Label: value`` paragraphs for the given fields, skipping empty ones."""
    return "\n\n".join(
        f"{label(key)}: {render(value)}"
        for key, value in fields.items()
        if value is not None and render(value)
    )
