"""Pages of benchmark M&E: reading (``pages``), data entry and review (``entry``), editor.

Views are thin: they look objects up through :mod:`ssrmonitor.benchmarks.permissions`, call
services and selectors, and turn domain errors into responses. :class:`NotFound` becomes 404
(objects of another country answer exactly like missing ones), :class:`Denied` becomes 403 with
its reason, and a service's :class:`ValidationFailed` becomes errors on the form (status 422).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

from ssrmonitor.core.permissions import Denied, NotFound

P = ParamSpec("P")
INVALID_FORM = 422


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware."""

    htmx: HtmxDetails


View = Callable[Concatenate[HtmxHttpRequest, P], HttpResponseBase]


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """True for an HTMX request that swaps part of a page (not a history restore)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def denied(request: HtmxHttpRequest, reason: str) -> HttpResponse:
    """403 with the reason: a page, or for HTMX a message the page shows in place."""
    if wants_fragment(request):
        messages.error(request, reason)
        return HttpResponse(reason, status=403, content_type="text/plain; charset=utf-8")
    return render(request, "core/denied.html", {"reason": reason}, status=403)


def domain_errors(view: View[P]) -> View[P]:
    """Turn :class:`NotFound` into 404 and :class:`Denied` into 403 with its reason."""

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except Denied as exc:
            return denied(request, exc.reason)

    return wrapper


def render_page(
    request: HtmxHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    fragment: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render ``template``, or only its partial ``fragment`` for an HTMX swap."""
    name = f"{template}#{fragment}" if fragment and wants_fragment(request) else template
    response = render(request, name, context, status=status)
    if fragment:
        patch_vary_headers(response, ["HX-Request"])
    return response


def allowed(check: tuple[bool, str]) -> None:
    """Raise :class:`Denied` with a ``can_*`` predicate's reason when it refuses."""
    ok, reason = check
    if not ok:
        raise Denied(reason)


def posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one), ``None`` for a GET: bound vs unbound."""
    return request.POST if request.method == "POST" else None
