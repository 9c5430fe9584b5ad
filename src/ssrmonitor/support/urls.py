"""Pages of the support app."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "support"

urlpatterns: list[URLPattern] = []
