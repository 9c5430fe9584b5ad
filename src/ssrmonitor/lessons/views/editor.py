"""Writing lessons (``lessons.edit`` in the lesson's country)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ssrmonitor.core.http import (
    INVALID_FORM,
    HtmxHttpRequest,
    allowed,
    domain_errors,
    posted,
    render_page,
)
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action, Denied, country_ids_with
from ssrmonitor.lessons.forms import LessonForm
from ssrmonitor.lessons.permissions import access_lesson_by_id, can_edit_lessons


def _countries(user: Any) -> QuerySet[Country]:
    ids = country_ids_with(user, Action.EDIT_LESSONS)
    return Country.objects.all() if ids is None else Country.objects.filter(pk__in=ids)


def _status(request: HtmxHttpRequest) -> int:
    return INVALID_FORM if request.method == "POST" else 200


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def lesson_create(request: HtmxHttpRequest) -> HttpResponse:
    """Write a new lesson for one of the user's countries."""
    countries = _countries(request.user)
    if not countries.exists():
        raise Denied(_("Only editors and administrators of a country write lessons."))
    form = LessonForm(posted(request), countries=countries)
    if form.is_bound and form.is_valid():
        created = form.save(acting_user=request.user)
        if created is not None:
            messages.success(request, _("Lesson saved."))
            return redirect(created)
    context = {"form": form, "lesson": None}
    return render_page(request, "lessons/lesson_form.html", context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def lesson_edit(request: HtmxHttpRequest, lesson_id: int) -> HttpResponse:
    """Change or publish a lesson."""
    found = access_lesson_by_id(request.user, lesson_id)
    allowed(can_edit_lessons(request.user, found.country_id))
    form = LessonForm(posted(request), instance=found, countries=_countries(request.user))
    if form.is_bound and form.is_valid():
        changed = form.save(acting_user=request.user, lesson=found)
        if changed is not None:
            messages.success(request, _("Lesson saved."))
            return redirect(changed)
    context = {"form": form, "lesson": found}
    return render_page(request, "lessons/lesson_form.html", context, status=_status(request))
