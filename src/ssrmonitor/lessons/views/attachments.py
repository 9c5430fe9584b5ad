"""A lesson's attachments (upload, download, removal) and its links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.http import (
    INVALID_FORM,
    HtmxHttpRequest,
    allowed,
    domain_errors,
    form_page,
    posted,
    signed_in,
)
from ssrmonitor.lessons import services
from ssrmonitor.lessons.forms import AttachmentForm, LinksForm, add_errors
from ssrmonitor.lessons.models import Attachment
from ssrmonitor.lessons.permissions import access_lesson_by_id, can_edit_lessons
from ssrmonitor.lessons.views.pages import lesson_page


def _attachment(request: HtmxHttpRequest, lesson_id: int, attachment_id: int) -> Attachment:
    found = access_lesson_by_id(request.user, lesson_id)
    attachment = found.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    attachment.lesson = found
    return attachment


@require_safe
@domain_errors
def attachment_download(
    request: HtmxHttpRequest, lesson_id: int, attachment_id: int
) -> HttpResponseBase:
    """An attached file, to whoever may read the lesson, always as a download."""
    attachment = _attachment(request, lesson_id, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
@domain_errors
def attachment_add(request: HtmxHttpRequest, lesson_id: int) -> HttpResponse:
    """Attach a file to a lesson (editors of its country)."""
    user = signed_in(request)
    found = access_lesson_by_id(user, lesson_id)
    allowed(can_edit_lessons(user, found.country_id))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(found, acting_user=user, upload=form.cleaned_data["file"])
        except ValidationFailed as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("File attached."))
            return redirect(found)
    return lesson_page(request, found, attachment_form=form, status=INVALID_FORM)


@login_required
@require_POST
@domain_errors
def attachment_remove(request: HtmxHttpRequest, lesson_id: int, attachment_id: int) -> HttpResponse:
    """Remove an attachment (editors of the lesson's country)."""
    user = signed_in(request)
    attachment = _attachment(request, lesson_id, attachment_id)
    allowed(can_edit_lessons(user, attachment.lesson.country_id))
    lesson = attachment.lesson
    services.remove_attachment(attachment, acting_user=user)
    messages.success(request, _("Attachment removed."))
    return redirect(lesson)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def lesson_links(request: HtmxHttpRequest, lesson_id: int) -> HttpResponseBase:
    """Choose the benchmarks, activities and transition plans a lesson speaks to."""
    user = signed_in(request)
    found = access_lesson_by_id(user, lesson_id)
    allowed(can_edit_lessons(user, found.country_id))
    form = LinksForm(posted(request), user=user, lesson=found)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, lesson=found),
        success=_("Links saved."),
        template="lessons/lesson_links.html",
        context={"lesson": found},
    )
