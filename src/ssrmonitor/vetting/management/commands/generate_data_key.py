"""``ssrmonitor generate_data_key``: print a new key for ``SSRMONITOR_DATA_KEY``."""

from __future__ import annotations

import base64
from typing import Any

from django.core.management.base import BaseCommand

from ssrmonitor.vetting.crypto import key_id, new_key


class Command(BaseCommand):
    help = (
        "Print a new random data key (32 bytes, base64) for SSRMONITOR_DATA_KEY. To rotate, "
        "put it first: SSRMONITOR_DATA_KEY=<new>,<old>; then run rotate_data_key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        key = new_key()
        self.stdout.write(key)
        self.stderr.write(
            f"Key id {key_id(base64.urlsafe_b64decode(key))}. Keep it out of the database and "
            "of version control: whoever holds it can read the vetting data."
        )
