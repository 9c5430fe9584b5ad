"""Every write of the lessons app: lessons, their attachments and their links."""

from __future__ import annotations

from ssrmonitor.lessons.services.attachments import add_attachment, remove_attachment, set_links
from ssrmonitor.lessons.services.lessons import create_lesson, update_lesson

__all__ = ["add_attachment", "create_lesson", "remove_attachment", "set_links", "update_lesson"]
