"""Nothing answers a session that still owes its second factor, but the pages that settle it.

A signed-in person who must pass the second factor (see :mod:`.permissions`), or who has
enrolled one, is held until the session is verified: pages and the admin redirect to the
second step (or to enrolment, for someone with no factor yet), the JSON API answers 403 in its
error shape, HTMX requests are sent to the page with ``HX-Redirect``. Only these answer:
the second step, enrolment, the passkey ceremonies, sign-out, the language switch and static
files. Requests with ``Authorization: Bearer …`` on the API are left to the token check:
tokens are issued by operators, and a bad one is refused, never taken for the session.

Roles are read per request (a role granted during a session takes effect at once); whether
someone who needs no second factor has enrolled one is noted in the session at sign-in.

:class:`RecheckingOTPMiddleware` is django-otp's middleware reading the device that verified the
session at most once a minute (:data:`RECHECK_SECONDS`) instead of at every request: a page
costs no query more than before, and a removed or reset device ends the verification of live
sessions within that minute (the session that removes its own verifying device, at once).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import rotate_token
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from ssrmonitor.core.api_support import error_body
from ssrmonitor.core.mfa.devices import has_any_device
from ssrmonitor.core.mfa.permissions import second_factor_required

ENROLLED = "ssrmonitor_mfa_enrolled"
CHECKED = "ssrmonitor_mfa_checked"
RECHECK_SECONDS = 60
API_PREFIX = "/api/"
OPEN_VIEWS = frozenset(
    {
        "logout",
        "admin:logout",
        "set_language",
        "mfa:verify",
        "mfa:setup",
        "mfa:totp",
        "otp_webauthn:credential-registration-begin",
        "otp_webauthn:credential-registration-complete",
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
        "otp_webauthn:js-i18n-catalog",
    }
)


@receiver(user_logged_in, dispatch_uid="ssrmonitor_mfa_enrolled")
def _note_enrolment(
    sender: object, request: HttpRequest | None, user: User, **kwargs: object
) -> None:
    """Whoever has a second factor is asked for it, even when their role does not require it."""
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED] = has_any_device(user)


def note_checked(session: Any, device: Any) -> None:
    """Record that ``device`` verified the session and exists now (see the module)."""
    session[CHECKED] = {"device": device.persistent_id, "user": device.user_id, "at": time.time()}


def mark_verified(request: HttpRequest, device: Any) -> None:
    """The session passed its second factor with ``device``: new session key and CSRF token."""
    otp_login(request, device)
    note_checked(request.session, device)
    request.session.cycle_key()
    rotate_token(request)


def forget_check(session: Any) -> None:
    """Read the verifying device again at the next request (it was just removed)."""
    session.pop(CHECKED, None)


class RecheckingOTPMiddleware(OTPMiddleware):  # type: ignore[misc]
    """django-otp's middleware, reading the verifying device at most once a minute."""

    def _verify_user_sync(
        self, request: HttpRequest, user: User | AnonymousUser
    ) -> User | AnonymousUser:
        device_id = request.session.get(DEVICE_ID_SESSION_KEY)
        checked = request.session.get(CHECKED) or {}
        recent = time.time() - float(checked.get("at", 0)) < RECHECK_SECONDS
        if (
            device_id
            and user.is_authenticated
            and recent
            and checked.get("device") == device_id
            and checked.get("user") == user.pk
        ):
            self._init_user_fields(user)
            lazy = SimpleLazyObject(partial(Device.from_persistent_id, device_id))
            setattr(user, "otp_device", lazy)  # noqa: B010 (set by django-otp, not typed)
            return user
        verified: User | AnonymousUser = super()._verify_user_sync(request, user)
        device = getattr(verified, "otp_device", None)
        if verified.is_authenticated and device is not None:
            note_checked(request.session, device)
        return verified


def is_verified(request: HttpRequest) -> bool:
    """Whether this session passed the second factor (django-otp's middleware says)."""
    return getattr(request.user, "otp_device", None) is not None


def owes_second_factor(request: HttpRequest) -> bool:
    """Whether the signed-in person must pass the second factor before anything else."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated or is_verified(request):
        return False
    if second_factor_required(user):
        return True
    if request.session.get(ENROLLED):
        if has_any_device(user):
            return True
        request.session[ENROLLED] = False  # every factor was removed (by them or a reset)
    return False


def _bearer(request: HttpRequest) -> bool:
    scheme = request.headers.get("Authorization", "").split(" ", 1)[0]
    return request.path_info.startswith(API_PREFIX) and scheme.lower() == "bearer"


def _open(request: HttpRequest) -> bool:
    if request.path_info.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in OPEN_VIEWS


def second_step_url(request: HttpRequest, *, next_url: str | None = None) -> str:
    """The second step for someone with a factor, enrolment for someone without."""
    assert isinstance(request.user, User)  # noqa: S101 (callers checked)
    target = reverse("mfa:verify" if has_any_device(request.user) else "mfa:setup")
    return f"{target}?{urlencode({'next': next_url})}" if next_url else target


def _refuse(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith(API_PREFIX):
        reason = _(
            "This session has not passed the second step of sign-in: complete it in the "
            "browser first (or use an API token)."
        )
        return JsonResponse(error_body(403, reason), status=403)
    safe = request.method in ("GET", "HEAD")
    url = second_step_url(request, next_url=request.get_full_path() if safe else None)
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class SecondFactorMiddleware:
    """Hold every request of a session that owes its second factor (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _bearer(request) and owes_second_factor(request) and not _open(request):
            return _refuse(request)
        return self.get_response(request)
