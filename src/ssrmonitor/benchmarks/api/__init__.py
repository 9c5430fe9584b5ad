"""The benchmark API: frameworks, benchmarks, indicators, measurements and exports.

Split by what the routes touch: ``structure`` (frameworks, benchmarks, indicators),
``measurements`` (values, review workflow, exports); ``schemas`` holds the contract and
``reading`` the guarded reads and roll-ups.
"""

from __future__ import annotations

from ninja import Router

from ssrmonitor.benchmarks.api.grid import router as grid_router
from ssrmonitor.benchmarks.api.measurements import router as measurements_router
from ssrmonitor.benchmarks.api.structure import router as structure_router

router = Router()
router.add_router("", structure_router)
router.add_router("", measurements_router)
router.add_router("", grid_router)

__all__ = ["router"]
