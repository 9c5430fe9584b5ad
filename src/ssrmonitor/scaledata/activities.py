"""Illustrative IATI activities: copies of the bundled real ones, imported as IATI files.

The real activities of the support app's demo files (US Government, Haiti, CAR, DR Congo) are
copied under new identifiers (``<identifier>-SCALE<n>``), their recipient countries moved to
the scale countries in turn, and every title prefixed "Illustrative copy:". The copies are
written into IATI 2.03 files of :data:`PER_FILE` activities in a temporary folder and imported
by the product's own import (:func:`~ssrmonitor.support.services.imports.import_iati_file`:
one transaction and one audit event per file), so they are stored exactly as imported data
is. The source file of each activity is ``scale-illustrative-<n>.xml``.
"""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.writes import require
from ssrmonitor.scaledata.plan import MARK
from ssrmonitor.support.demo import DEMO
from ssrmonitor.support.iati.importer import ImportSummary
from ssrmonitor.support.models import Activity
from ssrmonitor.support.permissions import can_import
from ssrmonitor.support.services.imports import import_iati_file

PER_FILE = 5_000
SUFFIX = "-SCALE"
HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n'


def real_activities() -> list[Any]:
    """The activity elements of the bundled real IATI files, in file order."""
    found = []
    for path in sorted(DEMO.glob("*.xml")):
        for _event, element in etree.iterparse(
            str(path), events=("end",), tag="iati-activity", resolve_entities=False, no_network=True
        ):
            found.append(copy.deepcopy(element))
            element.clear()
    return found


def copies(originals: list[Any], count: int, countries: tuple[str, ...]) -> Iterator[bytes]:
    """``count`` copies of ``originals`` in turn, each under a new identifier and country."""
    for number in range(count):
        element = copy.deepcopy(originals[number % len(originals)])
        generation = number // len(originals) + 1
        identifier = element.find("iati-identifier")
        identifier.text = f"{(identifier.text or '').strip()}{SUFFIX}{generation}"
        iso2 = countries[number % len(countries)]
        for country in element.iter("recipient-country"):
            country.set("code", iso2)
        for narrative in element.iterfind("title/narrative"):
            narrative.text = f"{MARK} copy: {narrative.text or ''}"
        yield etree.tostring(element)


def existing_copies() -> int:
    return Activity.objects.filter(iati_identifier__contains=SUFFIX).count()


def import_copies(
    count: int,
    countries: tuple[str, ...],
    *,
    acting_user: Actor,
    progress: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Write ``count`` copies into IATI files and import them (every one kept: ``--all``).

    Importing the same copies again leaves them unchanged (the importer's own rule).
    """
    require(can_import(acting_user, None))
    total = ImportSummary()
    originals = real_activities()
    with tempfile.TemporaryDirectory(prefix="ssrmonitor-scale-") as folder:
        stream = copies(originals, count, countries)
        for number, start in enumerate(range(0, count, PER_FILE), start=1):
            path = Path(folder) / f"scale-illustrative-{number:03d}.xml"
            with path.open("wb") as handle:
                handle.write(HEAD)
                for _ in range(min(PER_FILE, count - start)):
                    handle.write(next(stream) + b"\n")
                handle.write(b"</iati-activities>\n")
            total.add(import_iati_file(path, acting_user=acting_user, keep_all=True))
            if progress is not None:
                progress(f"IATI activities: {min(count, start + PER_FILE):,} of {count:,}")
    return total
