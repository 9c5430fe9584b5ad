"""The fonts bundled with the reports: DejaVu Sans (Latin, Greek, Cyrillic and Arabic).

Typst's own embedded fonts have no Arabic glyphs, so names and narrative in Arabic would come
out as empty boxes. The PDF and the PNG charts of Word documents are drawn by Typst with these
files and no system font, so a report looks the same on every machine, offline.
Provenance and licence: ``fonts/PROVENANCE.md`` and ``fonts/LICENSE_DEJAVU``.
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[1] / "fonts"
FAMILY = "DejaVu Sans"
