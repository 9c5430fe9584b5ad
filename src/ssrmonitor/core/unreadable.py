"""Stored data this server cannot read: a refusal with its reason, never a server error.

An app whose stored values can fail to open (vetting's personal data, sealed with the data
key) raises a subclass of :class:`StoredDataUnreadable`; the page middleware
(:class:`ssrmonitor.core.middleware.RefusalMiddleware`) and the API answer it with 409 and the
reason, and log it for the operator. Core knows no app: the apps subclass this.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


class StoredDataUnreadable(Exception):
    """Stored data cannot be read with this server's configuration (a key, a format …)."""

    status = 409

    def public_reason(self) -> str:
        """What the person sees: what happened and who can fix it (no secret, no value)."""
        return _(
            "This data cannot be opened with the server's current configuration. Nothing was "
            "changed. Tell the operator: %(detail)s"
        ) % {"detail": str(self)}
