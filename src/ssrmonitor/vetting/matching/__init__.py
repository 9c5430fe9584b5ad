"""The name-screening engine: persons against records of alleged violations (issue 5, item 3).

Pure Python (no Django): usable from the web app, the ``ssrmonitor screen`` command and the
benchmark alike. How it works: ``docs/vetting-screening.md``.

>>> from ssrmonitor.vetting.matching import BirthDate, Entry, Screener
>>> records = [Entry("R1", ("Abubakar Sani Musa",), birth_dates=(BirthDate.parse("1974"),))]
>>> person = Entry("P1", ("Boubacar Sani Moussa",), birth_dates=(BirthDate.parse("1974-03-02"),))
>>> [h.explanation for h in Screener(records).screen_one(person)]  # doctest: +NORMALIZE_WHITESPACE
['names: +28.7 (SANI=SANI, MOUSSA≈MUSA, BOUBACAR≈ABUBAKAR);
  date of birth: +4.5 (1974-03-02 within 1974); sex: 0 (unknown); match probability: 1.000']
"""

from __future__ import annotations

from ssrmonitor.vetting.matching.dates import BirthDate, Precision
from ssrmonitor.vetting.matching.engine import Screener
from ssrmonitor.vetting.matching.entry import Band, Entry, Hit, Thresholds
from ssrmonitor.vetting.matching.formats import (
    FileError,
    RecordRow,
    read_record_rows,
    read_records,
    read_roster,
    read_un_list,
    write_hits,
)
from ssrmonitor.vetting.matching.score import (
    NAME_MATCH_THRESHOLD,
    Evidence,
    compare_names,
)

__all__ = [
    "NAME_MATCH_THRESHOLD",
    "Band",
    "BirthDate",
    "Entry",
    "Evidence",
    "FileError",
    "Hit",
    "Precision",
    "RecordRow",
    "Screener",
    "Thresholds",
    "compare_names",
    "read_record_rows",
    "read_records",
    "read_roster",
    "read_un_list",
    "write_hits",
]
