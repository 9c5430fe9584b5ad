"""``ssrmonitor verify_audit_chain [--anchor FILE]``: check that no audit event was edited,
removed or moved, and with anchors kept off the server, that none was removed from the end."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.core.audit import AnchorProblem, check_anchors, verify_chain
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
        "(an edited, deleted, inserted or reordered event) if the chain does not verify. With "
        "--anchor FILE (lines of 'ssrmonitor audit_anchor'), also checks each anchor's signature "
        "and that its event is still there with the same hash, so that removing the newest "
        "events is detected too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            metavar="FILE",
            default=None,
            help="Anchor lines printed by 'ssrmonitor audit_anchor', kept off the server.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors, problems = self._anchors(options["anchor"])
        counted = _Counted()
        events = counted.each(AuditEvent.objects.order_by("id").iterator())
        breaks = list(verify_chain(events))
        for found in breaks:
            self.stderr.write(
                _("event #%(id)d: %(reason)s") % {"id": found.event_id, "reason": found.reason}
            )
        for problem in problems:
            self.stderr.write(
                _("anchor line %(line)d: %(reason)s")
                % {"line": problem.line, "reason": problem.reason}
            )
        if problems:
            raise CommandError(
                ngettext(
                    "The audit log does not match its anchors: %(problems)d of %(anchors)d "
                    "anchor line fails.",
                    "The audit log does not match its anchors: %(problems)d of %(anchors)d "
                    "anchor lines fail.",
                    anchors,
                )
                % {"problems": len(problems), "anchors": anchors},
                returncode=1,
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
        if options["anchor"]:
            self.stdout.write(
                ngettext("%(count)d anchor matches.", "%(count)d anchors match.", anchors)
                % {"count": anchors}
            )

    def _anchors(self, name: str | None) -> tuple[int, list[AnchorProblem]]:
        """Check the anchor file, if one is given; fail when it holds no anchor line."""
        if not name:
            return 0, []
        try:
            lines = Path(name).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": name, "error": exc}
            ) from None
        anchors, problems = check_anchors(lines)
        if anchors == 0:
            raise CommandError(_("%(path)s holds no anchor line.") % {"path": name})
        return anchors, problems
