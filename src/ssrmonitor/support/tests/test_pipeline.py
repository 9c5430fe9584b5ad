"""Parsing in parser processes, and in parts, gives exactly what parsing here gives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from ssrmonitor.core.models import Organisation
from ssrmonitor.support.iati import pipeline
from ssrmonitor.support.iati.errors import RecordError
from ssrmonitor.support.iati.importer import CountingReader, ImportSummary, Selection
from ssrmonitor.support.iati.parts import plan_parts
from ssrmonitor.support.iati.pipeline import (
    ParserFailed,
    SplitFailed,
    activity_batches,
    parser_count,
)
from ssrmonitor.support.models import (
    Activity,
    ActivityText,
    Budget,
    ParticipatingOrg,
    PolicyMarker,
    RecipientCountry,
    RecipientRegion,
    Result,
    SectorAllocation,
    Transaction,
)
from ssrmonitor.support.services.imports import import_iati_file
from ssrmonitor.testing.actors import SYSTEM

pytestmark = pytest.mark.django_db(transaction=False)

ACTIVITY = re.compile(rb"<iati-activity[ >].*?</iati-activity>", re.S)
ROOT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<iati-activities version="2.03" xmlns:usg="https://foreignassistance.gov">\n'
)


def _activities(source: Path | bytes) -> list[bytes]:
    return ACTIVITY.findall(source if isinstance(source, bytes) else source.read_bytes())


def _combined(fixtures: Path, target: Path, *, copies: int = 3, middle: bytes = b"") -> Path:
    """One file of every real 2.0x fixture activity, ``copies`` times under new identifiers,
    and the Haiti activity twice more: an older version first, the published one last."""
    real = [
        activity
        for name in ("dod-centralafricanrepublic.xml", "dportal-defects-excerpt.xml")
        for activity in _activities(fixtures / name)
    ]
    haiti = _activities(fixtures / "doj-haiti.xml")[0]
    older = re.sub(rb'last-updated-datetime="[^"]*"', b'last-updated-datetime="2001-01-01"', haiti)
    body = [older]
    for copy in range(copies):
        body += [
            re.sub(
                rb"(<iati-identifier>\s*)([^<]*?)(\s*</iati-identifier>)", rb"\1\2-C%d\3" % copy, a
            )
            for a in real
        ]
    half = len(body) // 2
    text = ROOT + b"\n".join(body[:half]) + b"\n" + middle + b"\n".join(body[half:])
    target.write_bytes(text + b"\n" + haiti + b"\n</iati-activities>\n")
    return target


def _read_all(reader: CountingReader) -> bytes:
    chunks = []
    while chunk := reader.read(4096):
        chunks.append(chunk)
    return b"".join(chunks)


def _snapshot() -> dict[str, Any]:
    """Everything imported, with natural keys instead of ids (comparable across imports)."""
    identifiers = dict(Activity.objects.values_list("pk", "iati_identifier"))
    orgs = {
        pk: (ref, name)
        for pk, ref, name in Organisation.objects.values_list("pk", "iati_identifier", "name")
    }
    positions = {
        pk: (identifiers[activity], position)
        for pk, activity, position in Transaction.objects.values_list("pk", "activity", "position")
    }
    skip = {"id", "imported_at", "source_file"}
    activities = [
        tuple(
            orgs.get(v, v) if k == "reporting_org_id" else v
            for k, v in sorted(row.items())
            if k not in skip
        )
        for row in Activity.objects.values()
    ]
    data: dict[str, Any] = {"activities": sorted(activities, key=repr)}
    for model in (
        ActivityText,
        ParticipatingOrg,
        RecipientCountry,
        RecipientRegion,
        SectorAllocation,
        PolicyMarker,
        Budget,
        Transaction,
        Result,
    ):
        rows = []
        for row in model._default_manager.values():
            natural = []
            for key, value in sorted(row.items()):
                if key == "id":
                    continue
                if key == "activity_id":
                    value = identifiers[value]
                elif key in ("organisation_id", "provider_org_id", "receiver_org_id"):
                    value = orgs.get(value)
                elif key == "transaction_id":
                    value = positions.get(value)
                natural.append((key, value))
            rows.append(tuple(natural))
        data[model.__name__] = sorted(rows, key=repr)
    return data


def _clear() -> None:
    for model in (
        SectorAllocation,
        Transaction,
        ActivityText,
        ParticipatingOrg,
        RecipientCountry,
        RecipientRegion,
        PolicyMarker,
        Budget,
        Result,
    ):
        model._default_manager.all().delete()
    Activity.objects.all().delete()


@pytest.mark.parametrize("parsers", [1, 2, 3])
def test_parser_processes_give_the_database_parsing_here_gives(
    fixtures: Path, countries: None, tmp_path: Path, parsers: int
) -> None:
    path = _combined(fixtures, tmp_path / "combined.xml")
    here = import_iati_file(path, acting_user=SYSTEM, keep_all=True, parsers=0)
    expected = _snapshot()
    _clear()
    aside = import_iati_file(path, acting_user=SYSTEM, keep_all=True, parsers=parsers)
    assert _snapshot() == expected
    for name in ("files", "seen", "kept", "created", "updated", "unchanged", "skipped"):
        assert getattr(aside, name) == getattr(here, name), name
    assert aside.warnings == here.warnings  # same lines of the file, in the file's order
    assert here.updated == 1  # the later, newer Haiti version replaced the older one
    assert Activity.objects.get(iati_identifier="US-GOV-15-5010-FWR6002R").last_updated.year > 2001


def test_content_digests_agree_across_processes(
    fixtures: Path, countries: None, tmp_path: Path
) -> None:
    path = _combined(fixtures, tmp_path / "combined.xml")
    first = import_iati_file(path, acting_user=SYSTEM, keep_all=True, parsers=0)
    stored = dict(Activity.objects.values_list("iati_identifier", "content_digest"))
    sent = {
        packed.identifier: packed.digest
        for batch in activity_batches(path, Selection(keep_all=True), ImportSummary(), parsers=2)
        for packed in batch
    }
    assert sent == stored  # the last (newest) Haiti version's digest wins in both
    again = import_iati_file(path, acting_user=SYSTEM, keep_all=True, parsers=2)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.kept)


def test_parts_are_cut_before_activities_and_each_is_a_document(
    fixtures: Path, tmp_path: Path
) -> None:
    path = _combined(fixtures, tmp_path / "combined.xml")
    parts = plan_parts(path, 3)
    assert len(parts) == 3
    total = 0
    for part in parts:
        with path.open("rb") as handle:
            document = _read_all(CountingReader(handle, None, part))
        root = etree.fromstring(document)
        assert root.tag == "iati-activities"
        assert root.nsmap.get("usg") == "https://foreignassistance.gov"
        total += len(root.findall("iati-activity"))
    assert total == len(ACTIVITY.findall(path.read_bytes()))
    assert parts[1].head.startswith(b'<?xml version="1.0" encoding="UTF-8"?><iati-activities')


def test_a_cut_inside_a_comment_is_detected_and_the_file_parsed_in_one_piece(
    fixtures: Path, countries: None, tmp_path: Path
) -> None:
    text = _combined(fixtures, tmp_path / "combined.xml").read_bytes()
    comment = b"<!-- <iati-activity > is not an activity, even here -->\n"
    at = text.find(b"<iati-activity", len(text) // 2)
    path = tmp_path / "commented.xml"
    path.write_bytes(text[:at] + comment + text[at:])
    cut = path.read_bytes().find(b"<iati-activity", path.stat().st_size // 2)
    assert at < cut < at + len(comment)  # the first tag-like text past the middle
    with pytest.raises(SplitFailed):
        list(activity_batches(path, Selection(keep_all=True), ImportSummary(), parsers=2))
    summary = import_iati_file(path, acting_user=SYSTEM, keep_all=True, parsers=2)
    assert summary.kept == len(_activities(text)) == summary.created + summary.updated


def test_an_error_in_a_later_part_names_the_file_line(fixtures: Path, tmp_path: Path) -> None:
    path = _combined(fixtures, tmp_path / "combined.xml")
    text = path.read_bytes()
    last = text.rfind(b"<iati-identifier>")
    broken = tmp_path / "broken.xml"
    broken.write_bytes(text[:last] + text[last:].replace(b"US-GOV-15-5010-FWR6002R", b"", 1))
    with pytest.raises(RecordError) as here:
        import_iati_file(broken, acting_user=SYSTEM, keep_all=True, parsers=0)
    with pytest.raises(RecordError) as aside:
        import_iati_file(broken, acting_user=SYSTEM, keep_all=True, parsers=2)
    assert (aside.value.field, aside.value.line) == (here.value.field, here.value.line)
    assert here.value.field == "iati-identifier"
    assert here.value.line == text[:last].count(b"\n")  # the activity's start tag
    assert Activity.objects.count() == 0


def test_a_parser_process_that_fails_is_reported_with_its_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "gone.xml"
    with pytest.raises(ParserFailed, match="FileNotFoundError"):
        list(activity_batches(missing, Selection(), ImportSummary(), parsers=1))


def test_progress_reaches_the_file_size_in_order(fixtures: Path, tmp_path: Path) -> None:
    path = _combined(fixtures, tmp_path / "combined.xml")
    seen: list[int] = []
    batches = activity_batches(
        path, Selection(keep_all=True), ImportSummary(), progress=seen.append, parsers=2
    )
    assert sum(len(batch) for batch in batches) > 0
    assert seen == sorted(seen)
    assert seen[-1] == path.stat().st_size


def test_small_files_single_processors_and_embedded_pythons_parse_here(
    fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _combined(fixtures, tmp_path / "combined.xml")
    assert parser_count(path) == 0  # far below SECOND_PROCESS_FROM
    monkeypatch.setattr(pipeline, "SECOND_PROCESS_FROM", 1)
    monkeypatch.setattr(pipeline, "PART_BYTES", 1)
    monkeypatch.setattr(pipeline, "_processors", lambda: 2)
    assert parser_count(path) == 2
    monkeypatch.setattr(pipeline.sys, "executable", "/usr/bin/uwsgi")
    assert parser_count(path) == 0  # an embedded interpreter cannot start a parser
    monkeypatch.setattr(pipeline.sys, "executable", "/opt/venv/bin/python3.11")
    assert parser_count(path) == 2
    monkeypatch.setattr(pipeline, "_processors", lambda: 1)
    assert parser_count(path) == 0


def test_files_that_are_not_utf8_are_not_cut(fixtures: Path, tmp_path: Path) -> None:
    path = _combined(fixtures, tmp_path / "combined.xml")
    latin = tmp_path / "latin.xml"
    latin.write_bytes(path.read_bytes().replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"', 1))
    assert len(plan_parts(path, 2)) == 2
    assert len(plan_parts(latin, 2)) == 1
