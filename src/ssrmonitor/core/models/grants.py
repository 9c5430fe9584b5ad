"""Privileged access granted by two people: a request, then a second administrator's decision.

A vetting role (personal data) or superuser status is never given in one step: granting it makes
a pending :class:`RoleGrant`, which grants nothing until a person other than the requester and
the grantee approves it (see :mod:`ssrmonitor.core.services_grants`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models.access import Role
from ssrmonitor.core.models.reference import Country

SUPERUSER = "superuser"
"""The ``role`` of a grant of superuser status (its ``country`` is empty)."""

PRIVILEGED_ROLES = frozenset({Role.VETTING_OFFICER, Role.VETTING_REVIEWER, Role.CHILD_PROTECTION})
"""Roles that give personal data: granted only with a second administrator's approval."""

GRANT_ROLE_CHOICES = [*Role.choices, (SUPERUSER, _("Superuser"))]


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


class RoleGrant(models.Model):
    """A request to give ``grantee`` a privileged ``role`` in ``country`` (or superuser status)."""

    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("grantee"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("country"),
    )
    role = models.CharField(_("role"), max_length=24, choices=GRANT_ROLE_CHOICES)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_by_name = models.CharField(_("requested by (name)"), max_length=150)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")

    def __str__(self) -> str:
        where = self.country.iso2 if self.country is not None else "*"
        return f"{self.grantee} — {self.get_role_display()} — {where} ({self.status})"

    @property
    def is_superuser_grant(self) -> bool:
        return self.role == SUPERUSER
