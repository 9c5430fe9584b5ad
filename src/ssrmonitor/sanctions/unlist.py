"""Reading the UN Security Council consolidated list XML (``CONSOLIDATED_LIST`` schema).

The file is read with :func:`lxml.etree.iterparse` and each ``INDIVIDUAL``/``ENTITY`` element is
cleared once read, so memory stays flat whatever the size of the list. The parser is safe
against hostile XML: no entity is resolved, no DTD is loaded, nothing is fetched from the
network, and a file with a DOCTYPE is refused whole (the UN never sends one).

Two kinds of failure (house style, point 8): :class:`RecordError` names the record and the
field and rejects the whole file; :class:`ImportAbort` stops the run for a reason that is not
one record's (not a consolidated list, an older list than the last one imported …).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from lxml import etree

from ssrmonitor.sanctions.models import PartyKind

_SPACES = re.compile(r"\s+")
_KINDS = {"INDIVIDUAL": PartyKind.INDIVIDUAL, "ENTITY": PartyKind.ENTITY}
_NAME_TAGS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


class RecordError(Exception):
    """One record of the file is wrong: the file is rejected and nothing is written."""

    def __init__(self, record: str, field_name: str, reason: str) -> None:
        super().__init__(f"{record}, {field_name}: {reason}")
        self.record = record
        self.field = field_name
        self.reason = reason


class ImportAbort(Exception):
    """The file cannot be imported at all (not the consolidated list, stale, unreadable)."""


class AlreadyImported(ImportAbort):
    """This very list was imported before: nothing new (a scheduled import exits 0)."""


@dataclass(frozen=True)
class ParsedAlias:
    name: str
    quality: str
    note: str = ""


@dataclass(frozen=True)
class ParsedBirthDate:
    date_type: str
    date: date | None = None
    year: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ParsedBirthPlace:
    city: str = ""
    state_province: str = ""
    country: str = ""
    note: str = ""


@dataclass
class ParsedParty:
    """One ``INDIVIDUAL`` or ``ENTITY`` record, cleaned (whitespace collapsed, empties dropped)."""

    data_id: int
    kind: str
    regime_code: str
    version: int
    reference_number: str
    name: str
    name_original_script: str = ""
    gender: str = ""
    titles: list[str] = field(default_factory=list)
    designations: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    listed_on: date | None = None
    last_updated_on: date | None = None
    comments: str = ""
    aliases: list[ParsedAlias] = field(default_factory=list)
    birth_dates: list[ParsedBirthDate] = field(default_factory=list)
    birth_places: list[ParsedBirthPlace] = field(default_factory=list)


def clean(text: str | None) -> str:
    """Collapse runs of whitespace and trim (the list pads names: ``' RI '``)."""
    return _SPACES.sub(" ", text or "").strip()


def _text(elem: etree._Element, tag: str) -> str:
    return clean(elem.findtext(tag))


def _values(elem: etree._Element, tag: str) -> list[str]:
    return [v for v in (clean(x.text) for x in elem.findall(f"{tag}/VALUE")) if v]


def _record_label(elem: etree._Element) -> str:
    return f"{elem.tag} DATAID={_text(elem, 'DATAID') or '?'} (line {elem.sourceline})"


def _date(elem: etree._Element, tag: str, label: str) -> date | None:
    text = _text(elem, tag)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise RecordError(label, tag, _("%r is not a date (YYYY-MM-DD).") % text) from None


def _int(elem: etree._Element, tag: str, label: str) -> int | None:
    text = _text(elem, tag)
    if not text:
        return None
    if not text.isdigit():
        raise RecordError(label, tag, _("%r is not a whole number.") % text)
    return int(text)


def _aliases(elem: etree._Element, kind: str) -> list[ParsedAlias]:
    aliases = []
    for node in elem.findall(f"{kind}_ALIAS"):
        name = _text(node, "ALIAS_NAME")
        if not name:  # the list's placeholder <ALIAS_NAME/> is not an alias
            continue
        extras = [_text(node, t) for t in ("NOTE", "DATE_OF_BIRTH", "CITY_OF_BIRTH")]
        extras.append(_text(node, "COUNTRY_OF_BIRTH"))
        aliases.append(ParsedAlias(name, _text(node, "QUALITY"), "; ".join(e for e in extras if e)))
    return aliases


def _birth_dates(elem: etree._Element, label: str) -> list[ParsedBirthDate]:
    dates = []
    for node in elem.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        parsed = ParsedBirthDate(
            date_type=_text(node, "TYPE_OF_DATE"),
            date=_date(node, "DATE", label),
            year=_int(node, "YEAR", label),
            from_year=_int(node, "FROM_YEAR", label),
            to_year=_int(node, "TO_YEAR", label),
            note=_text(node, "NOTE"),
        )
        if parsed != ParsedBirthDate(parsed.date_type):
            dates.append(parsed)
    return dates


def _birth_places(elem: etree._Element) -> list[ParsedBirthPlace]:
    places = []
    for node in elem.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        city = ", ".join(v for v in (_text(node, "STREET"), _text(node, "CITY")) if v)
        place = ParsedBirthPlace(
            city, _text(node, "STATE_PROVINCE"), _text(node, "COUNTRY"), _text(node, "NOTE")
        )
        if place != ParsedBirthPlace():
            places.append(place)
    return places


def parse_party(elem: etree._Element) -> ParsedParty:
    """Turn one ``INDIVIDUAL``/``ENTITY`` element into a :class:`ParsedParty`.

    Raises:
        RecordError: a required field is missing or a value is malformed.
    """
    label = _record_label(elem)
    data_id = _int(elem, "DATAID", label)
    if data_id is None:
        raise RecordError(label, "DATAID", _("The record has no DATAID."))
    name = " ".join(n for n in (_text(elem, tag) for tag in _NAME_TAGS) if n)
    if not name:
        raise RecordError(label, "FIRST_NAME", _("The record has no name."))
    regime_code = _text(elem, "UN_LIST_TYPE")
    if not regime_code:
        raise RecordError(label, "UN_LIST_TYPE", _("The record names no sanctions regime."))
    updates = [d for d in (_parse_day(v, label) for v in _values(elem, "LAST_DAY_UPDATED")) if d]
    return ParsedParty(
        data_id=data_id,
        kind=_KINDS[str(elem.tag)],
        regime_code=regime_code,
        version=_int(elem, "VERSIONNUM", label) or 1,
        reference_number=_text(elem, "REFERENCE_NUMBER"),
        name=name,
        name_original_script=_text(elem, "NAME_ORIGINAL_SCRIPT"),
        gender=_text(elem, "GENDER"),
        titles=_values(elem, "TITLE"),
        designations=_values(elem, "DESIGNATION"),
        nationalities=_values(elem, "NATIONALITY"),
        listed_on=_date(elem, "LISTED_ON", label),
        last_updated_on=max(updates) if updates else None,
        comments=clean(elem.findtext("COMMENTS1")),
        aliases=_aliases(elem, str(elem.tag)),
        birth_dates=_birth_dates(elem, label),
        birth_places=_birth_places(elem),
    )


def _parse_day(text: str, label: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise RecordError(label, "LAST_DAY_UPDATED", _("%r is not a date.") % text) from None


def parse_generated(text: str | None) -> datetime:
    """The root's ``dateGenerated`` (ISO 8601 with an offset or ``Z``) as an aware datetime."""
    try:
        value = datetime.fromisoformat((text or "").replace("Z", "+00:00"))
    except ValueError:
        raise ImportAbort(_("dateGenerated %r is not a date and time.") % text) from None
    if value.tzinfo is None:
        raise ImportAbort(_("dateGenerated %r has no time zone.") % text)
    return value


