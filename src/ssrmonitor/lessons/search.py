"""Searching the library: every word must appear; title matches rank first; snippets.

Case-insensitive substring matching (``icontains``) behaves the same on SQLite and
PostgreSQL, in English and French (accented letters must be typed as in the text). Ranking
counts where the words appear: in the title (3 points a word), the summary (2) or the body (1).
"""

from __future__ import annotations

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ssrmonitor.lessons.models import Lesson

MAX_WORDS = 8
SNIPPET_CHARS = 220
_WEIGHTS = {"title": 3, "summary": 2, "body": 1}


def words_of(query: str) -> list[str]:
    """The words of a query (at most :data:`MAX_WORDS`, each at least 2 characters)."""
    return [word for word in query.split() if len(word) >= 2][:MAX_WORDS]


def search_lessons(lessons: QuerySet[Lesson], query: str) -> QuerySet[Lesson]:
    """The lessons containing every word of ``query``, best matches first."""
    words = words_of(query)
    if not words:
        return lessons
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
    return lessons.annotate(rank=score).order_by("-rank", "-lesson_date", "title")


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """An escaped extract of ``text`` around the first word found, with the words in ``<mark>``.

    The text is escaped first, then the marks are added, so nothing of the text can inject
    markup.
    """
    lowered = text.lower()
    hits = [lowered.find(word.lower()) for word in words if word.lower() in lowered]
    start = max(min(hits) - width // 3, 0) if hits else 0
    extract = text[start : start + width]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + width < len(text) else ""
    html = str(escape(extract))
    if words:
        ordered = sorted((re.escape(str(escape(w))) for w in words), key=len, reverse=True)
        pattern = re.compile("(" + "|".join(ordered) + ")", re.IGNORECASE)
        html = pattern.sub(r"<mark>\1</mark>", html)
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 (escaped above)
