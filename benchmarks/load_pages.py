"""The pages of the load journeys, and a single-request pass that counts their queries.

Run as a child of ``benchmarks/load.py`` with the server's environment (``SSRMONITOR_HOME``,
``DATABASE_URL``): ``python benchmarks/load_pages.py targets OUT.json`` writes the ids the
journeys use (scale frameworks and indicators of each country, activities), and
``python benchmarks/load_pages.py queries TARGETS.json OUT.json`` requests each page of the mix
once warm, in this process through Django's test client, and records its time and its number
of SQL queries (``CaptureQueriesContext``: no DEBUG needed). The client signs in with
``force_login`` and passes the second factor with the test kit's device
(``ssrmonitor.testing.mfa.pass_second_factor``) — only in this pass; the load run itself signs
in through the real forms.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

PERSONAS = {  # persona → demo account
    "viewer": "demo-viewer",
    "editor": "demo-editor",
    "reviewer": "demo-reviewer",
    "admin": "demo-admin",
}
HOME_COUNTRIES = ("HT", "SS")  # the demo accounts' countries
ENTRY_PERIODS = ("2026-Q1", "2026-Q2", "2026-Q3")  # the periods the editors enter (journeys)


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssrmonitor.settings")
    import django

    django.setup()


def targets() -> dict[str, Any]:
    """Ids for the journeys: per country, scale frameworks and a sample of indicators."""
    from django.db.models import Q

    from ssrmonitor.benchmarks.models import Framework, Indicator
    from ssrmonitor.support.models import Activity

    rng = random.Random(2553)
    countries: dict[str, Any] = {}
    published = Framework.objects.filter(is_published=True)
    for iso2 in sorted(set(published.values_list("country__iso2", flat=True))):
        frameworks = list(published.filter(country__iso2=iso2).values_list("pk", flat=True))
        indicators = list(
            Indicator.objects.filter(benchmark__framework__in=frameworks).values_list(
                "pk", flat=True
            )
        )
        if not indicators:
            continue
        countries[iso2] = {
            "frameworks": frameworks,
            "indicators": rng.sample(indicators, min(200, len(indicators))),
        }
    entry = list(
        Indicator.objects.filter(
            external_id__startswith="SCALE-",
            benchmark__framework__country__iso2__in=HOME_COUNTRIES,
        )
        .exclude(measurements__period__in=ENTRY_PERIODS)  # left by an earlier run
        .values_list("pk", flat=True)
    )
    rng.shuffle(entry)
    haiti = Q(countries__code="HT") | Q(transactions__recipient_country="HT")
    activities = list(Activity.objects.filter(haiti).values_list("pk", flat=True).distinct()[:200])
    return {"countries": countries, "entry_indicators": entry, "activities": activities}


def pages(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(persona, name, url) of every kind of page of the mix, on Haiti (the richest)."""
    ht = data["countries"]["HT"]
    framework, indicator = ht["frameworks"][-1], ht["indicators"][0]
    return [
        ("viewer", "home", "/"),
        ("viewer", "country", "/c/HT/"),
        ("viewer", "framework", f"/frameworks/{framework}/"),
        ("viewer", "indicator", f"/indicators/{indicator}/"),
        ("viewer", "indicator chart", f"/indicators/{indicator}/chart.svg"),
        (
            "editor",
            "value entry form",
            f"/indicators/{data['entry_indicators'][0]}/measurements/new/",
        ),
        ("reviewer", "review queue", "/review/"),
        ("viewer", "support country", "/support/c/HT/"),
        ("viewer", "support coordination", "/support/c/HT/coordination/"),
        ("viewer", "support activity", f"/support/activities/{data['activities'][0]}/"),
        ("viewer", "sector", "/sector/c/HT/"),
        ("viewer", "lessons search", "/lessons/?q=police"),
        ("viewer", "api frameworks", "/api/v1/frameworks?country=HT"),
        ("viewer", "api indicators", "/api/v1/indicators?country=HT&limit=100"),
        ("viewer", "api measurements", "/api/v1/measurements?country=HT&limit=100"),
        ("viewer", "api activities", "/api/v1/support/activities?country=HT&limit=100"),
        ("viewer", "report preview", "/reports/c/HT/report/?period=2025-H2"),
    ]


def queries(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each page once cold, then timed warm, with its query count."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ssrmonitor.testing.mfa import needs_second_factor, pass_second_factor

    clients: dict[str, Client] = {}
    for persona, username in PERSONAS.items():
        client = Client(HTTP_HOST="127.0.0.1")
        user = User.objects.get(username=username)
        client.force_login(user)
        if needs_second_factor(user):
            pass_second_factor(client, user)
        clients[persona] = client
    results = []
    for persona, name, url in pages(data):
        client = clients[persona]
        client.get(url)  # cold: caches, templates
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            ms = (time.perf_counter() - start) * 1000
        results.append(
            {
                "name": name,
                "url": url,
                "status": response.status_code,
                "ms": round(ms, 1),
                "queries": len(captured.captured_queries),
                "sql_ms": round(sum(float(q["time"]) for q in captured.captured_queries) * 1000, 1),
            }
        )
    return results


def main() -> None:
    setup()
    mode = sys.argv[1]
    if mode == "targets":
        Path(sys.argv[2]).write_text(json.dumps(targets()))
    elif mode == "queries":
        data = json.loads(Path(sys.argv[2]).read_text())
        Path(sys.argv[3]).write_text(json.dumps(queries(data), indent=1))


if __name__ == "__main__":
    main()
