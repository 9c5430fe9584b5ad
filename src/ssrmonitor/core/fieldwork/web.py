"""The upload page shared by the apps' imports of field submissions (works without JavaScript)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.exports import XLSX_TYPE
from ssrmonitor.core.fieldwork.ledger import FieldReport, describe
from ssrmonitor.core.fieldwork.problems import SubmissionProblem, SubmissionsRefused
from ssrmonitor.core.fieldwork.reader import MAX_BYTES
from ssrmonitor.core.http import HtmxHttpRequest, render_page

TEMPLATE = "core/field_submissions.html"
INVALID = 422


def _problems(exc: ValidationFailed) -> list[SubmissionProblem]:
    if isinstance(exc, SubmissionsRefused):
        return exc.problems
    return [SubmissionProblem(0, "", e.field, e.reason) for e in exc.errors]


def upload_page(
    request: HtmxHttpRequest,
    context: dict[str, Any],
    run: Callable[[bytes], FieldReport],
    done_url: str,
) -> HttpResponse:
    """GET: the page; POST: ``run`` on the uploaded file, then 303 to ``done_url`` or 422.

    ``context`` gives ``title``, ``back_url``, ``back_label``, ``xlsform_url`` and, for a
    period's values, ``ask_period`` and ``period``.
    """
    context = {"problems": [], **context}
    if request.method != "POST":
        return render_page(request, TEMPLATE, context)
    upload = request.FILES.get("file")
    if upload is None:
        context["problems"] = [SubmissionProblem(0, "", "file", _("Choose the CSV file."))]
        return render_page(request, TEMPLATE, context, status=INVALID)
    try:
        result = run(upload.read(MAX_BYTES + 1))
    except ValidationFailed as exc:
        context["problems"] = _problems(exc)
        return render_page(request, TEMPLATE, context, status=INVALID)
    messages.success(request, describe(result))
    return redirect(done_url, permanent=False)


def xlsform_download(build: Callable[[], bytes], filename: str) -> HttpResponse:
    """The XLSForm ``build`` makes, as a file to download; a form it refuses (pyxform found it
    invalid) answers 422 with the reasons as text."""
    try:
        content = build()
    except ValidationFailed as exc:
        reason = "; ".join(e.reason for e in exc.errors)
        return HttpResponse(reason, status=422, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
