"""Pages of the transitions app."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "transitions"

urlpatterns: list[URLPattern] = []
