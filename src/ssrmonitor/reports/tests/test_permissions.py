"""Who may generate which report: pages, downloads, API routes and snapshots (exact statuses)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.reports.services import freeze_snapshot
from ssrmonitor.testing.factories_reports import INTERNAL_TITLE, ReportWorld

pytestmark = pytest.mark.django_db
Q = "?period=2019-H2"
PERSONAS = ["alice", "rachel", "victor", "ada", "bob", "root", "public"]
HT_MEMBERS = {"alice", "rachel", "victor", "ada", "root"}


def client_for(personas: dict[str, Any], name: str) -> Client:
    client = Client()
    if personas[name] is not None:
        client.force_login(personas[name])
    return client


def _expected(name: str, internal: bool) -> int:
    return 200 if (name in HT_MEMBERS or not internal) else 404


SURFACES = [
    ("page", lambda c: reverse("reports:country", args=[c]) + Q, False),
    ("preview internal", lambda c: reverse("reports:preview", args=[c]) + Q, True),
    ("html internal", lambda c: reverse("reports:download", args=[c, "html"]) + Q, True),
    ("pdf internal", lambda c: reverse("reports:download", args=[c, "pdf"]) + Q, True),
    ("docx internal", lambda c: reverse("reports:download", args=[c, "docx"]) + Q, True),
    ("pdf public", lambda c: reverse("reports:download", args=[c, "pdf"]) + Q + "&audience=public",
     False),
    ("api internal", lambda c: f"/api/v1/reports/countries/{c}/report{Q}&format=html", True),
    ("api payload", lambda c: f"/api/v1/reports/countries/{c}/payload{Q}", True),
    ("api public", lambda c: f"/api/v1/reports/countries/{c}/report{Q}&format=html&audience=public",
     False),
]  # fmt: skip


@pytest.mark.parametrize("name", PERSONAS)
def test_haiti_report_matrix(personas: dict[str, Any], world: ReportWorld, name: str) -> None:
    """Every surface for one persona (one world per persona keeps the matrix fast)."""
    client = client_for(personas, name)
    for surface, url, internal in SURFACES:
        response = client.get(url("HT"))
        assert response.status_code == _expected(name, internal), surface
        readable = surface.startswith(("html", "api", "preview"))
        if response.status_code == 200 and internal and readable:
            assert INTERNAL_TITLE in response.content.decode(), surface


@pytest.mark.parametrize("name", ["alice", "bob", "public"])
def test_other_country_report_matrix(
    personas: dict[str, Any], world: ReportWorld, name: str
) -> None:
    """Central African Republic: bob's country; Haiti's members get 404 for internal surfaces."""
    client = client_for(personas, name)
    for surface, url, internal in SURFACES:
        expected = 200 if (name == "bob" or not internal) else 404
        assert client.get(url("CF")).status_code == expected, surface


def test_public_edition_never_holds_internal_frameworks(
    personas: dict[str, Any], world: ReportWorld
) -> None:
    url = reverse("reports:download", args=["HT", "html"]) + Q + "&audience=public"
    for name in PERSONAS:
        text = client_for(personas, name).get(url).content.decode()
        assert "MINUJUSTH exit strategy benchmarks" in text and INTERNAL_TITLE not in text, name


def test_country_without_public_framework_answers_404(world: ReportWorld, client: Client) -> None:
    world.published.is_published = False
    world.published.save(update_fields=["is_published"])
    url = reverse("reports:download", args=["HT", "html"]) + Q + "&audience=public"
    assert client.get(url).status_code == 404
    assert client.get(reverse("reports:country", args=["HT"])).status_code == 404
    assert client.get(reverse("reports:country", args=["ZZ"])).status_code == 404


def test_snapshot_surfaces(personas: dict[str, Any], world: ReportWorld) -> None:
    snapshot = freeze_snapshot(world.published.country, ReportingPeriod.parse("2019-H2"),
                               title="t", acting_user=personas["alice"])  # fmt: skip
    for name in PERSONAS:
        client = client_for(personas, name)
        expected = 200 if name in HT_MEMBERS else 404
        page = client.get(reverse("reports:snapshot", args=[snapshot.pk]))
        assert page.status_code == expected, name
        url = reverse("reports:snapshot_download", args=[snapshot.pk, "html"])
        assert client.get(url).status_code == expected, name
        api = f"/api/v1/reports/snapshots/{snapshot.pk}/report?format=html"
        assert client.get(api).status_code == (expected if name != "public" else 401), name


FREEZE = {"alice": 302, "ada": 302, "root": 302, "victor": 302, "rachel": 302, "bob": 404,
          "public": 404}  # fmt: skip
NARRATE = {"alice": 201, "ada": 201, "root": 201, "victor": 403, "rachel": 403, "bob": 404,
           "public": 401}  # fmt: skip


def test_freezing_and_narrative_writes(personas: dict[str, Any], world: ReportWorld) -> None:
    """Viewers and reviewers hold reports.generate (freeze) but not reports.edit (narrative)."""
    for name in PERSONAS:
        client = client_for(personas, name)
        url = reverse("reports:snapshot_create", args=["HT"]) + Q
        response = client.post(url, {"title": "t", "audience": "internal"})
        assert response.status_code == FREEZE[name], name
        body = {"period": "2019-H2", "key": "analysis", "text": f"Text by {name}"}
        response = client.post(
            "/api/v1/reports/countries/HT/narrative", body, content_type="application/json"
        )
        assert response.status_code == NARRATE[name], name


def test_bad_inputs_answer_422(alice: Any, world: ReportWorld, client: Client) -> None:
    client.force_login(alice)
    base = reverse("reports:download", args=["HT", "pdf"])
    assert client.get(base + "?period=someday").status_code == 422
    assert client.get(base + Q + "&lang=de").status_code == 422
    assert client.get(reverse("reports:download", args=["HT", "odt"]) + Q).status_code == 422
    assert client.get("/api/v1/reports/countries/HT/report?period=x").status_code == 422
