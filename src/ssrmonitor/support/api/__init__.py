"""JSON API routes of the support app (mounted under /api/v1/support/).

Activities imported from IATI are public; national entries, the national strategy, the
alignment links and the coordination analysis are for members of the country (404 for anybody
else). Editors and administrators (``support.edit``) change them; other members get 403.

Split by what the routes touch: ``activities`` (activities, national entries, coordination),
``strategy`` (the national strategy tree) and ``alignment`` (an activity's confirmed links and
suggestions); the contract is in :mod:`ssrmonitor.support.schemas`.
"""

from __future__ import annotations

from ninja import Router

from ssrmonitor.support.api.activities import router as activities_router
from ssrmonitor.support.api.alignment import router as alignment_router
from ssrmonitor.support.api.strategy import router as strategy_router

router = Router(tags=["support"])
router.add_router("", activities_router)
router.add_router("", strategy_router)
router.add_router("", alignment_router)

__all__ = ["router"]
