"""Pages, downloads, API routes, the home panel and the report section, as each role sees them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client

from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.sections import Audience, CollectContext
from ssrmonitor.perceptions.report_sections import CountryPerspectives, ThematicPerspectives
from ssrmonitor.perceptions.services.imports import import_published_table
from ssrmonitor.perceptions.tests import kit
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country

pytestmark = pytest.mark.django_db
TABLE = (
    "question,group,value,share,ci_low,ci_high,respondents\n"
    "Q37G,all,,59.8,56.5,63.1,1171\n"
    "Q37G,sex,woman,57.4,52.7,62.0,578\n"
    "Q37G,age_band,18-35,54.3,49.3,59.2,526\n"
)


def _loaded(published: bool = True, where: Country | None = None, round_number: int = 9) -> Any:
    survey = kit.survey(where, published=published, round_number=round_number)
    kit.police_question(survey)
    import_published_table(survey, acting_user=SYSTEM, content=TABLE.encode())
    return survey


def _client(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_country_page_draws_each_estimate_on_its_interval_band() -> None:
    _loaded()

    page = _client().get("/perceptions/c/HT/").content.decode()

    assert "Trust in the police" in page
    assert "59.8 % (56.5–63.1)" in page
    assert "<rect" in page and 'fill="#c6d7ec"' in page  # the band of an interval
    assert "18–35 (youth)" in page


def test_an_unpublished_survey_is_hidden_from_the_public_and_other_countries(
    victor: User, bob: User
) -> None:
    survey = _loaded(published=False)

    assert _client().get(f"/perceptions/surveys/{survey.pk}/").status_code == 404
    assert _client(bob).get(f"/perceptions/surveys/{survey.pk}/").status_code == 404
    assert _client(victor).get(f"/perceptions/surveys/{survey.pk}/").status_code == 200
    assert "59.8" not in _client().get("/perceptions/c/HT/estimates.csv").content.decode()
    assert "59.8" in _client(victor).get("/perceptions/c/HT/estimates.csv").content.decode()


def test_a_trend_is_drawn_across_rounds() -> None:
    _loaded(round_number=8)
    _loaded(round_number=9)

    page = _client().get("/perceptions/c/HT/").content.decode()

    assert "across rounds" in page
    assert "<polygon" in page


def test_the_downloads_carry_intervals_and_counts() -> None:
    _loaded()

    csv_text = _client().get("/perceptions/c/HT/estimates.csv").content.decode()
    xlsx = _client().get("/perceptions/c/HT/estimates.xlsx")

    header = csv_text.splitlines()[0]
    assert "ci95_low" in header and "respondents_unweighted" in header
    assert ",all,,59.8,56.5,63.1,1171," in csv_text
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_api_lists_surveys_with_their_estimates() -> None:
    survey = _loaded()

    listing = _client().get("/api/v1/perceptions/surveys?country=HT").json()
    detail = _client().get(f"/api/v1/perceptions/surveys/{survey.pk}").json()

    assert listing["count"] == 1
    estimates = detail["questions"][0]["estimates"]
    assert {"group": "all", "value": "", "share": "59.8", "ci_low": "56.5", "ci_high": "63.1",
            "respondents": 1171, "origin": "published"} in estimates  # fmt: skip


def test_the_api_gives_participation_shares() -> None:
    kit.consultation()

    rows = _client().get("/api/v1/perceptions/countries/HT/participation").json()

    assert rows == [{"year": 2025, "consultations": 1, "participants": 100,
                     "women_share": "30.0", "youth_share": "25.0"}]  # fmt: skip


def test_an_editor_records_a_consultation_from_the_page(alice: User) -> None:
    response = _client(alice).post(
        "/perceptions/c/HT/consultations/new/",
        {"title": "Women's security dialogue", "kind": "dialogue", "held_on": "2025-06-02",
         "place": "Jacmel", "organiser": "Ministry for Women", "women_youth": 20,
         "women_older": 30, "men_youth": 0, "men_older": 5, "unspecified": 0,
         "civil_society": 10, "womens_organisations": 25, "youth_organisations": 0,
         "customary_authorities": 0, "security_personnel": 3,
         "topics_text": "gender-based violence\npolice response times"},
    )  # fmt: skip

    assert response.status_code == 302
    page = _client(alice).get(response["Location"]).content.decode()
    assert "gender-based violence; police response times" in page


def test_the_home_panel_shows_trust_in_the_police() -> None:
    _loaded()

    page = _client().get("/").content.decode()

    assert "59.8 % (56.5–63.1)" in re.sub(r"<[^>]+>", "", page)  # the interval sits in a <bdi>


def _context(viewer: Any, **more: Any) -> CollectContext:
    return CollectContext(
        viewer=viewer, period=ReportingPeriod.parse("2026"), audience=Audience.PUBLIC, **more
    )


def test_the_report_section_shows_published_estimates_and_participation() -> None:
    _loaded()
    _loaded(published=False, where=country("CF"))
    kit.consultation()

    data = CountryPerspectives().collect(_context(AnonymousUser(), country=country("HT")))
    assert data is not None
    parts = CountryPerspectives().build(data)
    thematic = ThematicPerspectives().collect(
        _context(AnonymousUser(), countries=(country("HT"), country("CF")))
    )

    kinds = [block.kind for block in parts.body[0].blocks]
    assert kinds.count("figure") == 1 and kinds.count("table") == 2
    assert [row["group"] for row in data["estimates"]] == ["all", "sex", "age_band"]
    assert data["participation"][0]["women"] == "30.0"
    assert thematic is not None and [r["country"] for r in thematic["estimates"]] == ["Haiti"]


def test_the_benchmark_feed_gives_published_rounds_with_fieldwork_dates() -> None:
    from datetime import date
    from decimal import Decimal

    from ssrmonitor.perceptions.selectors import item_series

    dated = _loaded(round_number=8)
    dated.fieldwork_start, dated.fieldwork_end = date(2019, 1, 5), date(2019, 2, 20)
    dated.save()
    _loaded(round_number=9)  # no fieldwork dates: no day to be drawn at
    hidden = _loaded(published=False, round_number=10)
    hidden.fieldwork_end = date(2023, 3, 1)
    hidden.save()

    points = item_series(country("HT").pk, "trust_police")

    assert [(p.day, p.share, p.low, p.high) for p in points] == [
        (date(2019, 2, 20), Decimal("59.8"), Decimal("56.5"), Decimal("63.1"))
    ]


def test_the_home_panel_names_the_country_in_the_page_language() -> None:
    _loaded()
    client = _client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    page = client.get("/").content.decode()

    assert re.search(r'<a href="/perceptions/c/HT/">Haïti</a>', page)
