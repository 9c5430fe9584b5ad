"""Second factors are not edited in the admin site: every change goes through the services.

django-otp registers its devices with the admin; editing them there would bypass the audit
log and the rules of :mod:`ssrmonitor.core.mfa.services` (own factors only, never one's own
reset). People's factors are listed, and reset, on the sign-in security pages.
"""

from __future__ import annotations

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential

DEVICE_MODELS = (TOTPDevice, StaticDevice, WebAuthnCredential, WebAuthnAttestation)


def unregister_devices(site: admin.AdminSite = admin.site) -> None:
    """Take the device models of django-otp and django-otp-webauthn off ``site``."""
    for model in DEVICE_MODELS:
        if site.is_registered(model):
            site.unregister(model)
