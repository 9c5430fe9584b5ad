"""Every write of the lessons app: :func:`create_lesson`, :func:`update_lesson`."""

from __future__ import annotations

from ssrmonitor.lessons.services.lessons import create_lesson, update_lesson

__all__ = ["create_lesson", "update_lesson"]
