"""JSON API routes of the sanctions app (mounted under /api/v1/sanctions/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["sanctions"])
