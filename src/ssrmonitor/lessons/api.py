"""JSON API routes of the lessons app (mounted under /api/v1/lessons/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["lessons"])
