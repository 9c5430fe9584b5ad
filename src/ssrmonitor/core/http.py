"""Shared web machinery of every app's pages: HTMX requests, domain errors, form pages.

Views are thin: they look objects up through their app's permission layer, call services and
selectors, and turn domain errors into responses. :class:`NotFound` becomes 404 (objects of
another country answer exactly like missing ones), :class:`Denied` becomes 403 with its reason,
and a service's :class:`ValidationFailed` becomes errors on the form (status 422).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
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


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a page that requires one (``login_required`` ran before).

    Raises :class:`Denied` for the anonymous public, so a page that forgot ``login_required``
    refuses instead of acting for nobody.
    """
    if not isinstance(request.user, User) or not request.user.is_authenticated:
        raise Denied(str(_("Sign in to do this.")))
    return request.user


def form_status(request: HttpRequest) -> int:
    """422 for a posted form shown again (it had errors), 200 for a first display."""
    return INVALID_FORM if request.method == "POST" else 200


def form_page(
    request: HtmxHttpRequest,
    form: Any,
    *,
    save: Callable[[], Any],
    success: str,
    template: str,
    context: dict[str, Any],
    to: Callable[[Any], HttpResponseBase] | None = None,
) -> HttpResponseBase:
    """The body every create and edit page shares.

    A valid bound form is saved through ``save`` (which calls the service and returns ``None``
    when the service refused, its errors then being on the form); on success the page redirects
    to the saved object (or to ``to(saved)``) with the ``success`` message. Otherwise the form
    is shown again, with status 422 after a refused POST.
    """
    if form.is_bound and form.is_valid():
        saved = save()
        if saved is not None:
            messages.success(request, success)
            return to(saved) if to is not None else redirect(saved)
    return render_page(request, template, {"form": form, **context}, status=form_status(request))
