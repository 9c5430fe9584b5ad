"""Fuzz the sector bulk import's file reader (ssrmonitor.sector.bulk.files): XLSX and CSV bytes
to rows, then rows to records for each template. ImportRefused is its refusal; anything else
is a crash."""

from __future__ import annotations

import contextlib

import atheris
from _common import run

with atheris.instrument_imports():
    from ssrmonitor.sector.bulk.files import KINDS, ImportRefused, read_rows, to_records


def test_one_input(data: bytes) -> None:
    for name in ("upload.xlsx", "upload.csv"):
        try:
            rows = read_rows(data, name)
        except ImportRefused:
            continue
        for kind in KINDS:
            with contextlib.suppress(ImportRefused):
                to_records(kind, rows)


if __name__ == "__main__":
    run(test_one_input)
