"""Pages of the sanctions app."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "sanctions"

urlpatterns: list[URLPattern] = []
