"""The API's IATI export of a country with nothing to export (found by the API fuzzing)."""

from __future__ import annotations

from typing import Any

from ssrmonitor.testing.factories import country


def test_export_of_a_country_without_national_activity_is_404_not_500(
    client_of: Any, countries: None
) -> None:
    country("HT")
    response = client_of("victor").get("/api/v1/support/countries/HT/iati.xml")
    assert response.status_code == 404  # was 500: IATI requires at least one activity
    assert response.json()["status"] == 404


def test_the_export_documents_its_xml_answer(client_of: Any) -> None:
    schema = client_of("victor").get("/api/v1/openapi.json").json()
    answer = schema["paths"]["/api/v1/support/countries/{iso2}/iati.xml"]["get"]["responses"]
    assert "application/xml" in answer["200"]["content"]


def test_the_iati_page_of_a_country_without_national_entries_says_there_is_nothing(
    client_of: Any, countries: None
) -> None:
    """Issue 14: the "IATI XML of national entries" link answered 500 for an empty country;
    it now answers a page that says there is nothing to export yet."""
    country("HT")
    response = client_of("victor").get("/support/c/HT/iati.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Nothing to export yet" in response.content.decode()
