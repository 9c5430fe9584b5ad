"""``ssrmonitor verify_audit_chain``: check that no audit event was edited, removed or moved."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.core.audit import verify_chain
from ssrmonitor.core.models import AuditEvent


class _Counted:
    """Passes events through and counts them, so the count is of what was verified."""

    def __init__(self) -> None:
        self.count = 0

    def each(self, events: Iterable[AuditEvent]) -> Iterator[AuditEvent]:
        for event in events:
            self.count += 1
            yield event


class Command(BaseCommand):
    help = (
        "Recompute the HMAC chain of the audit log. Exits with status 1 and lists every break "
        "(an edited, deleted, inserted or reordered event) if the chain does not verify."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counted = _Counted()
        events = counted.each(AuditEvent.objects.order_by("id").iterator())
        breaks = list(verify_chain(events))
        for found in breaks:
            self.stderr.write(
                _("event #%(id)d: %(reason)s") % {"id": found.event_id, "reason": found.reason}
            )
        if breaks:
            raise CommandError(
                ngettext(
                    "The audit chain is broken: %(breaks)d break among %(count)d events.",
                    "The audit chain is broken: %(breaks)d breaks among %(count)d events.",
                    len(breaks),
                )
                % {"breaks": len(breaks), "count": counted.count},
                returncode=1,
            )
        self.stdout.write(
            ngettext(
                "Audit chain intact: %(count)d event verified.",
                "Audit chain intact: %(count)d events verified.",
                counted.count,
            )
            % {"count": counted.count}
        )
