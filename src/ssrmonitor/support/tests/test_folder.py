"""A run of small files read ahead by one parser process gives what importing each gives."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ssrmonitor.support.iati.errors import RecordError
from ssrmonitor.support.iati.folder import reading_ahead
from ssrmonitor.support.iati.importer import ImportSummary, Selection
from ssrmonitor.support.models import Activity, ImportRun
from ssrmonitor.support.services.imports import import_iati_file
from ssrmonitor.support.tests.test_pipeline import _clear, _snapshot
from ssrmonitor.testing.actors import SYSTEM

pytestmark = pytest.mark.django_db(transaction=False)

NAMES = (
    "dod-centralafricanrepublic.xml",
    "doj-haiti.xml",
    "dportal-defects-excerpt.xml",
    "eu-afghanistan_OIPA-V2.xml",
)


def _folder(fixtures: Path, target: Path) -> list[Path]:
    """The real fixture files, a broken file in the middle, and an older Haiti file last."""
    target.mkdir()
    paths = []
    for number, name in enumerate(NAMES):
        paths.append(target / f"{number}-{name}")
        shutil.copy(fixtures / name, paths[-1])
    broken = target / "2b-broken.xml"
    broken.write_bytes((fixtures / "doj-haiti.xml").read_bytes()[:-200])
    paths.insert(2, broken)
    older = target / "9-haiti-older.xml"
    text = (fixtures / "doj-haiti.xml").read_bytes()
    older.write_bytes(
        re.sub(rb'last-updated-datetime="[^"]*"', b'last-updated-datetime="2001-01-01"', text)
    )
    return [*paths, older]


def _import(paths: list[Path], ahead: object = None) -> list[ImportSummary | str]:
    outcomes: list[ImportSummary | str] = []
    for path in paths:
        try:
            outcomes.append(
                import_iati_file(path, acting_user=SYSTEM, keep_all=True, ahead=ahead)  # type: ignore[arg-type]
            )
        except RecordError as exc:
            outcomes.append(str(exc))
    return outcomes


def test_a_folder_read_ahead_gives_the_database_importing_each_file_gives(
    fixtures: Path, countries: None, tmp_path: Path
) -> None:
    paths = _folder(fixtures, tmp_path / "folder")
    each = _import(paths)
    expected = _snapshot()
    _clear()
    ImportRun.objects.all().delete()
    with reading_ahead(paths, Selection(keep_all=True)) as ahead:
        assert ahead is not None
        together = _import(paths, ahead)
        # every file but the first (parsed here while the parser process starts) came from it
        assert ahead.position == len(paths) - 1
    assert _snapshot() == expected
    assert [repr(o) if isinstance(o, str) else o.as_dict() for o in together] == [
        repr(o) if isinstance(o, str) else o.as_dict() for o in each
    ]
    assert isinstance(together[2], str) and "2b-broken.xml" in together[2]  # refused, not fatal
    assert ImportRun.objects.count() == len(paths)


def test_a_file_left_half_way_does_not_shift_the_next_ones(
    fixtures: Path, countries: None, tmp_path: Path
) -> None:
    paths = _folder(fixtures, tmp_path / "folder")
    with reading_ahead([paths[3], *paths[:2]], Selection(keep_all=True)) as ahead:
        assert ahead is not None
        first = ahead.batches(paths[0], ImportSummary())
        next(first)  # the writer takes one batch, then stops (its own error)
        first.close()
        summary = import_iati_file(paths[1], acting_user=SYSTEM, keep_all=True, ahead=ahead)
    assert summary.created == 1
    assert Activity.objects.filter(iati_identifier="US-GOV-15-5010-FWR6002R").exists()


def test_another_selection_or_a_single_file_is_parsed_here(fixtures: Path, tmp_path: Path) -> None:
    paths = _folder(fixtures, tmp_path / "folder")
    with reading_ahead(paths[:1], Selection()) as ahead:
        assert ahead is None
    with reading_ahead(paths[:2], Selection()) as ahead:
        assert ahead is None  # the first file is parsed here: one file left is not worth it
    with reading_ahead(paths, Selection()) as ahead:
        assert ahead is not None
        assert not ahead.has(paths[0], Selection())  # parsed here while the process starts
        assert ahead.has(paths[1], Selection())
        assert not ahead.has(paths[1], Selection(keep_all=True))
        assert not ahead.has(paths[2], Selection())  # not the next file
