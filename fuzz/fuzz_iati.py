"""Fuzz the IATI activity XML reader (ssrmonitor.support.iati): RecordError (its subclass
UnsupportedVersion included) and ImportAbort are the reader's refusals; anything else is a crash."""

from __future__ import annotations

import atheris
from _common import run, scratch

with atheris.instrument_imports():
    from ssrmonitor.support.iati.errors import ImportAbort, RecordError
    from ssrmonitor.support.iati.importer import IatiXmlImporter, ImportSummary, Selection

SELECTIONS = (Selection(), Selection(keep_all=True))


def test_one_input(data: bytes) -> None:
    path = scratch(data, ".xml")
    for selection in SELECTIONS:
        importer = IatiXmlImporter(path, selection, ImportSummary())
        try:
            for _record in importer.kept():
                pass
        except (RecordError, ImportAbort):
            pass


if __name__ == "__main__":
    run(test_one_input)