@dataclass
class ListFile:
    """A consolidated list file being read: its date, checksum and records (streamed)."""

    path: Path
    generated_at: datetime | None = None

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
        return digest.hexdigest()

    def parties(self) -> Iterator[ParsedParty]:
        """Yield every record in file order; sets :attr:`generated_at` from the root first.

        Raises:
            ImportAbort: the file is not well-formed XML or not a consolidated list.
            RecordError: a record is wrong (see :func:`parse_party`).
        """
        events = etree.iterparse(
            str(self.path),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        try:
            yield from self._walk(events)
        except etree.XMLSyntaxError as exc:
            raise ImportAbort(_("The file is not well-formed XML: %s") % exc) from None

    def _walk(self, events: etree.iterparse) -> Iterator[ParsedParty]:
        for event, elem in events:
            if self.generated_at is None:
                self._read_root(elem)
            if event == "end" and elem.tag in _KINDS:
                yield parse_party(elem)
                elem.clear()
                while elem.getprevious() is not None:
                    del elem.getparent()[0]
        if self.generated_at is None:
            raise ImportAbort(_("The file is empty."))

    def _read_root(self, elem: etree._Element) -> None:
        docinfo: Any = elem.getroottree().docinfo  # lxml-stubs lack DocInfo.doctype
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise ImportAbort(
                _(
                    "A DOCTYPE declaration is not allowed in the UN list (refused: it could hide "
                    "entity expansion or external references)."
                )
            )
        if elem.tag != "CONSOLIDATED_LIST":
            raise ImportAbort(
                _("The root element is <%s>, not <CONSOLIDATED_LIST>: this is not the UN list.")
                % elem.tag
            )
        self.generated_at = parse_generated(elem.get("dateGenerated"))
