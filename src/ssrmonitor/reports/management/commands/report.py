"""``ssrmonitor report``: write a country report (or a frozen snapshot's) to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.permissions import NotFound
from ssrmonitor.reports import generate
from ssrmonitor.reports.builder import build_document
from ssrmonitor.reports.permissions import access_snapshot_by_id
from ssrmonitor.reports.render.docx import render_docx


class Command(BaseCommand):
    help = (
        "Write the security sector reform report of COUNTRY (ISO alpha-2 code) for a reporting "
        "period as HTML, PDF or Word, from approved values only. Run as --user (whose rights "
        "apply: an internal report needs reports.generate in the country); without --user only "
        "the public edition (published frameworks) can be generated. Use COUNTRY 'thematic' "
        "for the thematic report across countries, or --snapshot ID to regenerate a frozen "
        "snapshot byte for byte."
    )

    # The system checks load every URL and API schema (about two thirds of the command's time,
    # issue 14: Word in 4.7 s); `ssrmonitor check` and the server run them, a report needs none.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("country", help="ISO 3166-1 alpha-2 code (e.g. HT), or 'thematic'.")
        parser.add_argument("--period", help="Reporting period: 2026, 2026-H1, 2026-Q3, 2026-07.")
        parser.add_argument("--format", dest="fmt", choices=["html", "pdf", "docx"],
                            default="pdf", help="Output format (default pdf).")  # fmt: skip
        parser.add_argument("--lang", choices=["en", "fr", "ar", "pt", "es"], default="en",
                            help="Language of the report (default en).")  # fmt: skip
        parser.add_argument("--audience", choices=["internal", "public"], default=None,
                            help="internal (needs --user) or public; default internal with "
                                 "--user, public without.")  # fmt: skip
        parser.add_argument("--user", help="Username whose permissions apply.")
        parser.add_argument("--snapshot", type=int, help="Regenerate this snapshot instead.")
        parser.add_argument("--docx-template", type=Path,
                            help="A .docx whose styles the Word output uses.")  # fmt: skip
        parser.add_argument("-o", "--output", type=Path, required=True, help="File to write.")

    def _user(self, username: str | None) -> User | None:
        if username is None:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        return user

    def _payload(self, user: User | None, options: dict[str, Any]) -> dict[str, Any]:
        viewer: Viewer = user if user is not None else AnonymousUser()
        if options["snapshot"] is not None:
            return dict(access_snapshot_by_id(viewer, options["snapshot"]).payload)
        audience = options["audience"] or ("internal" if user is not None else "public")
        if options["country"].lower() == "thematic":
            return dict(generate.thematic_payload(viewer, options["period"], audience))
        return dict(
            generate.country_payload(viewer, options["country"], options["period"], audience)
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["user"])
        try:
            payload = self._payload(user, options)
            if options["fmt"] == "docx" and options["docx_template"]:
                document = build_document(payload, options["lang"])
                content = render_docx(document, options["docx_template"])
            else:
                content = generate.rendered(payload, options["fmt"], options["lang"]).content
        except NotFound:
            raise CommandError("No such country or snapshot, or no right to its report.") from None
        except ValidationFailed as exc:
            raise CommandError(str(exc)) from None
        options["output"].write_bytes(content)
        self.stdout.write(f"{options['output']}: {len(content)} bytes")
