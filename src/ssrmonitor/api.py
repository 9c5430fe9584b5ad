"""The JSON API, version 1 (filled in by the apps' ``api.py`` routers)."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="SSR Monitor API", version="1", urls_namespace="api")
