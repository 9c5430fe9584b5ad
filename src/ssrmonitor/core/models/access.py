"""Who may do what where: a user's role in each country, and API tokens."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models.reference import Country


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    EDITOR = "editor", _("Country editor")
    REVIEWER = "reviewer", _("Reviewer")
    VIEWER = "viewer", _("Viewer")
    VETTING_OFFICER = "vetting_officer", _("Vetting officer")
    VETTING_REVIEWER = "vetting_reviewer", _("Vetting reviewer")
    CHILD_PROTECTION = "child_protection", _("Child protection officer")


class Membership(models.Model):
    """A user's role in one country. A user holds at most one role per country."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("country")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "country"], name="one_role_per_country")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.country.iso2}"


def hash_token(raw: str) -> str:
    """Tokens are stored as SHA-256 digests; the raw token is shown once at creation."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


TOKEN_NAME_LENGTH = 100


class TokenScope(models.TextChoices):
    """What a token may do: read only (GET, HEAD, OPTIONS), or read and change data."""

    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class ApiToken(models.Model):
    """A bearer token for the API. Only its digest is stored.

    It expires (by default ``SSRMONITOR_API_TOKEN_DAYS`` after its creation; only an operator's
    command makes one that never does), it is read-only or read-write (:class:`TokenScope`), and
    its last use is kept to the minute. Its owner lists and revokes it on the *API tokens* page.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=TOKEN_NAME_LENGTH)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=8)
    scope = models.CharField(
        _("scope"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def may_write(self) -> bool:
        """Whether the token may be used for POST, PUT, PATCH and DELETE."""
        return self.scope == TokenScope.READ_WRITE

    def is_usable(self) -> bool:
        """A token works while it is neither revoked nor expired and its user is active."""
        now = timezone.now()
        if self.revoked_at is not None:
            return False
        if self.expires_at is not None and self.expires_at <= now:
            return False
        return bool(self.user.is_active)
