"""``ssrmonitor generate_data_key``: print a new key for ``SSRMONITOR_DATA_KEY``."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ssrmonitor.env import PRIVATE_FILE_MODE, private_file
from ssrmonitor.vetting.crypto import key_id, new_key


class Command(BaseCommand):
    help = (
        "Print a new random data key (32 bytes, base64) for SSRMONITOR_DATA_KEY, or write it "
        "to a new file readable by its owner only (--output, for SSRMONITOR_DATA_KEY_FILE). "
        "To rotate, put it first: SSRMONITOR_DATA_KEY=<new>,<old>; then run rotate_data_key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            metavar="FILE",
            help="Write the key to this new file (mode 0600) instead of printing it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = new_key()
        output: Path | None = options["output"]
        if output is None:
            self.stdout.write(key)
        else:
            if output.exists():
                raise CommandError(f"{output} exists: a key file is never overwritten.")
            private_file(output, key + "\n")
            output.chmod(PRIVATE_FILE_MODE)
            self.stdout.write(f"Key written to {output} (readable by its owner only).")
        self.stderr.write(
            f"Key id {key_id(base64.urlsafe_b64decode(key))}. Keep it out of the database and "
            "of version control: whoever holds it can read the vetting data."
        )
