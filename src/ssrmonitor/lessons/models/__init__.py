"""Models of the lessons app: the lessons-learned library (OP 20(h), OP 23)."""

from __future__ import annotations

from ssrmonitor.lessons.models.attachment import Attachment
from ssrmonitor.lessons.models.lesson import (
    OPERATIVE_PARAGRAPHS,
    Language,
    Lesson,
    Theme,
)

__all__ = ["OPERATIVE_PARAGRAPHS", "Attachment", "Language", "Lesson", "Theme"]
