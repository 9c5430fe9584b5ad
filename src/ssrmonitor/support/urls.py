"""Pages of the support app (prefix /support/)."""

from __future__ import annotations

from django.urls import path

from ssrmonitor.support.views import manage, pages

app_name = "support"

urlpatterns = [
    path("c/<str:iso2>/", pages.country, name="country"),
    path("c/<str:iso2>/coordination/", pages.coordination, name="coordination"),
    path(
        "c/<str:iso2>/coordination.<str:fmt>",
        pages.coordination_export,
        name="coordination_export",
    ),
    path("c/<str:iso2>/strategy/", manage.strategy, name="strategy"),
    path("c/<str:iso2>/strategy/<int:node_id>/", manage.strategy_node, name="strategy_node"),
    path(
        "c/<str:iso2>/strategy/<int:node_id>/delete/",
        manage.strategy_node_delete,
        name="strategy_node_delete",
    ),
    path("c/<str:iso2>/iati.xml", manage.iati_export, name="iati_export"),
    path("c/<str:iso2>/activities/new/", manage.activity_create, name="activity_create"),
    path("activities/<int:activity_id>/", pages.activity, name="activity"),
    path("activities/<int:activity_id>/align/<str:iso2>/", pages.align, name="align"),
    path("import/", manage.upload, name="upload"),
]
