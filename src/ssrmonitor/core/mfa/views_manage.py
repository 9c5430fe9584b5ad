"""One's own second factors (list, recovery codes, removal), and an administrator's reset.

Behind the second factor: a session that owes it never reaches these pages (see
:mod:`.middleware`), and every change also checks, in its service, that the session was
verified.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import DEVICE_ID_SESSION_KEY

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, signed_in
from ssrmonitor.core.mfa import devices, services
from ssrmonitor.core.mfa.middleware import forget_check
from ssrmonitor.core.mfa.permissions import people_visible_to, second_factor_required
from ssrmonitor.core.mfa.views import next_url, verified_device
from ssrmonitor.core.models import Membership
from ssrmonitor.core.permissions import NotFound

PEOPLE_PAGE_SIZE = 50


@never_cache
@login_required
@require_safe
@domain_errors
def devices_page(request: HtmxHttpRequest) -> HttpResponseBase:
    """Sign-in security: one's authenticator apps, passkeys and recovery codes."""
    user = signed_in(request)
    context = {
        "devices": devices.devices_of(user),
        "codes_left": devices.recovery_codes_left(user),
        "has_codes": devices.MODELS[devices.RECOVERY].objects.filter(user=user).exists(),
        "required": second_factor_required(user),
        "can_reset_others": _administers_someone(user),
    }
    return render(request, "core/mfa/devices.html", context)


def _administers_someone(user: User) -> bool:
    try:
        people_visible_to(user)
    except NotFound:
        return False
    return True


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@domain_errors
def recovery_codes(request: HtmxHttpRequest) -> HttpResponseBase:
    """Make new recovery codes: shown once, in the answer to the form."""
    user = signed_in(request)
    codes: list[str] = []
    if request.method == "POST":
        codes = services.create_recovery_codes(
            acting_user=user, verified_with=verified_device(request)
        )
    context = {
        "codes": codes,
        "codes_left": devices.recovery_codes_left(user),
        "next": next_url(request),
    }
    return render(request, "core/mfa/recovery_codes.html", context)


@login_required
@require_POST
@domain_errors
def remove(request: HtmxHttpRequest, kind: str, pk: int) -> HttpResponseBase:
    """Remove one of one's own second factors."""
    user = signed_in(request)
    device = devices.own_device(user, kind, pk)
    removes_own_check = request.session.get(DEVICE_ID_SESSION_KEY) == device.persistent_id
    try:
        services.remove_device(
            acting_user=user, device=device, verified_with=verified_device(request)
        )
    except ValidationFailed as exc:
        for error in exc.errors:
            messages.error(request, error.reason)
    else:
        if removes_own_check:
            forget_check(request.session)  # this session loses its verification at once
        messages.success(request, _("Removed: %(name)s.") % {"name": device.name})
    return redirect("mfa:devices")


def _people(viewer: User) -> QuerySet[User]:
    try:
        return people_visible_to(viewer)
    except NotFound:
        raise Http404 from None


@never_cache
@login_required
@require_safe
@domain_errors
def people(request: HtmxHttpRequest) -> HttpResponseBase:
    """The people whose second factor the administrator may reset, with what they have."""
    viewer = signed_in(request)
    found = _people(viewer)
    query = request.GET.get("q", "").strip()
    if query:
        found = found.filter(username__icontains=query)
    page = Paginator(found, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _rows(list(page.object_list))
    return render(request, "core/mfa/people.html", {"page": page, "rows": rows, "q": query})


def _rows(users: list[User]) -> list[dict[str, Any]]:
    ids = [user.pk for user in users]
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    for model in devices.MODELS.values():
        for user_id in model.objects.filter(user_id__in=ids).values_list("user_id", flat=True):
            counts[user_id] += 1
    roles: dict[int, list[str]] = {user_id: [] for user_id in ids}
    memberships = Membership.objects.filter(user_id__in=ids).select_related("country")
    for membership in memberships.order_by("country__iso2"):
        roles[membership.user_id].append(
            f"{membership.get_role_display()} {membership.country.iso2}"
        )
    return [{"user": user, "devices": counts[user.pk], "roles": roles[user.pk]} for user in users]


@login_required
@require_POST
@domain_errors
def reset(request: HtmxHttpRequest, user_id: int) -> HttpResponseBase:
    """Remove every second factor of someone (lost phone): they enrol again at next sign-in."""
    viewer = signed_in(request)
    person = _people(viewer).filter(pk=user_id).first()
    if person is None:
        raise Http404
    removed = services.reset_devices(acting_user=viewer, user=person)
    messages.success(
        request,
        ngettext(
            "%(count)d second factor of %(name)s removed: they set up a new one at next sign-in.",
            "%(count)d second factors of %(name)s removed: they set up a new one at next sign-in.",
            removed,
        )
        % {"count": removed, "name": person.get_username()},
    )
    return redirect("mfa:people")
