"""Conversions between the registries (models) and the screening engine's :class:`Entry`.

The engine (:mod:`ssrmonitor.vetting.matching`) knows nothing of the database: it compares
:class:`Entry` values. Entries built from rows carry the row's primary key as ``id`` (so a hit
names the rows directly); entries read from files carry the file's own identifier, which the
services turn into a ``reference`` (encrypted) and its keyed hash.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pycountry
from django.utils.translation import gettext as _

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.vetting.matching import BirthDate, Entry
from ssrmonitor.vetting.models import Person, ViolationRecord


def birth_date_to_json(value: BirthDate, evidence: str = "") -> dict[str, str]:
    """The stored form of a date-of-birth interval: ISO dates, precision and evidence."""
    data = {str(k): str(v) for k, v in value.to_json().items()}
    data["evidence"] = evidence or data.get("evidence", "")
    return data


def birth_date_from_json(value: Any) -> BirthDate | None:
    """The engine's interval from its stored form (``None`` when absent or unreadable)."""
    if not isinstance(value, dict) or not value.get("earliest") or not value.get("latest"):
        return None
    try:
        return BirthDate.from_json(value)
    except (KeyError, TypeError, ValueError):
        return None


def _dates(values: Iterable[Any]) -> tuple[BirthDate, ...]:
    found = (birth_date_from_json(value) for value in values)
    return tuple(value for value in found if value is not None)


def person_entry(person: Person) -> Entry:
    """The entry the engine screens for a registered person (``id`` = the row's pk)."""
    return Entry(
        id=str(person.pk),
        names=tuple(name for name in person.names if name),
        birth_dates=_dates([person.birth_date] if person.birth_date else []),
        place_of_birth=person.place_of_birth,
        sex=person.sex,
        nationality=person.nationality,
        unit=person.unit,
    )


def record_entry(record: ViolationRecord) -> Entry:
    """The entry the engine compares against for a record (``id`` = the row's pk)."""
    return Entry(
        id=str(record.pk),
        names=tuple(name for name in record.names if name),
        weak_names=tuple(name for name in record.weak_aliases if name),
        birth_dates=_dates(record.birth_dates or []),
        place_of_birth=record.place_of_birth,
        sex=record.sex,
        nationality=record.nationality,
        unit=record.unit,
    )


def _sex(value: str) -> str:
    code = (value or "").strip().upper()[:1]
    return code if code in {"F", "M", "X"} else ""


def _nationality(value: str) -> str:
    """A two-letter code from a code or a country's name (the UN list gives names)."""
    text = (value or "").strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    try:
        return str(pycountry.countries.lookup(text).alpha_2) if text else ""
    except LookupError:
        return ""


def person_fields(entry: Entry) -> dict[str, Any]:
    """The :class:`Person` fields an entry read from a roster gives (``reference`` included)."""
    return {
        "reference": entry.id,
        "names": list(entry.names),
        "birth_date": birth_date_to_json(entry.birth_dates[0]) if entry.birth_dates else None,
        "place_of_birth": entry.place_of_birth,
        "sex": _sex(entry.sex),
        "nationality": _nationality(entry.nationality),
        "unit": entry.unit[:200],
    }


def record_fields(entry: Entry) -> dict[str, Any]:
    """The :class:`ViolationRecord` fields an entry read from a list gives (``reference`` too)."""
    return {
        "reference": entry.id,
        "names": list(entry.names),
        "weak_aliases": list(entry.weak_names),
        "birth_dates": [birth_date_to_json(value) for value in entry.birth_dates],
        "place_of_birth": entry.place_of_birth,
        "sex": _sex(entry.sex),
        "nationality": _nationality(entry.nationality),
        "unit": entry.unit,
    }


def birth_date_input(text: str, evidence: str = "", field: str = "date_of_birth") -> Any:
    """The stored interval for a date typed in a form or sent to the API (``None`` if empty).

    Raises:
        ValidationFailed: the text is not ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``YYYY/YYYY``.
    """
    try:
        value = BirthDate.parse(text or "")
    except ValueError:
        raise ValidationFailed.one(
            field, _("Not a date of birth (YYYY-MM-DD, YYYY-MM, YYYY or YYYY/YYYY).")
        ) from None
    return birth_date_to_json(value, evidence.strip()) if value is not None else None


def birth_date_text(value: Any) -> str:
    """A stored interval as the text it was typed as (``1980``, ``1980-05``, ``1978/1982``)."""
    parsed = birth_date_from_json(value)
    return str(parsed) if parsed is not None else ""
