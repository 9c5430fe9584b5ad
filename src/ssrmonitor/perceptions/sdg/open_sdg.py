"""Open SDG data files (CSV with YAML metadata) read as observations of the SDG DSD.

A national reporting platform built with Open SDG keeps one CSV per indicator
(``data/indicator_16-1-1.csv``: ``Year``, disaggregation columns, ``Value``; a row whose
disaggregation cells are empty is the headline series) and its metadata in YAML
(``meta/16-1-1.yml``, or the front matter of a Markdown file in older platforms). Each row
becomes an observation of the country:

* **Indicator** from the file name (``indicator_16-1-1.csv`` → 16.1.1) or the metadata's
  ``indicator`` field; the metadata, if given, must be of the same indicator.
* **Series**: a ``Series`` column (a ``CL_SERIES`` code or name), else the series chosen on
  import, else the indicator's only series in ``CL_SERIES``. An indicator with several series
  and none chosen refuses the file, listing them.
* **Time**: ``Year``; a span (``2005/06``, ``2020-2021``) is dated by its last year and kept
  as written in ``TIME_DETAIL``.
* **Disaggregations** the DSD knows (``Sex``, ``Age``, ``Location``, ``Units``…; see
  :mod:`open_sdg_codes`) are coded; a value without a code refuses the file, naming the file,
  the row (the header is row 1), the column and the value. A column the DSD has no concept
  for (a crime type, a council, ``GeoCode``) is a national disaggregation: its rows are left
  out, and the import says how many and why; the headline rows are kept.
* **Unit**: a ``Units`` column, else the metadata's ``UNIT_MEASURE`` or ``computation_units``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.perceptions.sdg.catalogue import Series, all_series, series_of_indicator
from ssrmonitor.perceptions.sdg.dsd import (
    MAX_ERRORS,
    TIME,
    SdgObservation,
    check_codes,
    codelist_of,
    dimensions,
)
from ssrmonitor.perceptions.sdg.open_sdg_codes import code_for, component_of

FILE_INDICATOR = re.compile(
    r"^(?:indicator_)?(\d{1,2})-(\d{1,2}|[a-z])-(\d{1,2})\.(?:csv|ya?ml|md)$"
)
YEAR = re.compile(r"^(\d{4})(?:\s*[-/–]\s*(\d{2}|\d{4}))?$")
UNIT_FIELDS = ("UNIT_MEASURE", "computation_units")
MAX_ROWS = 200_000


@dataclass
class OpenSdgRead:
    """The observations of one Open SDG file, and what was left out of it (said in words)."""

    indicator: str
    rows: list[SdgObservation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _refuse(reason: str) -> ValidationFailed:
    return ValidationFailed.one("file", reason)


def _text(content: bytes, name: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(_("%(file)s is not UTF-8 text.") % {"file": name}) from None


def parse_metadata(content: bytes, name: str) -> dict[str, Any]:
    """The fields of an Open SDG metadata file: YAML, or a Markdown file's front matter."""
    text = _text(content, name)
    if text.lstrip().startswith("---"):
        text = text.lstrip()[3:].split("\n---", 1)[0]
    try:
        fields = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _refuse(
            _("%(file)s is not YAML: %(reason)s") % {"file": name, "reason": exc}
        ) from None
    if not isinstance(fields, dict):
        raise _refuse(_("%(file)s holds no metadata fields.") % {"file": name})
    return {str(k): v for k, v in fields.items()}


def indicator_of_name(name: str) -> str:
    """The indicator a file's name gives (``indicator_16-1-1.csv`` → ``16.1.1``), or ''."""
    match = FILE_INDICATOR.match(PurePath(name).name.lower())
    return ".".join(str(int(p)) if p.isdigit() else p for p in match.groups()) if match else ""


def _indicator(file_name: str, meta: dict[str, Any], meta_name: str) -> str:
    from_data = indicator_of_name(file_name)
    from_meta = str(meta.get("indicator") or "").strip() or indicator_of_name(meta_name)
    if from_data and from_meta and from_data != from_meta:
        raise _refuse(
            _("The metadata %(meta)s is of indicator %(other)s, the data file of %(indicator)s.")
            % {"meta": meta_name, "other": from_meta, "indicator": from_data}
        )
    indicator = from_data or from_meta
    if not indicator:
        raise _refuse(
            _("%(file)s does not name its indicator: name it like indicator_16-1-1.csv.")
            % {"file": file_name}
        )
    return indicator


