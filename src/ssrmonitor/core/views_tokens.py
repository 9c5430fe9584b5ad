"""The *API tokens* page: a signed-in user lists, creates and revokes their own tokens.

Only the owner's tokens are listed or revocable here (another user's answers 404, like a missing
one); administrators revoke anyone's in the admin site or with ``ssrmonitor revoke_api_token``.
A new token is shown once, in the answer to the form that made it: it is stored nowhere (only its
digest is), and the page is never cached.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.forms import ServiceForm
from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, posted, render_page, signed_in
from ssrmonitor.core.models import ApiToken
from ssrmonitor.core.models.access import TOKEN_NAME_LENGTH, TokenScope
from ssrmonitor.core.permissions import access_own_token_by_id, tokens_of
from ssrmonitor.core.services import create_api_token, revoke_api_token

TEMPLATE = "core/tokens.html"
CREATED = 201


class TokenForm(ServiceForm):
    """Name, scope (read-only by default) and days until the token expires."""

    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=TOKEN_NAME_LENGTH,
        help_text=gettext_lazy("What the token is for, for example “nightly export”."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "A read-only token can only read (GET); choose read and write for a script that "
            "enters or changes data."
        ),
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data)
        longest = int(settings.SSRMONITOR_API_TOKEN_DAYS)
        self.fields["days"] = forms.IntegerField(
            label=_("Expires after (days)"),
            min_value=1,
            max_value=longest,
            initial=longest,
            help_text=_("At most %(days)d days. Revoke a token as soon as it is not needed.")
            % {"days": longest},
        )

    def form_field_of(self, service_field: str) -> str | None:
        return "days" if service_field == "expires_at" else super().form_field_of(service_field)

    def save(self, *, owner: User) -> tuple[ApiToken, str] | None:
        """Create the token through the service; ``None`` (errors on the form) if refused."""
        data = self.cleaned_data
        try:
            return create_api_token(
                owner,
                acting_user=owner,
                name=data["name"],
                scope=TokenScope(data["scope"]),
                expires_at=timezone.now() + timedelta(days=data["days"]),
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def api_tokens(request: HtmxHttpRequest) -> HttpResponseBase:
    """List the user's tokens and make a new one (shown once, in this answer only)."""
    user = signed_in(request)
    form = TokenForm(posted(request))
    created: tuple[ApiToken, str] | None = None
    if form.is_bound and form.is_valid():
        created = form.save(owner=user)
    if created is not None:
        form = TokenForm()
    status = CREATED if created is not None else (422 if form.is_bound else 200)
    context = {
        "form": form,
        "tokens": tokens_of(user),
        "created": created[0] if created is not None else None,
        "raw_token": created[1] if created is not None else "",
        "now": timezone.now(),
    }
    return render_page(request, TEMPLATE, context, status=status)


@login_required
@require_POST
@domain_errors
def api_token_revoke(request: HtmxHttpRequest, token_id: int) -> HttpResponseBase:
    """Revoke one of the user's own tokens: it stops working on the next request."""
    user = signed_in(request)
    token = revoke_api_token(access_own_token_by_id(user, token_id), acting_user=user)
    messages.success(
        request,
        _("Token %(prefix)s… (%(name)s) revoked.") % {"prefix": token.prefix, "name": token.name},
    )
    return redirect("api_tokens")
