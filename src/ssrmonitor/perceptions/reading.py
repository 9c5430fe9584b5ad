"""Read respondent-level survey files (CSV, SPSS ``.sav``, Stata ``.dta``) through a codebook.

The codebook maps the file's columns to what SSR Monitor needs: the weight, stratum and cluster
of the design, sex, age, region and urban/rural, and one column per question. Everything is
checked while reading, before anything is written; the first problem stops the read with an
error that names the row (counted from 1, after the header) and the column. Limits (file size,
rows, columns) are checked before and while reading, so a large file is refused early.

:func:`read_respondents` is a plain function with a ``progress(done, total)`` callback, so a
background job can run it and report how far it is.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ssrmonitor.core.errors import FieldError, ValidationFailed

Progress = Callable[[int, int | None], None]
FORMATS = ("csv", "sav", "dta")
MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 250_000
MAX_COLUMNS = 5_000
CHUNK = 5_000


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    max_rows: int = MAX_ROWS
    max_columns: int = MAX_COLUMNS


@dataclass(frozen=True)
class Codebook:
    """Which column holds what. Code lists name the file's codes, as text (``"1"``)."""

    questions: dict[str, str]  # question code → column
    weight: str = ""
    stratum: str = ""
    cluster: str = ""
    sex: str = ""
    sex_codes: dict[str, list[str]] = field(default_factory=dict)  # woman/man → codes
    age: str = ""
    region: str = ""
    area: str = ""
    area_codes: dict[str, list[str]] = field(default_factory=dict)  # urban/rural → codes

    def columns(self) -> list[str]:
        design = [self.weight, self.stratum, self.cluster, self.sex, self.age]
        named = [*design, self.region, self.area, *self.questions.values()]
        return list(dict.fromkeys(c for c in named if c))


@dataclass(frozen=True)
class RespondentRow:
    row: int
    weight: float
    stratum: str
    cluster: str
    sex: str
    age: int | None
    region: str
    area: str
    answers: dict[str, str | None]


def _refuse(reason: str) -> ValidationFailed:
    return ValidationFailed([FieldError("file", reason)])


def _text_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise _refuse(_("Codebook: %s must be a list of codes.") % where)
    return [str(v) for v in value]


def _codes(spec: Any, names: tuple[str, str], where: str) -> tuple[str, dict[str, list[str]]]:
    if not spec:
        return "", {}
    if not isinstance(spec, dict) or not isinstance(spec.get("column"), str):
        raise _refuse(_("Codebook: %s needs a column and its codes.") % where)
    return spec["column"], {n: _text_list(spec.get(n, []), f"{where}.{n}") for n in names}


def parse_codebook(data: Any) -> Codebook:
    """A :class:`Codebook` from its JSON form (see docs/population.md), or a file error."""
    if not isinstance(data, dict) or not isinstance(data.get("questions"), dict):
        raise _refuse(_("Codebook: a JSON object with a 'questions' mapping is expected."))
    questions = data["questions"]
    if not questions or not all(isinstance(v, str) and v for v in questions.values()):
        raise _refuse(_("Codebook: each question needs the name of its column."))
    plain = {}
    for key in ("weight", "stratum", "cluster", "age", "region"):
        value = data.get(key, "")
        if not isinstance(value, str):
            raise _refuse(_("Codebook: %s must be a column name.") % key)
        plain[key] = value
    sex, sex_codes = _codes(data.get("sex"), ("woman", "man"), "sex")
    area, area_codes = _codes(data.get("area"), ("urban", "rural"), "area")
    return Codebook(
        questions={str(k): v for k, v in questions.items()},
        sex=sex,
        sex_codes=sex_codes,
        area=area,
        area_codes=area_codes,
        **plain,
    )