def _series(indicator: str, chosen: str, has_column: bool, file_name: str) -> str:
    """The series of every row ('' when a Series column gives it row by row)."""
    candidates = series_of_indicator(indicator)
    codes = [s.code for s in candidates]
    if not candidates:
        raise _refuse(
            _("Indicator %(indicator)s has no series in the DSD's CL_SERIES.")
            % {"indicator": indicator}
        )
    if chosen:
        if chosen not in codes:
            raise _refuse(
                _("%(series)s is not a series of indicator %(indicator)s (%(codes)s).")
                % {"series": chosen, "indicator": indicator, "codes": ", ".join(codes)}
            )
        return chosen
    if has_column:
        return ""
    if len(candidates) == 1:
        return candidates[0].code
    reason = _(
        "%(file)s: indicator %(indicator)s has several series (%(codes)s); choose the one the "
        "file gives."
    )
    raise _refuse(reason % {"file": file_name, "indicator": indicator, "codes": ", ".join(codes)})


def _unit(meta: dict[str, Any], meta_name: str) -> str:
    for name in UNIT_FIELDS:
        given = str(meta.get(name) or "").strip()
        if given:
            code = code_for("UNIT_MEASURE", given)
            if code is None:
                raise _refuse(
                    _("%(file)s, field %(field)s: '%(value)s' is not a code or name of "
                      "CL_UNIT_MEASURE.") % {"file": meta_name, "field": name, "value": given}
                )  # fmt: skip
            return code
    return ""


@dataclass
class _Reader:
    """One pass over the rows: observations, errors, and the rows left out by column."""

    file_name: str
    indicator: str
    area: str
    series: str
    unit: str
    header: list[str]
    errors: list[str] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    no_value: int = 0
    other_areas: int = 0
    seen: dict[tuple[str, ...], int] = field(default_factory=dict)

    def error(self, row: int, column: str, reason: str) -> None:
        self.errors.append(
            _("%(file)s, row %(row)s, column %(column)s: %(reason)s")
            % {"file": self.file_name, "row": row, "column": column, "reason": reason}
        )

    def observation(self, number: int, cells: dict[str, str]) -> SdgObservation | None:
        key = {name: "_T" for name in dimensions()}
        key |= {"FREQ": "A", "REPORTING_TYPE": "N", "REF_AREA": self.area, "SERIES": self.series}
        attributes = {"UNIT_MEASURE": self.unit} if self.unit else {}
        coded = self._coded(number, cells, key, attributes)
        free = [c for c in self.header if not component_of(c) and cells.get(c)]
        free = [c for c in free if c.lower() not in {"year", "value"}]
        if free:
            self.left_out[free[0]] = self.left_out.get(free[0], 0) + 1
            return None
        if coded and key["REF_AREA"] != self.area:  # a REF_AREA column naming another area
            self.other_areas += 1
            return None
        value, year = self._value(number, cells), self._year(number, cells)
        if not coded or value is None or year is None:
            return None
        key[TIME] = year[0]
        if year[1] != year[0]:
            attributes["TIME_DETAIL"] = year[1]
        return self._checked(number, key, value, attributes)

    def _coded(
        self, number: int, cells: dict[str, str], key: dict[str, str], attributes: dict[str, str]
    ) -> bool:
        """Code the cells of the columns the DSD knows into ``key`` and ``attributes``."""
        coded = True
        for column in self.header:
            component, cell = component_of(column), cells.get(column, "")
            if not component or not cell:
                continue
            code = code_for(component, cell)
            if code is None:
                reason = _("'%(value)s' is not a code or name of %(codelist)s.")
                self.error(
                    number, column, reason % {"value": cell, "codelist": codelist_of(component)}
                )
                coded = False
                continue
            target = key if component in key else attributes
            target[component] = code
        return coded

    def _checked(
        self, number: int, key: dict[str, str], value: Decimal, attributes: dict[str, str]
    ) -> SdgObservation | None:
        if not key["SERIES"]:
            self.error(number, "Series", _("no series given."))
            return None
        if self.indicator not in _indicators(key["SERIES"]):
            reason = _("'%(value)s' is not a series of indicator %(indicator)s.")
            self.error(
                number, "Series", reason % {"value": key["SERIES"], "indicator": self.indicator}
            )
            return None
        identity = tuple(key.values())
        if identity in self.seen:
            self.errors.append(
                _("%(file)s, rows %(first)s and %(row)s give the same observation.")
                % {"file": self.file_name, "first": self.seen[identity], "row": number}
            )
            return None
        self.seen[identity] = number
        return SdgObservation(key, value, attributes)

    def _value(self, number: int, cells: dict[str, str]) -> Decimal | None:
        raw = cells.get(self.header_of("value"), "")
        if not raw or raw.lower() == "nan":
            self.no_value += 1
            return None
        try:
            return Decimal(raw)
        except InvalidOperation:
            self.error(number, "Value", _("'%(value)s' is not a number.") % {"value": raw})
            return None

    def _year(self, number: int, cells: dict[str, str]) -> tuple[str, str] | None:
        raw = cells.get(self.header_of("year"), "")
        match = YEAR.match(raw)
        if match is None:
            self.error(number, "Year", _("'%(value)s' is not a year.") % {"value": raw})
            return None
        start, end = int(match.group(1)), match.group(2)
        last = start if end is None else int(end)
        if end is not None and len(end) == 2:  # 2005/06, 1999/00
            last = start // 100 * 100 + last + (100 if last < start % 100 else 0)
        return str(last), raw

    def header_of(self, name: str) -> str:
        return next(c for c in self.header if c.lower() == name)


