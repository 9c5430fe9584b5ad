"""The admin site's ways to privileged access go through the grant services, as everywhere.

Adding or changing a :class:`Membership` to a vetting role, or ticking *superuser status* on a
user, saves nothing of the kind: it makes a pending :class:`RoleGrant`
(:func:`ssrmonitor.core.services.grant_role`, :func:`ssrmonitor.core.services_grants.
request_superuser`) that a second administrator approves on ``/access/grants/``, and the page
says so. The admin's own transaction around a form is left out for these two models: the
services open theirs (durable), and the other saves keep one of their own.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ssrmonitor.core import services
from ssrmonitor.core.http import signed_in
from ssrmonitor.core.models import Membership, Role, RoleGrant
from ssrmonitor.core.models.grants import PRIVILEGED_ROLES
from ssrmonitor.core.permissions import Denied
from ssrmonitor.core.services_grants import request_superuser

_PENDING = "_ssrmonitor_pending_grant"
_REFUSED = "_ssrmonitor_grant_refused"


def pending_grant(request: HttpRequest) -> RoleGrant | None:
    """The grant the request made instead of saving (set by :func:`note_pending`)."""
    grant: RoleGrant | None = getattr(request, _PENDING, None)
    return grant


def note_pending(request: HttpRequest, grant: RoleGrant) -> None:
    setattr(request, _PENDING, grant)
    messages.warning(
        request,
        _(
            "Nothing was granted yet: “%(grant)s” is pending approval by a second "
            "administrator (neither you nor the grantee) on the page of role grants."
        )
        % {"grant": grant},
    )


class GrantAwareAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Answers of the add and change pages when a pending grant was made instead of a save."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # Not inside the admin's transaction: the grant services run their own (durable).
        return self._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[attr-defined,no-any-return]

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None if pending_grant(request) else super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None if pending_grant(request) else super().log_change(request, obj, message)

    def response_add(
        self, request: HttpRequest, obj: Any, post_url_continue: str | None = None
    ) -> HttpResponse:
        if pending_grant(request) or getattr(request, _REFUSED, False):
            return HttpResponseRedirect(reverse("role_grants"))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        if pending_grant(request) or getattr(request, _REFUSED, False):
            return HttpResponseRedirect(reverse("role_grants"))
        return super().response_change(request, obj)


def save_membership(request: HttpRequest, obj: Membership, change: bool) -> bool:
    """For a vetting role newly given to someone: a pending grant, True; else False (save it)."""
    if obj.role not in PRIVILEGED_ROLES:
        return False
    stored = Membership.objects.filter(pk=obj.pk).first() if change else None
    unchanged = stored is not None and (stored.user_id, stored.country_id, stored.role) == (
        obj.user_id,
        obj.country_id,
        obj.role,
    )
    if unchanged:
        return False
    try:
        granted = services.grant_role(
            obj.user, obj.country, Role(obj.role), acting_user=signed_in(request)
        )
    except Denied as exc:
        setattr(request, _REFUSED, True)
        messages.error(request, exc.reason)
        return True
    if isinstance(granted, RoleGrant):
        note_pending(request, granted)
    return True


class GrantAwareUserAdmin(GrantAwareAdmin, UserAdmin):  # type: ignore[type-arg]
    """Django's user admin, where ticking superuser status asks for a second superuser."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        stored = User.objects.filter(pk=obj.pk).first() if change else None
        wants_superuser = bool(obj.is_superuser) and not (
            stored is not None and stored.is_superuser
        )
        if wants_superuser:
            obj.is_superuser = False
        with transaction.atomic():
            super().save_model(request, obj, form, change)
        if wants_superuser:
            try:
                grant = request_superuser(obj, acting_user=signed_in(request))
            except Denied as exc:
                messages.error(request, exc.reason)
                return
            if grant is not None:
                note_pending(request, grant)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return admin.ModelAdmin.log_change(self, request, obj, message)  # the rest was saved

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        # The other fields were saved: stay on the user's page, with the message above.
        if pending_grant(request):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
