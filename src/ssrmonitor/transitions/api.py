"""JSON API routes of the transitions app (mounted under /api/v1/transitions/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["transitions"])
