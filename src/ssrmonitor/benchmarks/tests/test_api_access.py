"""The benchmark API under /api/v1/: visibility (404, the public), lists, cost, the contract."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, modify_settings

from ssrmonitor.benchmarks.models import Framework, FrameworkStatus, Indicator
from ssrmonitor.benchmarks.tests.helpers import API, JSON, fields_of, patch, post, signed_in
from ssrmonitor.testing.factories import (
    BenchmarkFactory,
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)

# --- 404: other countries' objects do not exist ------------------------------------------


@pytest.fixture
def haiti_internal(alice: Any) -> dict[str, Any]:
    """Objects bob (editor for CAR) may not see: a draft framework and a draft value."""
    draft = FrameworkFactory(
        country=country("HT"), is_published=False, status=FrameworkStatus.DRAFT
    )
    indicator = IndicatorFactory(benchmark__framework=draft)
    published = IndicatorFactory(benchmark__framework=FrameworkFactory(country=country("HT")))
    return {
        "framework": draft.pk,
        "benchmark": indicator.benchmark_id,
        "indicator": indicator.pk,
        "measurement": MeasurementFactory(indicator=published, author=alice).pk,
        "submitted": MeasurementFactory(
            indicator=published, submitted=True, author=alice, period_text="2019-Q2"
        ).pk,
    }


@pytest.mark.parametrize(
    ("method", "path", "key", "body"),
    [
        ("get", "/frameworks/{}", "framework", None),
        ("patch", "/frameworks/{}", "framework", {"title": "x"}),
        ("delete", "/frameworks/{}", "framework", None),
        ("post", "/frameworks/{}/benchmarks", "framework", {"text": "x"}),
        ("get", "/benchmarks/{}", "benchmark", None),
        ("patch", "/benchmarks/{}", "benchmark", {"text": "x"}),
        ("post", "/benchmarks/{}/indicators", "benchmark", {"definition": "x"}),
        ("get", "/indicators/{}", "indicator", None),
        ("patch", "/indicators/{}", "indicator", {"definition": "x"}),
        ("post", "/indicators/{}/measurements", "indicator", {"period": "2019-Q3", "value": 1}),
        ("get", "/measurements/{}", "measurement", None),
        ("patch", "/measurements/{}", "measurement", {"value": 1}),
        ("delete", "/measurements/{}", "measurement", None),
        ("post", "/measurements/{}/submit", "measurement", None),
        ("post", "/measurements/{}/approve", "submitted", None),
        ("post", "/measurements/{}/return", "submitted", {"comment": "x"}),
    ],
)
def test_other_countries_objects_answer_404(
    client: Client,
    bob: Any,
    haiti_internal: dict[str, Any],
    method: str,
    path: str,
    key: str,
    body: dict[str, Any] | None,
) -> None:
    signed_in(client, bob)
    url = API + path.format(haiti_internal[key])
    response = getattr(client, method)(url, body or {}, content_type=JSON)
    assert response.status_code == 404
    assert response.json() == {
        "detail": [{"field": "__all__", "reason": "Not found."}],
        "status": 404,
    }


def test_published_framework_of_another_country_is_visible_but_not_editable(
    client: Client, bob: Any, framework: Framework
) -> None:
    signed_in(client, bob)
    assert client.get(f"{API}/frameworks/{framework.pk}").status_code == 200
    refused = patch(client, f"/frameworks/{framework.pk}", {"title": "x"})
    assert refused.status_code == 403
    assert refused.json()["detail"][0]["reason"] == "You are not an editor of this country."


# --- the public --------------------------------------------------------------------------


def test_public_sees_published_frameworks_and_approved_values_only(
    client: Client, alice: Any, rachel: Any, headcount: Indicator
) -> None:
    draft = FrameworkFactory(
        country=country("HT"),
        is_published=False,
        status=FrameworkStatus.DRAFT,
        title="Internal draft",
    )
    approved = MeasurementFactory(
        indicator=headcount,
        approved=True,
        author=alice,
        reviewed_by=rachel,
        period_text="2019-Q1",
        value=14500,
    )
    MeasurementFactory(indicator=headcount, submitted=True, period_text="2019-Q2", value=14600)
    MeasurementFactory(indicator=headcount, period_text="2019-Q3", value=14700)

    frameworks = client.get(f"{API}/frameworks").json()
    assert [fw["id"] for fw in frameworks["items"]] == [headcount.benchmark.framework_id]
    assert client.get(f"{API}/frameworks/{draft.pk}").status_code == 404
    measurements = client.get(f"{API}/measurements").json()
    assert measurements["count"] == 1
    item = measurements["items"][0]
    assert item["id"] == approved.pk
    assert (item["author"], item["reviewed_by"], item["review_comment"]) == (None, None, None)
    assert client.get(f"{API}/indicators").json()["items"][0]["progress"]["latest_value"] == 14500


def test_anonymous_writes_answer_401(client: Client, headcount: Indicator) -> None:
    response = post(
        client, f"/indicators/{headcount.pk}/measurements", {"period": "2019-Q2", "value": 1}
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert fields_of(response) == ["__all__"]


def test_members_see_values_under_review(client: Client, victor: Any, headcount: Indicator) -> None:
    MeasurementFactory(indicator=headcount, approved=True, period_text="2019-Q1")
    MeasurementFactory(indicator=headcount, submitted=True, period_text="2019-Q2")
    MeasurementFactory(indicator=headcount, period_text="2019-Q3")  # a draft: editors only
    statuses = [
        m["status"] for m in signed_in(client, victor).get(f"{API}/measurements").json()["items"]
    ]
    assert statuses == ["approved", "submitted"]


# --- lists: filters, paging, progress, cost ----------------------------------------------


def test_indicator_progress_is_computed_from_approved_values(
    client: Client, framework: Framework
) -> None:
    indicator = IndicatorFactory(benchmark__framework=framework)  # 1.3 → 1.4, May 2018–Oct 2019
    MeasurementFactory(indicator=indicator, approved=True, period_text="2019-Q1", value="1.35")
    MeasurementFactory(indicator=indicator, submitted=True, period_text="2019-Q2", value="1.40")
    progress = client.get(f"{API}/indicators/{indicator.pk}").json()["progress"]
    assert progress == {
        "percent": 50.0,
        "expected_percent": 62.7,
        "trend": "none",
        "rating": "at_risk",
        "latest_value": 1.35,
        "latest_period": "2019-Q1",
        "latest_period_end": "2019-03-31",
        "annualised": False,
        "note": "",
        "excluded": 0,
    }
    framework_body = client.get(f"{API}/frameworks/{framework.pk}").json()
    assert framework_body["rating"] == "at_risk"
    assert framework_body["counts"]["at_risk"] == 1
    assert framework_body["indicator_count"] == 1


def test_measurement_filters_and_paging(client: Client, headcount: Indicator) -> None:
    for period in ("2018-Q3", "2018-Q4", "2019-Q1", "2019-Q2"):
        MeasurementFactory(indicator=headcount, approved=True, period_text=period, value=14100)
    page = client.get(f"{API}/measurements?period_from=2018-Q4&period_to=2019&limit=2").json()
    assert page["count"] == 3
    assert [m["period"] for m in page["items"]] == ["2018-Q4", "2019-Q1"]
    rest = client.get(f"{API}/measurements?period_from=2018-Q4&limit=2&offset=2").json()
    assert [m["period"] for m in rest["items"]] == ["2019-Q2"]
    assert client.get(f"{API}/measurements?country=CF").json()["count"] == 0


def _populate(frameworks: int) -> None:
    for _ in range(frameworks):
        framework = FrameworkFactory(country=country("HT"))
        for _ in range(2):
            benchmark = BenchmarkFactory(framework=framework)
            for _ in range(2):
                indicator = IndicatorFactory(benchmark=benchmark, disaggregations=["sex"])
                for period in ("2019-Q1", "2019-Q2"):
                    measurement = MeasurementFactory(
                        indicator=indicator, approved=True, period_text=period
                    )
                    measurement.disaggregated_values.create(
                        dimension="sex", category="female", value=1
                    )


@pytest.mark.parametrize(
    ("path", "limit"),
    [("/frameworks", 5), ("/benchmarks", 4), ("/indicators", 4), ("/measurements", 4)],
)
def test_list_routes_cost_a_fixed_number_of_queries(
    client: Client,
    alice: Any,
    django_assert_max_num_queries: Any,
    settings: Any,
    path: str,
    limit: int,
) -> None:
    settings.SSRMONITOR_ANALYSIS_CACHE_SECONDS = 0  # the computation's own queries, uncached
    _populate(3)
    signed_in(client, alice)
    session = 6  # read the session, the user and their roles; save the session (3)
    with django_assert_max_num_queries(limit + session):
        response = client.get(f"{API}{path}")
    assert response.status_code == 200
    assert response.json()["count"] >= 3


# --- the contract ------------------------------------------------------------------------


def test_openapi_schema_is_served_and_describes_the_routes(client: Client, db: None) -> None:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["version"] == "1"
    assert "/api/v2/" in schema["info"]["description"]
    paths = schema["paths"]
    for route in (
        "/api/v1/frameworks",
        "/api/v1/measurements/{measurement_id}/approve",
        "/api/v1/indicators/{indicator_id}/measurements",
        "/api/v1/me",
        "/api/v1/countries",
        "/api/v1/benchmarks/export.{fmt}",
    ):
        assert route in paths
    approve = paths["/api/v1/measurements/{measurement_id}/approve"]["post"]["responses"]
    for status in ("200", "401", "403", "404", "422"):
        assert status in approve
    assert approve["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    assert {"BearerToken", "SignedInSession"} <= set(schema["components"]["securitySchemes"])


@pytest.mark.parametrize("with_bundled_swagger", [False, True])
def test_docs_page_loads_nothing_from_elsewhere(
    client: Client, db: None, with_bundled_swagger: bool
) -> None:
    """With ``ninja`` installed the bundled Swagger UI is served, else a link; never a CDN."""
    apps = {"append": "ninja"} if with_bundled_swagger else {"remove": "ninja"}
    with modify_settings(INSTALLED_APPS=apps):
        response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "openapi.json" in html
    assert "http://" not in html
    assert "https://" not in html
    assert ("swagger-ui-bundle.js" in html) is with_bundled_swagger


def test_unreadable_body_has_the_error_shape(client: Client, alice: Any) -> None:
    response = signed_in(client, alice).post(f"{API}/frameworks", "{not json", content_type=JSON)
    assert response.status_code == 400
    assert fields_of(response) == ["__all__"]