def code_text(value: Any) -> str:
    """A cell as a code: ``1.0`` → ``"1"``, blanks and NaN → ``""``."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


class _Reader:
    def __init__(self, codebook: Codebook, categories: dict[str, set[str]]) -> None:
        self.codebook = codebook
        self.categories = categories
        self.sex = {c: s for s, codes in codebook.sex_codes.items() for c in codes}
        self.area = {c: a for a, codes in codebook.area_codes.items() for c in codes}

    def fail(self, row: int, column: str, reason: str) -> ValidationFailed:
        return _refuse(_("Row %(row)s, column %(column)s: %(reason)s") % {
            "row": row, "column": column, "reason": reason,
        })  # fmt: skip

    def weight(self, row: int, cells: dict[str, Any]) -> float:
        column = self.codebook.weight
        if not column:
            return 1.0
        text = code_text(cells.get(column))
        try:
            value = float(text)
        except ValueError:
            raise self.fail(row, column, _("the weight %r is not a number.") % text) from None
        if not math.isfinite(value) or value <= 0:
            raise self.fail(row, column, _("the weight must be a number above 0."))
        return value

    def age(self, row: int, cells: dict[str, Any]) -> int | None:
        column = self.codebook.age
        text = code_text(cells.get(column)) if column else ""
        if not text:
            return None
        if not text.isdigit() or not 0 < int(text) < 130:
            raise self.fail(row, column, _("the age %r is not a whole number of years.") % text)
        return int(text)

    def mapped(self, row: int, column: str, cells: dict[str, Any], codes: dict[str, str]) -> str:
        text = code_text(cells.get(column)) if column else ""
        if text and text not in codes:
            raise self.fail(row, column, _("the code %r is not in the codebook.") % text)
        return codes.get(text, "")

    def answers(self, row: int, cells: dict[str, Any]) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        for question, column in self.codebook.questions.items():
            text = code_text(cells.get(column))
            # codes outside the answer categories (don't know, refused, missing) are not
            # substantive: they stay out of the denominator
            found[question] = text if text in self.categories[question] else None
        return found

    def read(self, row: int, cells: dict[str, Any]) -> RespondentRow:
        book = self.codebook
        return RespondentRow(
            row=row,
            weight=self.weight(row, cells),
            stratum=code_text(cells.get(book.stratum)) if book.stratum else "",
            cluster=code_text(cells.get(book.cluster)) if book.cluster else "",
            sex=self.mapped(row, book.sex, cells, self.sex),
            age=self.age(row, cells),
            region=code_text(cells.get(book.region))[:120] if book.region else "",
            area=self.mapped(row, book.area, cells, self.area),
            answers=self.answers(row, cells),
        )


def _check_columns(present: list[str], codebook: Codebook, limits: Limits) -> None:
    if len(present) > limits.max_columns:
        raise _refuse(_("The file has more than %d columns.") % limits.max_columns)
    missing = [c for c in codebook.columns() if c not in present]
    if missing:
        raise _refuse(_("Column %s named in the codebook is not in the file.") % missing[0])


def _csv_rows(path: Path, codebook: Codebook, limits: Limits) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        _check_columns(list(reader.fieldnames or []), codebook, limits)
        try:
            yield from reader
        except (csv.Error, UnicodeDecodeError) as exc:
            raise _refuse(_("Row %(row)s: %(reason)s") % {
                "row": reader.line_num, "reason": exc,
            }) from None  # fmt: skip


def _stat_rows(
    path: Path, fmt: str, codebook: Codebook, limits: Limits
) -> tuple[int, Iterator[dict[str, Any]]]:
    import pyreadstat

    read = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    try:
        _empty, meta = read(str(path), metadataonly=True)
    except Exception as exc:  # pyreadstat raises its own error types for unreadable files
        raise _refuse(_("The file cannot be read: %s") % exc) from None
    _check_columns(list(meta.column_names), codebook, limits)
    total = int(meta.number_rows or 0)
    if total > limits.max_rows:
        raise _refuse(_("The file has more than %d rows.") % limits.max_rows)

    def rows() -> Iterator[dict[str, Any]]:
        chunks = pyreadstat.read_file_in_chunks(
            read, str(path), chunksize=CHUNK, usecols=codebook.columns()
        )
        for frame, _meta in chunks:
            yield from frame.to_dict(orient="records")

    return total, rows()


def read_respondents(
    path: Path,
    fmt: str,
    codebook: Codebook,
    categories: dict[str, set[str]],
    *,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> list[RespondentRow]:
    """Every respondent of the file, checked; the first problem raises ``ValidationFailed``.

    Args:
        path: the file on disk.
        fmt: ``csv``, ``sav`` or ``dta``.
        codebook: which column holds what.
        categories: question code → the codes of its answer categories (others are missing).
        progress: called with (rows read, rows in the file or ``None``) every 1,000 rows.
        limits: size, row and column limits (the defaults otherwise).
    """
    limits = limits or Limits()
    if fmt not in FORMATS:
        raise _refuse(_("Unknown format %s: CSV, SPSS .sav or Stata .dta.") % fmt)
    if path.stat().st_size > limits.max_bytes:
        raise _refuse(_("The file is larger than %d MB.") % (limits.max_bytes // 1024 // 1024))
    unknown = sorted(set(codebook.questions) - set(categories))
    if unknown:
        raise _refuse(_("Codebook: question %s is not a question of this survey.") % unknown[0])
    total, cells = (
        (None, _csv_rows(path, codebook, limits))
        if fmt == "csv"
        else (_stat_rows(path, fmt, codebook, limits))
    )
    reader = _Reader(codebook, categories)
    found: list[RespondentRow] = []
    for number, row in enumerate(cells, start=1):
        if number > limits.max_rows:
            raise _refuse(_("The file has more than %d rows.") % limits.max_rows)
        found.append(reader.read(number, row))
        if progress is not None and number % 1000 == 0:
            progress(number, total)
    if not found:
        raise _refuse(_("The file holds no respondent."))
    if progress is not None:
        progress(len(found), total)
    return found


def read_text_csv(content: bytes) -> list[dict[str, str]]:
    """The rows of a small UTF-8 CSV (a published table), or a file error."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(_("The file is not UTF-8 text.")) from None
    try:
        return list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        raise _refuse(str(exc)) from None
