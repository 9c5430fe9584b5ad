"""JSON API routes of the reports app (mounted under /api/v1/reports/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reports"])
