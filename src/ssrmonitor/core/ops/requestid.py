"""The request id: taken from ``X-Request-ID`` when well formed, else made; on every log line.

A proxy in front (Caddy, nginx) can pass its own id so that its log and ours share it; anything
that is not 8–128 characters of letters, digits and ``-_.:`` is replaced, so that a client
cannot write arbitrary text into the logs.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
ATTRIBUTE = "request_id"  # also set on the request, for log records that carry it
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_current: ContextVar[str] = ContextVar("ssrmonitor_request_id", default="-")


def choose(offered: str | None) -> str:
    """The client's id when well formed, else a new random one (32 hex digits)."""
    if offered and _WELL_FORMED.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


def current() -> str:
    """The id of the request being served in this thread (``-`` outside a request)."""
    return _current.get()


def begin(request_id: str) -> object:
    """Set the id for this thread; returns the token :func:`end` needs."""
    return _current.set(request_id)


def end(token: object) -> None:
    """Restore the id that was current before :func:`begin`."""
    _current.reset(token)  # type: ignore[arg-type]
