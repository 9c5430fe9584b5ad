"""Searching the library, behind one interface, with the database's full-text engine.

* **SQLite** (the embedded default): an FTS5 virtual table ``lessons_lesson_fts`` (created by
  migration 0003) holds the title, summary and body of every lesson, tokenised with the
  Porter stemmer over ``unicode61`` with diacritics removed (``critere`` finds ``critères``,
  ``handovers`` finds ``handover``). The lesson services keep it in sync
  (:func:`index_lesson`); :func:`rebuild_index` refills it. Ranking is ``bm25`` with the title
  weighing 10, the summary 5, the body 1 and the attachments' text 0.5.
* **PostgreSQL** (production): ``to_tsvector`` with the lesson's own language (``english`` or
  ``french`` stemming), weights A (title), B (summary), C (body), D (text of the
  attachments), ``ts_rank``, and a GIN index on the same expression (migration 0003).
* **Fallback** (SQLite built without FTS5): every word must appear as a case-insensitive
  substring; 3 points a word in the title, 2 in the summary, 1 in the body.

Every word of the query must be found (AND). Ties are broken by the newest source first.
:func:`snippet` gives the escaped extract with the words marked.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import DatabaseError, connection
from django.db.models import Case, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ssrmonitor.lessons.models import Lesson

MAX_WORDS = 8
SNIPPET_CHARS = 220
_WEIGHTS = {"title": 3, "summary": 2, "body": 1}

FTS_TABLE = "lessons_lesson_fts"
FTS_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, summary, body, attachments, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)
FTS_DROP = f"DROP TABLE IF EXISTS {FTS_TABLE}"
# bm25 weights of the columns title, summary, body, attachments (bm25: lower is better).
_BM25 = f"bm25({FTS_TABLE}, 10.0, 5.0, 1.0, 0.5)"

# The text search configuration of a lesson: its own language (PostgreSQL).
PG_CONFIG_SQL = (
    '(CASE WHEN "lessons_lesson"."language" = \'fr\' '
    "THEN 'french'::regconfig ELSE 'english'::regconfig END)"
)
PG_VECTOR_SQL = (
    f"(setweight(to_tsvector({PG_CONFIG_SQL}, COALESCE(\"lessons_lesson\".\"title\", '')), 'A')"
    f' || setweight(to_tsvector({PG_CONFIG_SQL}, COALESCE("lessons_lesson"."summary", \'\')),'
    " 'B')"
    f' || setweight(to_tsvector({PG_CONFIG_SQL}, COALESCE("lessons_lesson"."body", \'\')),'
    " 'C')"
    f" || setweight(to_tsvector({PG_CONFIG_SQL},"
    " COALESCE(\"lessons_lesson\".\"attachments_text\", '')), 'D'))"
)
PG_INDEX_NAME = "lessons_lesson_search_gin"
PG_INDEX_CREATE = (
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX_NAME} ON lessons_lesson USING GIN ({PG_VECTOR_SQL})"
)
PG_INDEX_DROP = f"DROP INDEX IF EXISTS {PG_INDEX_NAME}"


def words_of(query: str) -> list[str]:
    """The words of a query (at most :data:`MAX_WORDS`, each at least 2 characters)."""
    return [word for word in query.split() if len(word) >= 2][:MAX_WORDS]


@cache
def fts5_available() -> bool:
    """Can this SQLite build create FTS5 tables? (Checked once, on an in-memory database.)"""
    import sqlite3

    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


def engine() -> str:
    """The search engine in use: ``"postgresql"``, ``"fts5"`` or ``"substring"``."""
    if connection.vendor == "postgresql":
        return "postgresql"
    if connection.vendor == "sqlite" and fts5_available():
        return "fts5"
    return "substring"


def search_lessons(lessons: QuerySet[Lesson], query: str) -> QuerySet[Lesson]:
    """The lessons of ``lessons`` containing every word of ``query``, best first.

    The result is annotated with ``rank`` (higher is better) and stays a lazy queryset.
    """
    words = words_of(query)
    if not words:
        return lessons
    found = {"postgresql": _postgresql, "fts5": _fts5, "substring": _substring}[engine()](
        lessons, words
    )
    return found.order_by("-rank", "-lesson_date", "title")


def _postgresql(lessons: QuerySet[Lesson], words: list[str]) -> QuerySet[Lesson]:
    # One constant tsquery per language (so the GIN index serves both), each matched against
    # the lessons written in that language.
    vector = RawSQL(PG_VECTOR_SQL, [], output_field=SearchVectorField())  # noqa: S611 (constant)
    text = " ".join(words)
    french = SearchQuery(text, config="french", search_type="plain")
    english = SearchQuery(text, config="english", search_type="plain")
    in_french = Q(language="fr")
    matches = (in_french & Q(document=french)) | (~in_french & Q(document=english))
    rank = Case(
        When(in_french, then=SearchRank(vector, french)),
        default=SearchRank(vector, english),
        output_field=FloatField(),
    )
    return lessons.alias(document=vector).filter(matches).annotate(rank=rank)


def fts5_expression(words: list[str]) -> str:
    """An FTS5 query matching every word, each quoted (no operator of the user gets through)."""
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def _fts5(lessons: QuerySet[Lesson], words: list[str]) -> QuerySet[Lesson]:
    expression = fts5_expression(words)
    matching = RawSQL(  # noqa: S611 (constant SQL, bound parameter)
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608 (constant)
        [expression],
    )
    rank = RawSQL(  # noqa: S611 (constant SQL, bound parameter)
        f"SELECT -{_BM25} FROM {FTS_TABLE} "  # noqa: S608 (constant table name)
        f"WHERE {FTS_TABLE} MATCH %s AND rowid = lessons_lesson.id",
        [expression],
        output_field=FloatField(),
    )
    return lessons.filter(pk__in=matching).annotate(rank=rank)


def _substring(lessons: QuerySet[Lesson], words: list[str]) -> QuerySet[Lesson]:
    for word in words:
        lessons = lessons.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    score: Value | Case = Value(0)
    for word in words:
        for field, weight in _WEIGHTS.items():
            hit = Case(
                When(**{f"{field}__icontains": word}, then=Value(weight)),
                default=Value(0),
                output_field=IntegerField(),
            )
            score = score + hit  # type: ignore[assignment]
    return lessons.annotate(rank=score)


def index_lesson(lesson: Lesson) -> None:
    """Put ``lesson`` (and the text of its attachments) in the SQLite FTS5 index.

    Called by the lesson services after every write; nothing to do on PostgreSQL (the GIN
    index follows the table) or without FTS5.
    """
    if engine() != "fts5":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [lesson.pk])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body, attachments) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s)",
            [lesson.pk, lesson.title, lesson.summary, lesson.body, lesson.attachments_text],
        )


def unindex_lesson(lesson_id: int) -> None:
    """Take a lesson out of the SQLite FTS5 index (when it is deleted)."""
    if engine() == "fts5":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [lesson_id])  # noqa: S608


def rebuild_index() -> int:
    """Refill the SQLite FTS5 index from the lessons table; returns the lessons indexed."""
    if engine() != "fts5":
        return 0
    with connection.cursor() as cursor:
        try:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 (constant)
        except DatabaseError:  # the table is missing: FTS5 arrived after the migration
            cursor.execute(FTS_CREATE)
    count = 0
    for lesson in Lesson.objects.all().iterator():
        index_lesson(lesson)
        count += 1
    return count


def _fold(text: str) -> str:
    """Lower case without accents, one character for one (so positions stay aligned)."""
    folded = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        folded.append(base.lower() if len(base.lower()) == 1 else char)
    return "".join(folded)


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """An escaped extract of ``text`` around the first word found, with the words in ``<mark>``.

    Matching ignores case and accents and marks whole words starting with a query word (or
    with its stem, for plurals): ``critere`` marks ``critères``. The text is escaped first and
    the marks are added around escaped pieces, so nothing of the text can inject markup.
    """
    folded = _fold(text)
    stems = [_fold(w) for w in words]
    stems = [s[:-1] if len(s) > 3 and s.endswith("s") else s for s in stems]
    spans: list[tuple[int, int]] = []
    if stems:
        pattern = re.compile(
            r"\b(?:"
            + "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
            + r")\w*"
        )
        spans = [(m.start(), m.end()) for m in pattern.finditer(folded)]
    start = max(spans[0][0] - width // 3, 0) if spans else 0
    end = start + width
    pieces: list[str] = []
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(str(escape(text[cursor:span_start])))
        pieces.append("<mark>" + str(escape(text[span_start:span_end])) + "</mark>")
        cursor = span_end
    pieces.append(str(escape(text[cursor:end])))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 (escaped above)
