"""Fuzz the two readers of the UN Security Council consolidated list: the sanctions import
(ssrmonitor.sanctions.unlist: RecordError, ImportAbort) and the vetting screen
(ssrmonitor.vetting.matching.formats.read_un_list: FileError). Anything else is a crash."""

from __future__ import annotations

import contextlib

import atheris
from _common import run, scratch

with atheris.instrument_imports():
    from ssrmonitor.sanctions.unlist import ImportAbort, ListFile, RecordError
    from ssrmonitor.vetting.matching.formats import FileError, read_un_list


def test_one_input(data: bytes) -> None:
    path = scratch(data, ".xml")
    try:
        for _party in ListFile(path).parties():
            pass
    except (RecordError, ImportAbort):
        pass
    with contextlib.suppress(FileError):
        read_un_list(path)


if __name__ == "__main__":
    run(test_one_input)
