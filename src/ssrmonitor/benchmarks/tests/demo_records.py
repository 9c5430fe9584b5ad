"""The bundled dataset as the tests read it, independently of the loader, and the loaded file.

``loaded`` is a class-scoped fixture; a test module uses it with ``loaded = demo_records.loaded``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import TestCase

from ssrmonitor.benchmarks.demo import DATA_FILE, LoadSummary, load_real_frameworks
from ssrmonitor.core.services import load_countries, load_missions
from ssrmonitor.testing.actors import SYSTEM

ROOT = Path(__file__).resolve().parents[4]
SUBSET = ROOT / "tests" / "fixtures" / "benchmarks-subset.json"
PROVENANCE = Path(__file__).resolve().parents[1] / "data" / "PROVENANCE.md"


def read_records(path: Any = DATA_FILE) -> list[dict[str, Any]]:
    """The benchmark records of the bundled file (or of ``path``)."""
    with path.open("r", encoding="utf-8") as handle:
        found: list[dict[str, Any]] = json.load(handle)["benchmarks"]
    return found


RECORDS = read_records()
INDICATORS = {
    f"{record['id']}#{item['number']}": item for record in RECORDS for item in record["indicators"]
}


@pytest.fixture(scope="class")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[LoadSummary]:
    """The whole bundled file, loaded once for a class of tests and rolled back after it.

    This is what Django's ``TestCase.setUpTestData`` does: class-level atomic blocks, inside
    which the services' durable transactions may run, rolled back at the end.
    """
    with django_db_blocker.unblock():
        atomics = TestCase._enter_atomics()
        try:
            load_countries(acting_user=SYSTEM)
            load_missions(acting_user=SYSTEM)
            yield load_real_frameworks(acting_user=SYSTEM)
        finally:
            TestCase._rollback_atomics(atomics)
