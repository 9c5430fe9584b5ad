"""Typed reads of the environment that fail loudly.

Only ``settings.py`` calls these. Our own variables are prefixed ``SSRMONITOR_``; a few
well-known names (``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``) are read as they are.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    """Return the variable ``name`` or ``default`` when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Return a boolean; anything but 1/true/yes/on or 0/false/no/off is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no).")


def env_int(name: str, default: int) -> int:
    """Return an integer, or fail with the variable's name."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list without blanks."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_secret(name: str) -> str | None:
    """Return a secret from ``NAME`` or from the file named by ``NAME_FILE`` (Docker secrets)."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value and path:
        raise ImproperlyConfigured(f"Set either {name} or {name}_FILE, not both.")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from None
    return value or None


# --- files the server creates: readable by its own account only ---------------------------

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create the folder ``path`` (and parents) as 0700 when missing; return it.

    A folder that already exists keeps its mode: the operator chose it.
    """
    if not path.exists():
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        path.chmod(PRIVATE_DIR_MODE)  # mkdir's mode is filtered by the umask
    return path


def private_file(path: Path, text: str | None = None) -> Path:
    """Create ``path`` as 0600 when missing — with ``text``, or empty — never readable by others.

    The file is created with its mode (``O_CREAT | O_EXCL``), so it is never readable by
    others even for an instant; an existing file is left as it is.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return path
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        if text is not None:
            handle.write(text)
    return path
