"""Passkeys (WebAuthn) as a second factor, with django-otp-webauthn's ceremonies and script.

Its views are used as they are, except that completing a registration or an authentication
goes through :func:`~ssrmonitor.core.mfa.services.register_passkey` and
:func:`~ssrmonitor.core.mfa.services.verify_passkey` (audited, own factors only), and a verified
session gets a new session key and CSRF token. Its JavaScript is served from the installed
package as a static file of this site (no CDN), under the site's Content Security Policy
(``script-src 'self'``). Sign-in with a passkey alone is off
(``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.http.request import split_domain_port
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn
from django_otp_webauthn.utils import rewrite_exceptions

from ssrmonitor.core.mfa import services
from ssrmonitor.core.mfa.middleware import mark_verified
from ssrmonitor.core.permissions import Denied


def relying_party_id(request: HttpRequest) -> str:
    """The WebAuthn relying party: the host the browser asked for (ALLOWED_HOSTS checked it)."""
    domain, _port = split_domain_port(request.get_host())
    return domain


def _refused(exc: Denied) -> JsonResponse:
    return JsonResponse({"detail": exc.reason, "code": "denied"}, status=403)


class CompleteRegistration(webauthn.CompleteCredentialRegistrationView):  # type: ignore[misc]
    """Save a new passkey through :func:`services.register_passkey`."""

    def handle_exception(self, exc: Exception) -> JsonResponse:
        return _refused(exc) if isinstance(exc, Denied) else super().handle_exception(exc)

    def post(self, *args: Any, **kwargs: Any) -> JsonResponse:
        user = self.get_user()
        state = self.get_state()
        helper = self.get_helper()
        data = self.request.data
        verified_with = getattr(self.request.user, "otp_device", None)
        with rewrite_exceptions(logger=webauthn._get_pywebauthn_logger()):
            device = services.register_passkey(
                acting_user=user,
                complete=lambda: helper.register_complete(user=user, state=state, data=data),
                verified_with=verified_with,
            )
        if verified_with is None:
            mark_verified(self.request, device)
        return JsonResponse({"id": device.pk})


class CompleteAuthentication(webauthn.CompleteCredentialAuthenticationView):  # type: ignore[misc]
    """Check a passkey's assertion through :func:`services.verify_passkey`."""

    def handle_exception(self, exc: Exception) -> JsonResponse:
        return _refused(exc) if isinstance(exc, Denied) else super().handle_exception(exc)

    def post(self, *args: Any, **kwargs: Any) -> JsonResponse:
        user = self.get_user()
        state = self.get_state()
        helper = self.get_helper()
        data = self.request.data

        def complete() -> Any:
            found = helper.authenticate_complete(user=user, state=state, data=data)
            self.check_device_usable(found)
            return found

        with rewrite_exceptions(logger=webauthn._get_pywebauthn_logger()):
            device = services.verify_passkey(acting_user=user, complete=complete)
        mark_verified(self.request, device)
        return JsonResponse(self.get_success_data(device))


urlpatterns = [
    path(
        "registration/begin/",
        webauthn.BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompleteRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        webauthn.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompleteAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
