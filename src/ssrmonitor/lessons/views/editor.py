"""Writing lessons (``lessons.edit`` in the lesson's country)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.http import (
    HtmxHttpRequest,
    allowed,
    domain_errors,
    form_page,
    posted,
    signed_in,
)
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action, Denied, country_ids_with
from ssrmonitor.lessons.forms import LessonForm
from ssrmonitor.lessons.permissions import access_lesson_by_id, can_edit_lessons

FORM = "lessons/lesson_form.html"


def _countries(user: Viewer) -> QuerySet[Country]:
    ids = country_ids_with(user, Action.EDIT_LESSONS)
    return Country.objects.all() if ids is None else Country.objects.filter(pk__in=ids)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def lesson_create(request: HtmxHttpRequest) -> HttpResponseBase:
    """Write a new lesson for one of the user's countries."""
    user = signed_in(request)
    countries = _countries(user)
    if not countries.exists():
        raise Denied(_("Only editors and administrators of a country write lessons."))
    form = LessonForm(posted(request), countries=countries)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user),
        success=_("Lesson saved."),
        template=FORM,
        context={"lesson": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def lesson_edit(request: HtmxHttpRequest, lesson_id: int) -> HttpResponseBase:
    """Change or publish a lesson."""
    user = signed_in(request)
    found = access_lesson_by_id(user, lesson_id)
    allowed(can_edit_lessons(user, found.country_id))
    form = LessonForm(posted(request), instance=found, countries=_countries(user))
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, lesson=found),
        success=_("Lesson saved."),
        template=FORM,
        context={"lesson": found},
    )
