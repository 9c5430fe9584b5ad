"""The French interface: a complete catalogue, compiled, and used by pages and services."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import IndicatorKind
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.periods import PeriodParseError, ReportingPeriod
from ssrmonitor.core.permissions import Denied
from ssrmonitor.core.progress import Rating
from ssrmonitor.testing.factories import FrameworkFactory, IndicatorFactory

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) (\".*\")$")
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sdr]")


@pytest.fixture(autouse=True)
def _restore_language() -> Any:
    """Pages activate the language of the request: give the next test the language it had."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@dataclass
class Entry:
    """One message of a .po file (the header has an empty ``msgid``)."""

    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def _unquote(text: str) -> str:
    """A C-style quoted .po string, without its quotes and escapes."""
    return re.sub(r"\\(.)", lambda match: _ESCAPES[match.group(1)], text[1:-1])


def _read_line(entry: Entry, line: str, last: list[Any]) -> None:
    """Add one line of a .po entry to ``entry``; ``last`` remembers where strings continue."""
    if line.startswith("#,"):
        entry.flags |= {flag.strip() for flag in line[2:].split(",")}
    elif line.startswith("#"):
        return
    elif match := _KEYWORD.match(line):
        keyword, index, text = match.groups()
        last[:] = ["msgstr", int(index or 0)] if keyword.startswith("msgstr") else [keyword]
        _append(entry, last, _unquote(text))
    elif line.startswith('"'):
        _append(entry, last, _unquote(line))
    else:
        raise ValueError(f"unexpected .po line: {line!r}")


def _append(entry: Entry, last: list[Any], text: str) -> None:
    if last[0] == "msgstr":
        entry.msgstr[last[1]] = entry.msgstr.get(last[1], "") + text
    else:
        setattr(entry, last[0], (getattr(entry, last[0]) or "") + text)


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (a deliberately small parser: no obsolete entries expected)."""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, last = Entry(), ["msgid"]
        for line in block.strip().splitlines():
            _read_line(entry, line, last)
        entries.append(entry)
    return entries


def _french_catalogue() -> list[Entry]:
    path = Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES" / "django.po"
    return [entry for entry in parse_po(path) if entry.msgid]


def _placeholders(text: str) -> list[str]:
    return sorted(name or "%" for name in _PLACEHOLDER.findall(text))


def test_the_french_catalogue_is_complete_and_checked() -> None:
    entries = _french_catalogue()
    assert len(entries) > 400
    for entry in entries:
        assert "fuzzy" not in entry.flags, entry.msgid
        assert entry.msgstr, entry.msgid
        assert all(text.strip() for text in entry.msgstr.values()), entry.msgid
        if "python-format" in entry.flags and entry.msgid_plural is None:
            assert _placeholders(entry.msgstr[0]) == _placeholders(entry.msgid), entry.msgid


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    """Every message translates to its .po text: the committed .mo is not stale."""
    with translation.override("fr"):
        for entry in _french_catalogue():
            if entry.msgid_plural is not None:
                one = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                many = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                assert (one, many) == (entry.msgstr[0], entry.msgstr[1]), entry.msgid
            elif entry.msgctxt is not None:
                found = translation.pgettext(entry.msgctxt, entry.msgid)
                assert found == entry.msgstr[0], entry.msgid
            else:
                assert translation.gettext(entry.msgid) == entry.msgstr[0], entry.msgid


@pytest.mark.django_db
def test_pages_render_in_french_after_switching_language(client: Client) -> None:
    FrameworkFactory(title="MINUJUSTH exit strategy benchmarks")
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="fr"' in html
    assert "Critères de référence de la réforme du secteur de la sécurité" in html
    assert ">Pays</a>" in html
    assert "Se connecter" in html
    # Issue 14: a framework not rated yet shows its completeness, no longer a "No data" badge.
    assert "Pas de données" not in html and "MINUJUSTH exit strategy benchmarks" in html
    assert "Security sector reform benchmarks" not in html


@pytest.mark.django_db
def test_a_service_refusal_is_explained_in_french(alice: Any) -> None:
    framework = FrameworkFactory(adoption_date=None, end_date=None)
    indicator = IndicatorFactory(
        benchmark__framework=framework, kind=IndicatorKind.PERCENTAGE, unit="%"
    )
    with translation.override("fr"), pytest.raises(ValidationFailed) as refused:
        services.record_measurement(indicator, acting_user=alice, period="2019-Q1", value="150")
    [error] = refused.value.errors
    assert error.field == "value"
    assert error.reason == "150 est en dehors de la plage autorisée (0 à 100, %)."


@pytest.mark.django_db
def test_a_permission_reason_is_given_in_french(victor: Any) -> None:
    indicator = IndicatorFactory()
    with translation.override("fr"), pytest.raises(Denied) as denied:
        services.record_measurement(indicator, acting_user=victor, period="2019-Q1", value="1")
    assert denied.value.reason == "Vous n’êtes pas rédacteur pour ce pays."


def test_a_period_error_is_given_in_french() -> None:
    with translation.override("fr"), pytest.raises(PeriodParseError) as refused:
        ReportingPeriod.parse("2019-Q5")
    assert str(refused.value).startswith("'2019-Q5' n’est pas une période de rapport")


def test_ratings_are_labelled_in_french() -> None:
    badge = Template("{% load benchmarks_tags %}{% rating_badge rating %}")
    with translation.override("fr"):
        assert Rating.ON_TRACK.label == "En bonne voie"
        assert Rating.OFF_TRACK.label == "En retard"
        assert "À risque" in badge.render(Context({"rating": Rating.AT_RISK}))
    with translation.override("en"):
        assert Rating.ON_TRACK.label == "On track"


def test_french_numbers_and_percentages_use_french_separators() -> None:
    with translation.override("fr"):
        rendered = Template("{% load benchmarks_tags %}{{ value|percent }}").render(
            Context({"value": Decimal("12.5")})
        )
    assert rendered == "12,5\u00a0%"
