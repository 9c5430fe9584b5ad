"""The denied cases of the backup services (listed in ``test_services_denied.CASES``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ssrmonitor.core.backup.services import create_backup, restore_backup
from ssrmonitor.testing.actors import DeniedCase, call

BACKUP_CASES: list[DeniedCase] = [
    DeniedCase(create_backup, lambda: call(Path(tempfile.mkdtemp()) / "backup.tar.gz")),
    DeniedCase(restore_backup, lambda: call(Path(tempfile.mkdtemp()) / "backup.tar.gz")),
]
