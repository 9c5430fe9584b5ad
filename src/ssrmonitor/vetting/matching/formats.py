"""The screening files: roster and records CSV in, hits CSV out, and the UN list XML.

- roster: ``person_id,full_name,date_of_birth,place_of_birth,sex,nationality,unit``
  (only the first two columns are required);
- records: ``record_id,full_name,aliases,date_of_birth,place_of_birth,sex,nationality,category,
  source`` (only the first two are required; ``aliases`` and ``date_of_birth`` may hold several
  values separated by ``;``);
- hits: ``person_id,record_id,score,band,explanation``, best score first.

Files are UTF-8 (a byte-order mark is accepted) with a header row. A date of birth is
``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``YYYY/YYYY`` (a range) or empty; sex is ``M``, ``F``,
``X`` or empty. A file with any bad row is rejected whole: :class:`FileError` names the file,
the line, the field and the reason, and nothing is screened.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from lxml import etree

from ssrmonitor.vetting.matching.dates import BirthDate
from ssrmonitor.vetting.matching.entry import Entry, Hit

ROSTER_COLUMNS = (
    "person_id", "full_name", "date_of_birth", "place_of_birth", "sex", "nationality", "unit",
)  # fmt: skip
RECORD_COLUMNS = (
    "record_id", "full_name", "aliases", "date_of_birth", "place_of_birth", "sex",
    "nationality", "category", "source",
)  # fmt: skip
HIT_COLUMNS = ("person_id", "record_id", "score", "band", "explanation")
_SEXES = {"": "", "M": "M", "F": "F", "X": "X"}


class FileError(Exception):
    """A file cannot be screened: which file, line and field, and why."""

    def __init__(self, path: str | Path, line: int, field: str, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.reason = reason
        where = f"line {line}" + (f", field {field}" if field else "")
        super().__init__(f"{self.path}, {where}: {reason}")


@dataclass(frozen=True, slots=True)
class RecordRow:
    """A records-file row: the entry the engine screens, and the fields it does not use."""

    entry: Entry
    category: str
    source: str


def _rows(
    path: str | Path, columns: tuple[str, ...], max_rows: int | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = text_line(exc.object, exc.start)
        raise FileError(path, line, "", f"the file is not UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise FileError(path, 0, "", f"cannot read the file ({exc.strerror})") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error as exc:
        raise FileError(path, 1, "", f"not a CSV file ({exc})") from None
    if not header:
        raise FileError(path, 1, "", "the file is empty (a header row is required)")
    for name in header:
        if name not in columns:
            known = ", ".join(columns)
            raise FileError(path, 1, name, f"unknown column (the columns are {known})")
    for required in columns[:2]:
        if required not in header:
            raise FileError(path, 1, required, "this column is required")
    if len(set(header)) != len(header):
        raise FileError(path, 1, "", "a column appears twice")
    count = 0
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            count += 1
            if max_rows is not None and count > max_rows:
                raise FileError(path, line, "", f"more than {max_rows} rows (the limit)")
            if len(values) != len(header):
                reason = f"{len(values)} values for {len(header)} columns"
                raise FileError(path, line, "", reason)
            row = {name: value.strip() for name, value in zip(header, values, strict=True)}
            _no_control_characters(path, line, row)
            yield line, row
    except csv.Error as exc:
        raise FileError(path, reader.line_num, "", f"malformed CSV ({exc})") from None


# The rule of ``ssrmonitor.core.text`` (this package stays free of Django): no C0 control
# character but tab and line breaks, no DEL. A NUL inside a name is refused, not stored.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control_characters(path: str | Path, line: int, row: dict[str, str]) -> None:
    for name, value in row.items():
        found = _CONTROL.search(value)
        if found:
            code = f"U+{ord(found.group()):04X}"
            raise FileError(path, line, name, f"control characters are not accepted ({code})")


def text_line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _required(path: str | Path, line: int, row: dict[str, str], name: str) -> str:
    value = row.get(name, "")
    if not value:
        raise FileError(path, line, name, "this field is required")
    return value


def _dates(path: str | Path, line: int, text: str) -> tuple[BirthDate, ...]:
    out = []
    for part in text.split(";"):
        try:
            parsed = BirthDate.parse(part)
        except ValueError as exc:
            raise FileError(path, line, "date_of_birth", str(exc)) from None
        if parsed is not None:
            out.append(parsed)
    return tuple(out)


def _sex(path: str | Path, line: int, text: str) -> str:
    value = _SEXES.get(text.upper())
    if value is None:
        raise FileError(path, line, "sex", f"{text!r} is not M, F, X or empty")
    return value


def _unique(path: str | Path, line: int, seen: set[str], name: str, value: str) -> None:
    if value in seen:
        raise FileError(path, line, name, f"{value!r} appears twice in the file")
    seen.add(value)


def read_roster(path: str | Path, max_rows: int | None = None) -> list[Entry]:
    """The persons of a roster file (see module doc). Raises :class:`FileError`.

    ``max_rows`` refuses a longer file while it is read (the imports set it).
    """
    out: list[Entry] = []
    seen: set[str] = set()
    for line, row in _rows(path, ROSTER_COLUMNS, max_rows):
        person_id = _required(path, line, row, "person_id")
        _unique(path, line, seen, "person_id", person_id)
        dates = _dates(path, line, row.get("date_of_birth", ""))
        if len(dates) > 1:
            raise FileError(path, line, "date_of_birth", "a person has one date of birth")
        out.append(
            Entry(
                id=person_id,
                names=(_required(path, line, row, "full_name"),),
                birth_dates=dates,
                place_of_birth=row.get("place_of_birth", ""),
                sex=_sex(path, line, row.get("sex", "")),
                nationality=row.get("nationality", ""),
                unit=row.get("unit", ""),
            )
        )
    return out


def read_record_rows(path: str | Path, max_rows: int | None = None) -> list[RecordRow]:
    """The rows of a records file with their category and source. Raises :class:`FileError`."""
    out: list[RecordRow] = []
    seen: set[str] = set()
    for line, row in _rows(path, RECORD_COLUMNS, max_rows):
        record_id = _required(path, line, row, "record_id")
        _unique(path, line, seen, "record_id", record_id)
        full_name = _required(path, line, row, "full_name")
        aliases = [a.strip() for a in row.get("aliases", "").split(";") if a.strip()]
        entry = Entry(
            id=record_id,
            names=tuple(dict.fromkeys([full_name, *aliases])),
            birth_dates=_dates(path, line, row.get("date_of_birth", "")),
            place_of_birth=row.get("place_of_birth", ""),
            sex=_sex(path, line, row.get("sex", "")),
            nationality=row.get("nationality", ""),
        )
        out.append(RecordRow(entry, row.get("category", ""), row.get("source", "")))
    return out


def read_records(path: str | Path, max_rows: int | None = None) -> list[Entry]:
    """The records of a records file (see module doc). Raises :class:`FileError`."""
    return [row.entry for row in read_record_rows(path, max_rows)]


def write_hits(target: str | Path | IO[str], hits: Iterable[Hit]) -> int:
    """Write the hits CSV, best score first; returns the number of rows written."""
    ordered = sorted(hits, key=lambda h: (-h.score, h.person_id, h.record_id))
    if isinstance(target, str | Path):
        with Path(target).open("w", encoding="utf-8", newline="") as handle:
            return _write(handle, ordered)
    return _write(target, ordered)


def _write(handle: IO[str], hits: list[Hit]) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(HIT_COLUMNS)
    for hit in hits:
        writer.writerow(
            (hit.person_id, hit.record_id, f"{hit.score:.2f}", hit.band, hit.explanation)
        )
    return len(hits)


# --------------------------------------------------------------------------- the UN list

_NAME_TAGS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def read_un_list(path: str | Path) -> list[Entry]:
    """The individuals of a UN Security Council consolidated list XML file.

    Names: the listed name, the name in original script and the *Good* aliases; *Low* aliases
    become weak names. Every date of birth (exact date, year, approximate year as ±1 year,
    ranges of years), the places of birth, the first nationality and the gender. The entry id
    is the list's reference number (e.g. ``CFi.001``), or ``DATAID:<n>`` if it has none. The XML
    is read safely (no entities, no DTD, no network) and a file with a DOCTYPE is refused, as
    the UN never sends one (it could hide entities). Raises :class:`FileError`.
    """
    out: list[Entry] = []
    checked = False
    try:
        events = etree.iterparse(
            str(path), events=("start", "end"), resolve_entities=False,
            no_network=True, load_dtd=False, huge_tree=False,
        )  # fmt: skip
        for event, elem in events:
            if not checked:
                _refuse_doctype(path, elem)
                checked = True
            if event == "end" and elem.tag == "INDIVIDUAL":
                out.append(_un_individual(path, elem))
                elem.clear()
    except etree.XMLSyntaxError as exc:
        raise FileError(path, exc.lineno or 0, "", f"not well-formed XML ({exc.msg})") from None
    except OSError as exc:
        raise FileError(path, 0, "", f"cannot read the file ({exc})") from None
    return out


def _refuse_doctype(path: str | Path, elem: etree._Element) -> None:
    docinfo: Any = elem.getroottree().docinfo  # lxml-stubs lack DocInfo.doctype
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise FileError(path, 1, "", "a DOCTYPE declaration is not allowed (refused)")


def _text(elem: etree._Element, tag: str) -> str:
    found = elem.findtext(tag)
    return " ".join((found or "").split())


def _un_individual(path: str | Path, elem: etree._Element) -> Entry:
    line = elem.sourceline if isinstance(elem.sourceline, int) else 0
    name = " ".join(n for n in (_text(elem, t) for t in _NAME_TAGS) if n)
    if not name:
        raise FileError(path, line, "FIRST_NAME", "the individual has no name")
    names = [name]
    if original := _text(elem, "NAME_ORIGINAL_SCRIPT"):
        names.append(original)
    weak: list[str] = []
    for alias in elem.findall("INDIVIDUAL_ALIAS"):
        # The list sometimes packs several aliases into one: "A B C; A B D".
        for alias_name in _text(alias, "ALIAS_NAME").split(";"):
            if alias_name.strip():
                (names if _text(alias, "QUALITY") != "Low" else weak).append(alias_name.strip())
    gender = _text(elem, "GENDER").lower()
    values = (" ".join((x.text or "").split()) for x in elem.findall("NATIONALITY/VALUE"))
    nationality = next((v for v in values if v), "")
    return Entry(
        id=_text(elem, "REFERENCE_NUMBER") or f"DATAID:{_text(elem, 'DATAID')}",
        names=tuple(dict.fromkeys(names)),
        weak_names=tuple(dict.fromkeys(weak)),
        birth_dates=_un_dates(path, line, elem),
        place_of_birth="; ".join(_un_places(elem)),
        sex={"male": "M", "female": "F"}.get(gender, ""),
        nationality=nationality,
    )


def _un_dates(path: str | Path, line: int, elem: etree._Element) -> tuple[BirthDate, ...]:
    out = []
    for node in elem.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        kind = _text(node, "TYPE_OF_DATE").upper()
        try:
            if day := _text(node, "DATE"):
                parsed = date.fromisoformat(day[:10])
                if kind == "APPROXIMATELY":
                    out.append(BirthDate.years(parsed.year - 1, parsed.year + 1))
                else:
                    out.append(BirthDate.exact(parsed))
            elif year := _text(node, "YEAR"):
                y = int(year)
                out.append(
                    BirthDate.years(y - 1, y + 1) if kind == "APPROXIMATELY" else BirthDate.years(y)
                )
            elif (first := _text(node, "FROM_YEAR")) and (last := _text(node, "TO_YEAR")):
                out.append(BirthDate.years(int(first), int(last)))
        except ValueError as exc:
            raise FileError(path, line, "INDIVIDUAL_DATE_OF_BIRTH", str(exc)) from None
    return tuple(dict.fromkeys(out))


def _un_places(elem: etree._Element) -> list[str]:
    places = []
    for node in elem.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        parts = [_text(node, t) for t in ("CITY", "STATE_PROVINCE", "COUNTRY")]
        if any(parts):
            places.append(", ".join(p for p in parts if p))
    return places
