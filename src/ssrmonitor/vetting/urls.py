"""Pages of vetting and age screening, under ``/vetting/``.

Each part keeps its own list: personnel and screening (``views/registry.py``), records and
watchlists (``views/records.py``), cases (``views/cases.py``), age assessment
(``views/age.py``), statistics, exports of personal data and the screening thresholds
(``views/oversight.py``).
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from ssrmonitor.vetting.views import age, cases, oversight, records, registry

app_name = "vetting"

urlpatterns: list[URLPattern | URLResolver] = [
    *registry.urlpatterns,
    *records.urlpatterns,
    *cases.urlpatterns,
    *age.urlpatterns,
    *oversight.urlpatterns,
]
