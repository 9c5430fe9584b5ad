"""Log formatting: the request id on every record, and JSON lines when asked.

``SSRMONITOR_LOG_FORMAT=json`` writes one JSON object per line (``time``, ``level``,
``logger``, ``message``, ``request_id`` and any ``extra`` fields) through python-json-logger.
Personal data never reaches a log: services log ids and counts, and the access log
(:mod:`~ssrmonitor.core.ops.middleware`) names the route, never the query string.
"""

from __future__ import annotations

import logging

from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

from ssrmonitor.core.ops import requestid


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request).

    Django logs a request's 4xx/5xx answer after the middleware has returned; that record
    carries the request, which holds its id.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            request = getattr(record, "request", None)
            record.request_id = getattr(request, requestid.ATTRIBUTE, None) or requestid.current()
        return True


class JsonFormatter(_BaseJsonFormatter):
    """One JSON object per line, with the time, level, logger name and request id."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        kwargs.setdefault("datefmt", "%Y-%m-%dT%H:%M:%S%z")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
