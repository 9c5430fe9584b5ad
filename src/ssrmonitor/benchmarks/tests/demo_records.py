"""The bundled dataset as the tests read it, independently of the loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ssrmonitor.benchmarks.demo import DATA_FILE

ROOT = Path(__file__).resolve().parents[4]
SUBSET = ROOT / "tests" / "fixtures" / "benchmarks-subset.json"


def read_records(path: Any = DATA_FILE) -> list[dict[str, Any]]:
    """The benchmark records of the bundled file (or of ``path``)."""
    with path.open("r", encoding="utf-8") as handle:
        found: list[dict[str, Any]] = json.load(handle)["benchmarks"]
    return found


RECORDS = read_records()
INDICATORS = {
    f"{record['id']}#{item['number']}": item for record in RECORDS for item in record["indicators"]
}
