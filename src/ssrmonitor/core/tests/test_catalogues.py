"""Every catalogue of every language is complete, checked and compiled.

For each language of ``settings.LANGUAGES`` but English, both locale folders (the project's and
the reports app's) hold a ``django.po`` where no entry is untranslated or fuzzy, where every
translation keeps its source's placeholders (``%(name)s``, ``%d``, ``{x}``), HTML tags and
leading or trailing whitespace, and where plural entries have the language's number of forms;
the committed ``.mo`` says the same as the ``.po``. After ``make messages``, translate the new
entries (0 untranslated, 0 fuzzy) and run ``ssrmonitor compilemessages``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings

PACKAGE = Path(settings.PACKAGE_DIR)
LOCALE_DIRS = (PACKAGE / "locale", PACKAGE / "reports" / "locale")
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
CATALOGUES = [(folder, code) for folder in LOCALE_DIRS for code in LANGUAGES]

_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0+]*\d*(?:\.\d+)?[sdrfi]")
_BRACE = re.compile(r"\{[\w.]*\}")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _catalogue(folder: Path, code: str) -> polib.POFile:
    return polib.pofile(str(folder / code / "LC_MESSAGES" / "django.po"))


def placeholders(text: str, entry: polib.POEntry) -> Counter[str]:
    """The format placeholders of ``text``, as the entry's flags say it is formatted."""
    found: Counter[str] = Counter()
    if "python-format" in entry.flags:
        found.update(match.group(0) for match in _PERCENT.finditer(text.replace("%%", "")))
    if "python-brace-format" in entry.flags:
        found.update(_BRACE.findall(text))
    return found


def _edges(text: str) -> tuple[str, str]:
    """Leading and trailing spaces, tabs and newlines (a French no-break space is typography)."""
    blank = " \t\n"
    return text[: len(text) - len(text.lstrip(blank))], text[len(text.rstrip(blank)) :]


def problems(entry: polib.POEntry, nplurals: int) -> list[str]:
    """What is wrong with one entry (nothing when it is complete and faithful)."""
    if "fuzzy" in entry.flags:
        return ["fuzzy"]
    if not entry.translated():
        return ["untranslated"]
    if entry.msgid_plural:
        pairs = [
            (entry.msgid if i == 0 else entry.msgid_plural, entry.msgstr_plural[i])
            for i in sorted(entry.msgstr_plural)
        ]
        if len(pairs) != nplurals:
            return [f"{len(pairs)} plural forms, not {nplurals}"]
    else:
        pairs = [(entry.msgid, entry.msgstr)]
    found = []
    for source, text in pairs:
        if placeholders(source, entry) != placeholders(text, entry):
            found.append(f"placeholders differ: {text!r}")
        if Counter(_TAG.findall(source)) != Counter(_TAG.findall(text)):
            found.append(f"HTML differs: {text!r}")
        if _edges(source) != _edges(text):
            found.append(f"leading or trailing whitespace differs: {text!r}")
    return found


@pytest.mark.parametrize(("folder", "code"), CATALOGUES, ids=lambda v: getattr(v, "parent", v))
def test_every_entry_is_translated_and_keeps_its_placeholders(folder: Path, code: str) -> None:
    catalogue = _catalogue(folder, code)
    forms = re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"])
    assert forms is not None, "the catalogue's header has no Plural-Forms"
    nplurals = int(forms.group(1))
    wrong = {
        entry.msgid[:60]: found
        for entry in catalogue
        if not entry.obsolete and (found := problems(entry, nplurals))
    }
    assert len(catalogue) > 0
    assert wrong == {}, f"{code} in {folder}: {len(wrong)} entries to fix"


@pytest.mark.parametrize(("folder", "code"), CATALOGUES, ids=lambda v: getattr(v, "parent", v))
def test_the_compiled_catalogue_says_what_the_po_file_says(folder: Path, code: str) -> None:
    source = _catalogue(folder, code)
    compiled = polib.mofile(str(folder / code / "LC_MESSAGES" / "django.mo"))
    expected = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in source if not e.obsolete}
    actual = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in compiled if e.msgid}
    assert actual == expected


def test_the_check_catches_a_lost_placeholder_and_an_empty_entry() -> None:
    """The checks above can fail: a dropped ``%(name)s``, an empty or a fuzzy entry."""
    lost = polib.POEntry(msgid="Hello %(name)s", msgstr="Bonjour", flags=["python-format"])
    empty = polib.POEntry(msgid="Hello", msgstr="")
    fuzzy = polib.POEntry(msgid="Hello", msgstr="Bonjour", flags=["fuzzy"])
    spaced = polib.POEntry(msgid=" by %s", msgstr="par %s", flags=["python-format"])
    tag = polib.POEntry(msgid="<em>a</em>", msgstr="a")
    assert problems(lost, 2) == ["placeholders differ: 'Bonjour'"]
    assert problems(empty, 2) == ["untranslated"]
    assert problems(fuzzy, 2) == ["fuzzy"]
    assert problems(spaced, 2) == ["leading or trailing whitespace differs: 'par %s'"]
    assert problems(tag, 2) == ["HTML differs: 'a'"]
    assert (
        problems(
            polib.POEntry(msgid="Hello %(name)s", msgstr="Salut %(name)s", flags=["python-format"]),
            2,
        )
        == []
    )


def test_every_interface_language_has_both_catalogues() -> None:
    assert set(LANGUAGES) >= {"fr", "ar", "pt", "es"}
    for folder, code in CATALOGUES:
        assert (folder / code / "LC_MESSAGES" / "django.po").exists(), (folder, code)
