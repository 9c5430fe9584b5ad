"""Session ceiling and HTMX message forwarding."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

_STARTED = "ssrmonitor_session_started"


@receiver(user_logged_in, dispatch_uid="ssrmonitor_session_started")
def _stamp_session_start(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """The absolute limit counts from sign-in, not from the first page seen after it."""
    if request is not None and hasattr(request, "session"):
        request.session[_STARTED] = int(time.time())


class AbsoluteSessionLimitMiddleware:
    """End a session once it is older than ``SESSION_ABSOLUTE_SECONDS``, however active."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.setdefault(_STARTED, int(time.time()))
            if time.time() - started >= settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
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
