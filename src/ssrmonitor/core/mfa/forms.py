"""Forms of the second factor: a code at sign-in, a code to confirm a new authenticator app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.forms import ServiceForm


class CodeForm(ServiceForm):
    """The second step of sign-in: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_(
            "The 6 digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class AuthenticatorForm(ServiceForm):
    """Confirm a new authenticator app with the code it shows, and name it."""

    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=64,
        required=False,
        help_text=_("To tell your devices apart, for example “work phone”."),
    )
