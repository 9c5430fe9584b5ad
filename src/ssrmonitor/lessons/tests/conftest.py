"""Fixtures of the library tests: uploads in a temporary media folder, and three lessons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ssrmonitor.lessons.models import Lesson
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_lessons import LessonFactory


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files go to a temporary folder (used by the files that upload)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def lessons() -> dict[str, Lesson]:
    """A published and an internal lesson of Haiti, and an internal one of the CAR."""
    return {
        "ht_published": LessonFactory(title="Published HT", is_published=True),
        "ht_internal": LessonFactory(title="Internal HT", is_published=False),
        "cf_internal": LessonFactory(
            title="Internal CF", country=country("CF"), is_published=False
        ),
    }