def _indicators(series: str) -> tuple[str, ...]:
    found: Series | None = all_series().get(series)
    return found.indicators if found else ()


def _notes(reader: _Reader) -> list[str]:
    notes = []
    for column, count in reader.left_out.items():
        said = ngettext(
            "%(count)s row broken down by %(column)s left out: %(column)s is a national "
            "disaggregation the SDG DSD cannot express.",
            "%(count)s rows broken down by %(column)s left out: %(column)s is a national "
            "disaggregation the SDG DSD cannot express.",
            count,
        )
        notes.append(said % {"count": count, "column": column})
    if count := reader.other_areas:
        said = ngettext(
            "%(count)s row of another area (REF_AREA) left out.",
            "%(count)s rows of other areas (REF_AREA) left out.",
            count,
        )
        notes.append(said % {"count": count})
    if count := reader.no_value:
        said = ngettext(
            "%(count)s row without a value left out.",
            "%(count)s rows without a value left out.",
            count,
        )
        notes.append(said % {"count": count})
    return notes


def read_open_sdg(
    content: bytes,
    *,
    file_name: str,
    area: str,
    metadata: bytes | None = None,
    metadata_name: str = "",
    series: str = "",
) -> OpenSdgRead:
    """The observations of an Open SDG data file for the area ``area`` (an M49 code).

    Raises:
        ValidationFailed: the file or its metadata cannot be read, or a cell has no code
            (each problem named with the file, the row, the column and the value).
    """
    meta = parse_metadata(metadata, metadata_name) if metadata else {}
    indicator = _indicator(file_name, meta, metadata_name)
    try:  # newline="": a quoted cell may hold a line break, a line may end with CR alone
        lines = list(csv.reader(io.StringIO(_text(content, file_name), newline="")))
    except csv.Error as exc:
        raise _refuse(
            _("%(file)s is not a readable CSV file: %(reason)s")
            % {"file": file_name, "reason": exc}
        ) from None
    header = [c.strip() for c in lines[0]] if lines else []
    if not {"year", "value"} <= {c.lower() for c in header}:
        raise _refuse(_("%(file)s has no Year and Value columns.") % {"file": file_name})
    if len(lines) > MAX_ROWS:
        raise _refuse(_("%(file)s holds too many rows.") % {"file": file_name})
    has_series = any(component_of(c) == "SERIES" for c in header)
    reader = _Reader(
        file_name, indicator, area, _series(indicator, series, has_series, file_name),
        _unit(meta, metadata_name), header,
    )  # fmt: skip
    found = OpenSdgRead(indicator)
    for number, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue
        cells = {name: cell.strip() for name, cell in zip(header, line, strict=False)}
        observation = reader.observation(number, cells)
        if observation is not None:
            found.rows.append(observation)
        if len(reader.errors) >= MAX_ERRORS:
            break
    if reader.errors:
        raise ValidationFailed([FieldError("file", reason) for reason in reader.errors])
    found.notes = _notes(reader)
    if not found.rows:
        raise _refuse(
            " ".join([_("No row of %(file)s can be imported.") % {"file": file_name},
                      *found.notes])
        )  # fmt: skip
    check_codes(found.rows)
    return found
