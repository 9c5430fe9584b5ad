"""Who sees and edits lessons learned.

* The public sees published lessons.
* Members holding ``lessons.view_internal`` in a lesson's country also see it unpublished.
* Editors and administrators (``lessons.edit``) of the country write and publish its lessons.
* A lesson without a country (one that spans countries) is seen unpublished and edited by
  superusers only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.permissions import Action, NotFound, country_ids_with, has_action, is_superuser
from ssrmonitor.lessons.models import Lesson


def lessons_visible_to(user: Viewer) -> QuerySet[Lesson]:
    """Lessons ``user`` may read."""
    ids = country_ids_with(user, Action.VIEW_LESSONS_INTERNAL)
    if ids is None:
        return Lesson.objects.all()
    return Lesson.objects.filter(Q(is_published=True) | Q(country_id__in=ids))


def access_lesson_by_id(user: Viewer, lesson_id: int) -> Lesson:
    """A lesson ``user`` may read, or :class:`NotFound`."""
    found = lessons_visible_to(user).select_related("country", "mission").filter(pk=lesson_id)
    lesson = found.first()
    if lesson is None:
        raise NotFound
    return lesson


def can_edit_lessons(user: Viewer, country_id: int | None) -> tuple[bool, str]:
    """May ``user`` write lessons of the country (``None``: lessons spanning countries)?"""
    if country_id is None and is_superuser(user):
        return True, ""
    if country_id is not None and has_action(user, country_id, Action.EDIT_LESSONS):
        return True, ""
    return False, _("Only editors and administrators of the country write its lessons.")
