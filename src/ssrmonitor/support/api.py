"""JSON API routes of the support app (mounted under /api/v1/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["support"])
