"""The period grid as a plain HTML form: input names, reading a POST into entries.

Names are short and stable, so that a page posted without JavaScript and one posted by HTMX
read the same: ``v-12`` is the total of indicator 12, ``v-12-sex-female`` one of its parts,
``v-12-region-0`` with ``rn-12-0`` a region's value and name; ``nature-12``, ``from-12``,
``to-12`` and ``note-12`` what the value covers and its narrative. The services check the
values; this module only reads their shape (a date that is not a date is refused here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.period_grid import GridCell, GridLine
from ssrmonitor.benchmarks.services import Coverage, DisaggregationInput, GridEntry
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.progress import ValueNature


def value_name(indicator_id: int, cell: GridCell, index: int = 0) -> str:
    if cell.is_total:
        return f"v-{indicator_id}"
    if cell.dimension == "region":
        return f"v-{indicator_id}-region-{index}"
    return f"v-{indicator_id}-{cell.dimension}-{cell.category}"


def region_name(indicator_id: int, index: int) -> str:
    return f"rn-{indicator_id}-{index}"


@dataclass
class InputCell:
    """A cell as the template draws it: its input's name, the text shown, its label."""

    cell: GridCell
    name: str
    shown: str
    region_input: str = ""  # for a region: the name of the input holding the region's name
    region_shown: str = ""


@dataclass
class PostedGrid:
    """What a POST of the grid holds: entries for the services and where each part came from."""

    entries: list[GridEntry] = field(default_factory=list)
    part_keys: dict[int, list[str]] = field(default_factory=dict)
    problems: dict[int, dict[str, list[str]]] = field(default_factory=dict)


def _text(data: Mapping[str, Any], name: str) -> str:
    return str(data.get(name, "")).strip()


def _day(data: Mapping[str, Any], name: str, out: dict[str, list[str]], key: str) -> date | None:
    raw = _text(data, name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        out.setdefault(key, []).append(_("Write the date as YYYY-MM-DD."))
        return None


def region_cells(line: GridLine) -> list[tuple[GridCell, int]]:
    """The region cells of a line with their input index; the last one is for a new region."""
    known = [cell for cell in line.parts if cell.dimension == "region"]
    cells = [(cell, index) for index, cell in enumerate(known)]
    if line.has_regions:
        cells.append((GridCell("region:", "region", ""), len(known)))
    return cells


def input_cells(line: GridLine, data: Mapping[str, Any] | None) -> list[InputCell]:
    """Every input of a line, in tab order: the total, its parts, then its regions."""
    ident = line.indicator.pk
    shown: list[InputCell] = []
    for cell in line.cells:
        if cell.dimension == "region":
            continue
        name = value_name(ident, cell)
        stored = "" if cell.stored is None else plain(cell.stored)
        shown.append(InputCell(cell, name, _posted(data, name, stored)))
    for cell, index in region_cells(line):
        name, label = value_name(ident, cell, index), region_name(ident, index)
        stored = "" if cell.stored is None else plain(cell.stored)
        shown.append(
            InputCell(
                cell,
                name,
                _posted(data, name, stored),
                region_input=label,
                region_shown=_posted(data, label, cell.category),
            )
        )
    return shown


def _posted(data: Mapping[str, Any] | None, name: str, default: str) -> str:
    if data is None or name not in data:
        return default
    return str(data.get(name, ""))


def read_posted(lines: list[GridLine], data: Mapping[str, Any]) -> PostedGrid:
    """The entries of the editable lines posted (lines whose total input was sent)."""
    posted = PostedGrid()
    for line in lines:
        ident = line.indicator.pk
        if not line.editable or f"v-{ident}" not in data:
            continue
        problems: dict[str, list[str]] = {}
        parts: list[DisaggregationInput] = []
        keys: list[str] = []
        for item in input_cells(line, data)[1:]:
            raw = item.shown.strip()
            is_new = bool(item.region_input) and not item.cell.category
            category = item.region_shown.strip() if is_new else item.cell.category
            if is_new and bool(raw) != bool(category):
                reason = _("Name the region of this value.") if raw else _("Give its value.")
                problems.setdefault("region", []).append(reason)
                continue
            if not raw:
                continue
            parts.append(DisaggregationInput(item.cell.dimension, category, raw))
            keys.append(f"region:{category}" if is_new else item.cell.key)
        start = _day(data, f"from-{ident}", problems, "coverage_start")
        end = _day(data, f"to-{ident}", problems, "coverage_end")
        nature = _text(data, f"nature-{ident}") or ValueNature.STOCK
        if problems:
            posted.problems[ident] = problems
        posted.part_keys[ident] = keys
        posted.entries.append(
            GridEntry(
                indicator_id=ident,
                value=_text(data, f"v-{ident}"),
                disaggregations=tuple(parts),
                coverage=Coverage(start, end, nature),
                narrative=str(data.get(f"note-{ident}", "")),
            )
        )
    return posted
