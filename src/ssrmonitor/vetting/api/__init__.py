"""The vetting API, under ``/api/v1/vetting/``: registries and screening, cases, age."""

from __future__ import annotations

from ninja import Router

from ssrmonitor.vetting.api import age, cases, registry

router = Router(tags=["vetting"])
router.add_router("", registry.router)
router.add_router("", cases.router)
router.add_router("", age.router)
