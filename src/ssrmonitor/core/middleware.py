"""Session ceiling, HTMX message forwarding, and the guards every request passes.

The guards: ``no-store`` on every response that may show non-public data, control characters
refused in query strings and form text, the API's error shape on every API error, and stored
data that cannot be read answered as a refusal.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssrmonitor.core.text import problems
from ssrmonitor.core.unreadable import StoredDataUnreadable

_STARTED = "ssrmonitor_session_started"
_REFRESHED = "ssrmonitor_session_refreshed"


@receiver(user_logged_in, dispatch_uid="ssrmonitor_session_started")
def _stamp_session_start(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """The absolute limit counts from sign-in, not from the first page seen after it."""
    if request is not None and hasattr(request, "session"):
        request.session[_STARTED] = int(time.time())


class AbsoluteSessionLimitMiddleware:
    """End a session once it is older than ``SESSION_ABSOLUTE_SECONDS``, however active; keep
    an active one alive for ``SESSION_COOKIE_AGE`` after its last request.

    The idle limit slides by saving the session again, which renews its expiry. Saving it on
    every request (``SESSION_SAVE_EVERY_REQUEST``) wrote to the database on every page and API
    call, a commit each; it is saved again once ``SESSION_REFRESH_SECONDS`` (60) have passed
    since the last save instead, so an idle session ends between 29 and 30 minutes after the
    last request with the default of 30.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(_STARTED, now)
            if now - started >= settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
            elif now - request.session.get(_REFRESHED, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[_REFRESHED] = now  # saved with a new expiry
        return self.get_response(request)


class HtmxMessagesMiddleware:
    """Forward Django messages to HTMX requests in an ``HX-Trigger`` header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "HX-Request" not in request.headers or 300 <= response.status_code < 400:
            return response
        pending = [
            {"level": message.level_tag, "text": str(message)}
            for message in messages.get_messages(request)
        ]
        if pending:
            response.headers["HX-Trigger"] = json.dumps({"messages": pending})
        return response


# --- what every response carries, and what every request may hold -------------------------

API_PREFIX = "/api/"
# Personal data lives under these paths: never stored by a browser or a proxy, signed in or not.
PRIVATE_PREFIXES = ("/vetting/", "/api/v1/vetting/")
NO_STORE = "no-store, private"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every response that may show non-public data.

    Only a signed-in person or a token holder ever sees personal or unpublished data (the
    anonymous public sees published data only), so every response to an authenticated request
    — a session, or an ``Authorization`` header, whatever the route — is marked, and so is
    every response under the vetting paths. Public pages for anonymous visitors stay
    cacheable. The mark replaces any caching a view asked for (a view's own ``no-store``, as on
    exports, is kept).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            (user is not None and user.is_authenticated)
            or "Authorization" in request.headers
            or request.path.startswith(PRIVATE_PREFIXES)
        ) and "no-store" not in response.headers.get("Cache-Control", ""):
            response.headers["Cache-Control"] = NO_STORE
            response.headers.pop("Expires", None)
            response.headers["Pragma"] = "no-cache"
        return response


def _api_refusal(status: int, reason: str, field: str = "__all__") -> HttpResponse:
    from ssrmonitor.core.api_support import error_body

    return HttpResponse(
        json.dumps(error_body(status, reason, field)),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def _page_refusal(request: HttpRequest, status: int, title: str, reason: str) -> HttpResponse:
    context = {"title": title, "reason": reason}
    return render(request, "core/refused.html", context, status=status)


class ControlCharacterMiddleware:
    """Refuse control characters in the query string and in posted form text (one place).

    A query parameter holds no control character at all (no NUL, no line break); form text may
    hold tabs and line breaks only (:mod:`ssrmonitor.core.text`). A page answers 400 with the
    reason, an API route 422 in the API's error shape naming the parameter. JSON bodies are
    checked by :class:`ssrmonitor.core.schemas.InputSchema`, files by the importers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        errors = problems(_pairs(request.GET), one_line=True)
        if not errors and request.method == "POST":
            errors = problems(_pairs(_posted(request)))
        if not errors:
            return self.get_response(request)
        first = errors[0]
        if is_api(request):
            return _api_refusal(422, first.reason, first.field)
        return _page_refusal(request, 400, _("Request refused"), first.reason)


def _pairs(data: Any) -> list[tuple[str, str]]:
    pairs = []
    for key, values in data.lists():
        pairs.append((key, key))
        pairs.extend((key, value) for value in values if isinstance(value, str))
    return pairs


def _posted(request: HttpRequest) -> Any:
    """The form fields of a POST, or nothing when the body is not a readable form."""
    try:
        return request.POST
    except (MultiPartParserError, UnreadablePostError, OSError):
        return QueryDict()


_REASONS = {
    400: gettext_lazy("The request is malformed."),
    404: gettext_lazy("Not found."),
    405: gettext_lazy("This method is not allowed on this route."),
    413: gettext_lazy("The request is too large."),
    500: gettext_lazy("Server error."),
}


class ApiErrorShapeMiddleware:
    """Every error under ``/api/`` in the API's shape, ``{"detail": [...], "status": …}``.

    Ninja's routes already answer so; this covers what Django answers before or around them:
    a path that matches no route (``/api/v1/lessons/abc``), a method no route takes, a server
    error. The status is kept, and so are headers such as ``Allow``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        content_type = response.headers.get("Content-Type", "")
        if not is_api(request) or response.status_code < 400 or "json" in content_type:
            return response
        status = response.status_code
        reason = str(_REASONS.get(status, _("The request was refused.")))
        shaped = _api_refusal(status, reason)
        for name, value in response.headers.items():
            if name.lower() not in {"content-type", "content-length"}:
                shaped.headers[name] = value
        return shaped


class RefusalMiddleware:
    """Stored data this server cannot read answers 409 with the reason, never 500.

    :class:`~ssrmonitor.core.unreadable.StoredDataUnreadable` (e.g. vetting data sealed with
    another data key) raised by a page becomes a page that says what happened and that the
    operator must act; on the API, the error shape. The event is logged for the operator.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, StoredDataUnreadable):
            return None
        logging.getLogger("ssrmonitor.security").error(
            "Stored data cannot be read on %s: %s", request.path, exception
        )
        reason = exception.public_reason()
        if is_api(request):
            return _api_refusal(exception.status, reason)
        return _page_refusal(request, exception.status, _("Data cannot be opened"), reason)
