"""Pages of the sector app."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "sector"

urlpatterns: list[URLPattern] = []
