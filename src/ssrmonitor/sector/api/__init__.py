"""JSON API routes of the sector app (mounted under /api/v1/sector/).

Reads answer anonymous requests with public data (suppressed personnel figures); every route
goes through :mod:`ssrmonitor.sector.permissions` and the selectors, and writes go through
the services (403 with the reason, 422 with field errors, 404 for what you may not see).
"""

from __future__ import annotations

from ssrmonitor.sector.api import reading, writing  # noqa: F401 (they register the routes)
from ssrmonitor.sector.api.common import router

__all__ = ["router"]
