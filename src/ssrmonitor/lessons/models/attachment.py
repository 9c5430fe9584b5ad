"""A file attached to a lesson, with the text extracted from it for search."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.lessons.models.lesson import Lesson


def attachment_path(instance: Attachment, filename: str) -> str:
    """``lessons/<lesson id>/<random>.<ext>``: the name given by the user never reaches the disk."""
    suffix = PurePath(filename).suffix.lower()
    return f"lessons/{instance.lesson_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A document attached to a lesson; it is read by whoever may read the lesson."""

    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("lesson")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    extracted_text = models.TextField(_("extracted text"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
