"""A small world to back up, made by ``python -m ssrmonitor.core.tests.backup_world`` in a new
home (see ``test_backup_restore.py``): vetting personal data sealed with the data key (one
canary name), an evidence file uploaded through the service, and their audit events. Prints
what the tests check afterwards, as JSON."""

from __future__ import annotations

import json
from typing import Any

CANARY = "Zorbalina Quexwood"
EVIDENCE = b"Payroll census, March 2019: 14 500 officers on the list.\n"


def seed() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ssrmonitor.benchmarks.services import add_evidence
    from ssrmonitor.testing.factories import MeasurementFactory, member
    from ssrmonitor.testing.factories_vetting import PersonFactory

    alice = member("alice", "HT", "editor")
    people = [PersonFactory(names=[CANARY]), *PersonFactory.create_batch(3)]
    evidence = add_evidence(
        MeasurementFactory(),
        acting_user=alice,
        title="Payroll census",
        upload=SimpleUploadedFile("census.txt", EVIDENCE, content_type="text/plain"),
    )
    return {
        "evidence": evidence.file.name,
        "names": sorted(name for person in people for name in person.names),
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(seed()))  # noqa: T201
