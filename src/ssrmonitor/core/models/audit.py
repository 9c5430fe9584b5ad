"""The append-only audit log.

Every create, update and delete of domain data writes one row in the same transaction as the
change (see :func:`ssrmonitor.core.audit.record`). Rows are chained: each stores the HMAC of its
content and of the previous row's HMAC, so ``ssrmonitor verify_audit_chain`` detects an edited
row, and a row deleted, inserted or moved anywhere *before* the newest one.

The chain alone cannot detect the removal of the newest rows: what remains is still a valid
chain. That needs an anchor kept off the server: ``ssrmonitor audit_anchor`` prints the signed
head (sequence, hash, time), and ``verify_audit_chain --anchor FILE`` fails when an anchored
event is gone or changed. Nor does the chain stop someone who holds the audit key and the
database from rewriting it whole: anchors taken before are the evidence against that too.

The model refuses updates and deletes, its queryset refuses bulk writes, and database triggers
(migration 0002) refuse them at the SQL level too.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """The audit log is append-only."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit log cannot be updated.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The audit log cannot be deleted from.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit log cannot be updated.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit rows are written one by one through core.audit.record().")


class AuditEvent(models.Model):
    """One change of domain data: who, when, what, before → after."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("who"), max_length=150)
    action = models.CharField(_("action"), max_length=40)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=250)
    country_iso2 = models.CharField(_("country"), max_length=2, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id} by {self.actor_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")
