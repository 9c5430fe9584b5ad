"""Fuzz the vetting CSV readers (ssrmonitor.vetting.matching.formats): the roster and the
records files. FileError is their refusal; anything else is a crash."""

from __future__ import annotations

import contextlib

import atheris
from _common import run, scratch

with atheris.instrument_imports():
    from ssrmonitor.vetting.matching.formats import FileError, read_records, read_roster


def test_one_input(data: bytes) -> None:
    path = scratch(data, ".csv")
    for reader in (read_roster, read_records):
        with contextlib.suppress(FileError):
            reader(path, max_rows=1000)


if __name__ == "__main__":
    run(test_one_input)
