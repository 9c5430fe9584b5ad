"""``ssrmonitor audit_anchor [--append FILE]``: print the signed head of the audit chain."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ssrmonitor.core.audit import head_anchor, verify_chain


class Command(BaseCommand):
    help = (
        "Print one line naming the newest event of the audit log (sequence, hash, time), signed "
        "with the audit key. Run it daily and keep the lines off this server (mail them, or "
        "--append to a file on other storage): 'verify_audit_chain --anchor FILE' then detects "
        "the removal of the newest events, which the chain alone cannot. The chain is verified "
        "first: a broken chain is not anchored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--append",
            metavar="FILE",
            default=None,
            help="Also append the line to FILE (created readable by its owner only).",
        )
        parser.add_argument(
            "--skip-verify",
            action="store_true",
            help="Do not verify the chain first (for a very large log verified separately).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["skip_verify"]:
            breaks = next(iter(verify_chain()), None)
            if breaks is not None:
                raise CommandError(
                    _(
                        "The audit chain is broken (event #%(id)d: %(reason)s): it is not "
                        "anchored. Run ssrmonitor verify_audit_chain for every break."
                    )
                    % {"id": breaks.event_id, "reason": breaks.reason},
                    returncode=1,
                )
        line = head_anchor()
        if options["append"]:
            _append(Path(options["append"]), line)
        self.stdout.write(line)


def _append(path: Path, line: str) -> None:
    """Append ``line`` to ``path``, creating it 0600 (anchors are not secret, but not public)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError as exc:
        reason = _("Cannot write %(path)s: %(error)s") % {"path": path, "error": exc}
        raise CommandError(reason) from None
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
