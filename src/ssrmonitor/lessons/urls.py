"""Pages of the lessons app."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "lessons"

urlpatterns: list[URLPattern] = []
