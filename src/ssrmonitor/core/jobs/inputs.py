"""Files a job works on (an upload), kept under ``MEDIA_ROOT/job-inputs/`` until it has run.

The file is written as it is received (never whole in memory), with mode 0600, and its SHA-256
is computed on the way: it names the work (:func:`~ssrmonitor.core.jobs.services.submit_job`'s
``work_key``), so a second upload of the same file while the first is imported is refused.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

FOLDER = "job-inputs"


@dataclass(frozen=True)
class KeptInput:
    name: str  # relative to the inputs folder: what a job's parameters carry
    sha256: str
    size: int


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def keep_input(chunks: Iterable[bytes], suffix: str = "") -> KeptInput:
    """Write ``chunks`` to a new private file; return its name, digest and size."""
    name = f"{uuid.uuid4().hex}{suffix[:10]}"
    path = _folder() / name
    digest = hashlib.sha256()
    size = 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            handle.write(chunk)
    return KeptInput(name, digest.hexdigest(), size)


def input_path(name: str) -> Path:
    """The kept file ``name``; a name that leaves the folder is refused."""
    folder = _folder().resolve()
    path = (folder / name).resolve()
    if path.parent != folder:
        raise ValueError(f"not a job input: {name!r}")
    return path


def discard_input(name: str) -> None:
    """Delete the kept file ``name`` (after its job ran, whatever the outcome)."""
    input_path(name).unlink(missing_ok=True)
