"""The second step of sign-in, and enrolment of a first (or another) second factor.

These pages answer a session that still owes its second factor (see :mod:`.middleware`);
they never answer from a cache (``Cache-Control: no-store``): the set-up key is a secret.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, form_status, posted, signed_in
from ssrmonitor.core.mfa import devices, services
from ssrmonitor.core.mfa.forms import AuthenticatorForm, CodeForm
from ssrmonitor.core.mfa.middleware import is_verified, mark_verified, second_step_url
from ssrmonitor.core.mfa.permissions import second_factor_required

PENDING_KEY = "ssrmonitor_mfa_pending_totp_key"


def next_url(request: HttpRequest) -> str:
    """Where to go once done: a ``next`` of this site, else the home page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if wanted and safe else resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(name: str, target: str) -> str:
    """The URL named ``name`` with ``?next=target``."""
    return f"{reverse(name)}?{urlencode({'next': target})}"


def verified_device(request: HttpRequest) -> Any:
    """The device that verified this session, or ``None``."""
    return getattr(request.user, "otp_device", None)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@domain_errors
def verify(request: HtmxHttpRequest) -> HttpResponseBase:
    """The second step: a code (authenticator app or recovery code), or a passkey."""
    user = signed_in(request)
    target = next_url(request)
    if is_verified(request):
        return redirect(target)
    if not devices.has_any_device(user):
        return redirect(with_next("mfa:setup", target) if second_factor_required(user) else target)
    form = CodeForm(posted(request))
    if form.is_bound and form.is_valid():
        check = services.verify_code(acting_user=user, code=form.cleaned_data["code"])
        if check.device is not None:
            mark_verified(request, check.device)
            if devices.kind_of(check.device) == devices.RECOVERY:
                _warn_codes_left(request, devices.recovery_codes_left(user))
            return redirect(target)
        form.add_error("code", _refusal(check.locked_until))
    has_passkey = devices.MODELS[devices.PASSKEY].objects.filter(user=user).exists()
    context = {"form": form, "next": target, "has_passkey": has_passkey}
    return render(request, "core/mfa/verify.html", context, status=form_status(request))


def _refusal(locked_until: Any) -> str:
    if locked_until is None:
        return _("This code is not right, or it was used already.")
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes: wait %(seconds)d second before the next try.",
        "Too many wrong codes: wait %(seconds)d seconds before the next try.",
        seconds,
    ) % {"seconds": seconds}


def _warn_codes_left(request: HttpRequest, left: int) -> None:
    messages.warning(
        request,
        ngettext(
            "You used a recovery code: %(count)d is left. Make new ones on your sign-in "
            "security page.",
            "You used a recovery code: %(count)d are left. Make new ones on your sign-in "
            "security page when few are left.",
            left,
        )
        % {"count": left},
    )


@never_cache
@login_required
@require_safe
@domain_errors
def setup(request: HtmxHttpRequest) -> HttpResponseBase:
    """Choose a second factor: an authenticator app, or a passkey on this device."""
    user = signed_in(request)
    target = next_url(request)
    if devices.has_any_device(user) and not is_verified(request):
        return redirect(second_step_url(request, next_url=target))
    context = {
        "next": target,
        "required": second_factor_required(user),
        "after_passkey": with_next("mfa:recovery_codes", target),
    }
    return render(request, "core/mfa/setup.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@domain_errors
def totp(request: HtmxHttpRequest) -> HttpResponseBase:
    """Add an authenticator app: its set-up key (text, ``otpauth://`` URI, QR code), then a code."""
    user = signed_in(request)
    target = next_url(request)
    if devices.has_any_device(user) and not is_verified(request):
        return redirect(second_step_url(request, next_url=target))
    key = request.session.get(PENDING_KEY) or devices.new_totp_key()
    request.session[PENDING_KEY] = key
    form = AuthenticatorForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            device = services.enrol_totp(
                acting_user=user,
                key=key,
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                verified_with=verified_device(request),
            )
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            return _enrolled(request, device, target)
    uri = devices.otpauth_uri(user, key)
    context = {
        "form": form,
        "next": target,
        "setup_key": devices.base32_key(key),
        "uri": uri,
        "qr": devices.qr_svg(uri),
    }
    return render(request, "core/mfa/totp.html", context, status=form_status(request))


def _enrolled(request: HttpRequest, device: Any, target: str) -> HttpResponse:
    request.session.pop(PENDING_KEY, None)
    if not is_verified(request):
        mark_verified(request, device)
    messages.success(request, _("Authenticator app added."))
    if devices.recovery_codes_left(device.user) == 0:
        return redirect(with_next("mfa:recovery_codes", target))
    return redirect(target)
