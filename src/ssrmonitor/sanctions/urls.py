"""Pages of the sanctions app: the UN list, arms embargoes and exemption requests."""

from __future__ import annotations

from django.urls import path

from ssrmonitor.sanctions import exports
from ssrmonitor.sanctions.views import embargo, listing

app_name = "sanctions"

urlpatterns = [
    # the UN Security Council consolidated list (public)
    path("", listing.regimes, name="regimes"),
    path("regimes/<str:code>/", listing.regime, name="regime"),
    path("parties/<int:party_id>/", listing.party, name="party"),
    path("search/", listing.search, name="search"),
    # arms embargoes (public) and exemption requests (internal)
    path("c/<str:iso2>/", embargo.country, name="country"),
    path("c/<str:iso2>/measures/new/", embargo.measure_create, name="measure_create"),
    path("c/<str:iso2>/flags/new/", embargo.flag_create, name="flag_create"),
    path("flags/<int:flag_id>/remove/", embargo.flag_remove, name="flag_remove"),
    path("c/<str:iso2>/exemptions.csv", exports.exemptions_csv, name="exemptions_csv"),
    path("measures/<int:measure_id>/", embargo.measure, name="measure"),
    path("measures/<int:measure_id>/edit/", embargo.measure_edit, name="measure_edit"),
    path(
        "measures/<int:measure_id>/exemptions/new/",
        embargo.exemption_create,
        name="exemption_create",
    ),
    path("exemptions/<int:exemption_id>/", embargo.exemption, name="exemption"),
    path("exemptions/<int:exemption_id>/edit/", embargo.exemption_edit, name="exemption_edit"),
]
