"""Demo data of the support app: real IATI files for the demo countries, imported idempotently."""

from __future__ import annotations

from pathlib import Path

from ssrmonitor.core.actors import Actor
from ssrmonitor.support.iati.importer import ImportSummary
from ssrmonitor.support.models import ImportRun
from ssrmonitor.support.services.imports import file_sha256, import_iati_file

DEMO = Path(__file__).resolve().parent / "data" / "demo"


def load_demo(*, acting_user: Actor) -> ImportSummary:
    """Import the bundled real US Government IATI files (Haiti, CAR, DR Congo).

    Idempotent: a file already imported (same SHA-256, not refused) is not read again, so a
    second run writes nothing, not even an audit event. Only SSR-coded activities are kept, as
    in a normal import. Countries must exist (``load_reference`` first).
    """
    total = ImportSummary()
    for path in sorted(DEMO.glob("*.xml")):
        done = ImportRun.objects.filter(sha256=file_sha256(path), summary__has_key="kept")
        if done.exists():
            continue
        total.add(import_iati_file(path, acting_user=acting_user))
    return total
