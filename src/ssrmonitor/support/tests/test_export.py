"""The IATI 2.03 exporter: schema-valid output and a lossless round trip of the modelled fields."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from ssrmonitor.support.iati.export import export_xml, validation_errors
from ssrmonitor.support.iati.importer import IatiXmlImporter, ImportSummary, Selection
from ssrmonitor.support.iati.records import ActivityRecord
from ssrmonitor.support.models import Activity
from ssrmonitor.support.services.imports import import_iati_file
from ssrmonitor.testing.actors import SYSTEM

pytestmark = pytest.mark.django_db

REAL_FILES = ("doj-haiti.xml", "dod-centralafricanrepublic.xml", "dportal-defects-excerpt.xml")


def _records(path: Path) -> dict[str, ActivityRecord]:
    importer = IatiXmlImporter(path, Selection(keep_all=True), ImportSummary())
    with path.open("rb") as handle:
        from ssrmonitor.support.iati.importer import CountingReader

        return {r.identifier: r for r in importer.records(CountingReader(handle, None))}


def _modelled(record: ActivityRecord) -> dict[str, Any]:
    """The fields SSR Monitor models (results are not exported: see iati/export.py)."""
    data = dataclasses.asdict(record)
    for name in ("line", "results", "version"):
        data.pop(name)
    for transaction in data["transactions"]:
        for side in ("provider", "receiver"):
            if transaction[side] is not None and not any(transaction[side].values()):
                transaction[side] = None
    return data


def test_transaction_parties_keep_their_organisation_type(fixtures: Path, countries: None) -> None:
    from ssrmonitor.support.models import Transaction

    for name in REAL_FILES:
        import_iati_file(fixtures / name, acting_user=SYSTEM, keep_all=True)
    expected = {
        (t.provider.org_type if t.provider else "", t.receiver.org_type if t.receiver else "")
        for name in REAL_FILES
        for record in _records(fixtures / name).values()
        for t in record.transactions
    }
    stored = set(Transaction.objects.values_list("provider_type", "receiver_type"))
    assert stored == expected
    assert any(provider or receiver for provider, receiver in stored)


def test_export_of_real_activities_validates_and_round_trips(
    fixtures: Path, countries: None, tmp_path: Path
) -> None:
    originals: dict[str, ActivityRecord] = {}
    for name in REAL_FILES:
        import_iati_file(fixtures / name, acting_user=SYSTEM, keep_all=True)
        originals |= _records(fixtures / name)
    data = export_xml(Activity.objects.all())
    document = etree.ElementTree(etree.fromstring(data))
    assert validation_errors(document) == []
    exported = tmp_path / "export.xml"
    exported.write_bytes(data)
    again = _records(exported)
    assert set(again) == set(originals)
    for identifier, record in originals.items():
        assert _modelled(again[identifier]) == _modelled(record), identifier


def test_invalid_document_reports_schema_errors() -> None:
    document = etree.ElementTree(
        etree.fromstring(b'<iati-activities version="2.03"><x/></iati-activities>')
    )
    errors = validation_errors(document)
    assert errors and "x" in errors[0]


def test_demo_loader_is_idempotent(countries: None) -> None:
    from ssrmonitor.support.demo import load_demo

    first = load_demo(acting_user=SYSTEM)
    assert (first.files, first.created) == (5, 184)
    from ssrmonitor.core.models import AuditEvent

    events = AuditEvent.objects.count()
    second = load_demo(acting_user=SYSTEM)
    assert (second.files, second.created, second.updated) == (0, 0, 0)
    assert AuditEvent.objects.count() == events
    assert Activity.objects.count() == 184
