"""Home, sign-in and sign-out, and the audit log (health: :mod:`ssrmonitor.core.ops`)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.home import home_panels
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.names import audit_action_label, object_type_label, territory_name
from ssrmonitor.core.permissions import NotFound, audit_events_visible_to

AUDIT_PAGE_SIZE = 50


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The panels every app contributes (see :mod:`ssrmonitor.core.home`), for this visitor."""
    return render(request, "core/home.html", {"panels": home_panels(request.user)})


class LoginView(auth_views.LoginView):
    """Sign-in form; django-axes locks a (username, address) pair after repeated failures."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out and ask the browser to forget this site's cache, cookies and storage.

    Shared computers are common in the field: nothing of the session should remain.
    """
    logout(request)
    response = redirect("home")
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


class AuditFilterForm(forms.Form):
    """Narrow the audit log by country, action and type of object."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)

    def __init__(self, data: Any, *, events: QuerySet[AuditEvent], countries: list[str]) -> None:
        super().__init__(data)
        everything: list[tuple[str, Any]] = [("", _("All"))]
        choices = {  # codes filter, human labels show (core.names)
            "country": [(code, f"{code} — {territory_name(code)}") for code in countries],
            "action": [(c, audit_action_label(c)) for c, _c in _distinct(events, "action")],
            "object_type": [
                (c, object_type_label(c)) for c, _c in _distinct(events, "object_type")
            ],
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = everything + options

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        """The events that match the valid filters (an invalid choice is shown and ignored)."""
        self.is_valid()
        chosen = getattr(self, "cleaned_data", {})
        for field, lookup in (("country", "country_iso2"), ("action", "action"),
                              ("object_type", "object_type")):  # fmt: skip
            if chosen.get(field):
                events = events.filter(**{lookup: chosen[field]})
        return events


def _distinct(events: QuerySet[AuditEvent], field: str) -> list[tuple[str, str]]:
    values = events.order_by(field).values_list(field, flat=True).distinct()
    return [(value, value) for value in values]


def _audit_scope(user: Viewer) -> tuple[QuerySet[AuditEvent], list[str]]:
    """Events ``user`` may read and the country codes they span; 404 for everyone else."""
    try:
        return audit_events_visible_to(user)
    except NotFound:
        raise Http404 from None


@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who changed what and when, before → after, in the countries the user administers."""
    events, codes = _audit_scope(request.user)
    form = AuditFilterForm(request.GET or None, events=events, countries=codes)
    chosen = form.apply(events).order_by("-id")
    page = Paginator(chosen, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    htmx = getattr(request, "htmx", None)
    fragment = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    template = "core/audit_log.html#results" if fragment else "core/audit_log.html"
    response = render(request, template, {"form": form, "page": page})
    patch_vary_headers(response, ["HX-Request"])
    return response
