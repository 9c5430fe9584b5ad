"""Issue 14: the home page as a worklist — what each persona has to do, per country, through
the permission layer — and the public home, rated frameworks first, completeness elsewhere."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.models import Frequency, MeasurementStatus
from ssrmonitor.benchmarks.worklist import current_period
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.testing.factories import (
    BenchmarkFactory,
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def worklist_of(user: Any) -> dict[tuple[str, str], int]:
    """(country, kind) → count, read from the worklist panel of the home page."""
    html = _client(user).get(reverse("home")).content.decode()
    if 'id="worklist-heading"' not in html:
        return {}
    section = html.split('id="worklist-heading"', 1)[1].split("</section>\n</section>", 1)[0]
    found = {}
    for block in section.split('class="card worklist__country"')[1:]:
        name = re.search(r'class="card__title"[^>]*>([^<]+)<', block).group(1)  # type: ignore[union-attr]
        for kind, count in re.findall(
            r'data-kind="(\w+)">\s*<a [^>]*><strong class="worklist__count">([\d,\s ]+)<', block
        ):
            found[(name, kind)] = int(re.sub(r"\D", "", count))
    return found


@pytest.fixture
def work(alice: Any, ada: Any) -> None:
    """Haiti: an active framework of 3 quarterly indicators and one ad hoc; alice has a draft
    and a returned value, and submitted one; ada submitted one; the CAR has its own framework."""
    framework = FrameworkFactory(title="BINUH strategic benchmarks")
    bench = BenchmarkFactory(framework=framework)
    police, prisons, courts = (IndicatorFactory(benchmark=bench) for _ in range(3))
    IndicatorFactory(benchmark=bench, frequency=Frequency.AD_HOC)
    MeasurementFactory(indicator=police, author=alice, status=MeasurementStatus.DRAFT)
    MeasurementFactory(indicator=prisons, author=alice, status=MeasurementStatus.RETURNED)
    MeasurementFactory(
        indicator=courts, author=alice, status=MeasurementStatus.SUBMITTED, period_text="2019-Q2"
    )
    MeasurementFactory(
        indicator=police, author=ada, status=MeasurementStatus.SUBMITTED, period_text="2019-Q3"
    )
    cf = FrameworkFactory(country=country("CF"), title="MINUSCA benchmarks")
    IndicatorFactory(benchmark=BenchmarkFactory(framework=cf))


HT, CF = "Haiti", "Central African Republic"
EXPECTED: dict[str, dict[tuple[str, str], int]] = {
    # Editor of Haiti: 3 quarterly values due (the ad hoc one never is), her draft and the value
    # returned to her; reviews are not hers to do.
    "alice": {(HT, "values_due"): 3, (HT, "drafts"): 1, (HT, "returned"): 1},
    # Reviewer of Haiti: both submissions, none of them hers.
    "rachel": {(HT, "reviews"): 2},
    # Viewer: nothing to do.
    "victor": {},
    # Administrator: enters and reviews, but never reviews her own submission.
    "ada": {(HT, "values_due"): 3, (HT, "reviews"): 1},
    # Editor of the Central African Republic: only his country.
    "bob": {(CF, "values_due"): 1},
    # Superuser: every country's due values and every submission.
    "root": {(CF, "values_due"): 1, (HT, "values_due"): 3, (HT, "reviews"): 2},
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_persona_sees_their_own_work(work: None, personas: dict[str, Any], name: str) -> None:
    assert worklist_of(personas[name]) == EXPECTED[name]


def test_the_public_has_no_worklist(work: None) -> None:
    html = Client().get(reverse("home")).content.decode()
    assert "worklist-heading" not in html


def test_a_value_entered_for_the_current_period_is_no_longer_due(work: None, alice: Any) -> None:
    from django.utils import timezone

    from ssrmonitor.benchmarks.models import Indicator

    indicator = Indicator.objects.filter(benchmark__framework__title__startswith="BINUH").first()
    assert indicator is not None
    period = current_period(indicator.frequency, timezone.localdate())
    MeasurementFactory(indicator=indicator, author=alice, period_text=str(period))
    assert worklist_of(alice)[(HT, "values_due")] == 2


def test_worklist_links_open_for_their_persona(work: None, alice: Any, rachel: Any) -> None:
    for user in (alice, rachel):
        html = _client(user).get(reverse("home")).content.decode()
        section = html.split('id="worklist-heading"', 1)[1].split('id="active-heading"', 1)[0]
        urls = set(re.findall(r'href="(/[^"]+)"', section))
        assert urls
        for url in urls:
            assert _client(user).get(url.replace("&amp;", "&")).status_code == 200, url


@pytest.mark.parametrize(
    ("frequency", "period"),
    [
        (Frequency.MONTHLY, "2026-12"),
        (Frequency.QUARTERLY, "2026-Q4"),
        (Frequency.HALF_YEARLY, "2026-H2"),
        (Frequency.ANNUAL, "2026"),
        (Frequency.AD_HOC, None),
    ],
)
def test_current_period_of_each_frequency(frequency: str, period: str | None) -> None:
    expected = ReportingPeriod.parse(period) if period else None
    assert current_period(frequency, date(2026, 12, 7)) == expected


def test_public_home_puts_rated_frameworks_first_and_shows_completeness(client: Client) -> None:
    """A closed, rated framework comes first; an active one without targets shows how much of
    its data exists and its latest values instead of "No data"."""
    from decimal import Decimal

    from ssrmonitor.benchmarks.models import FrameworkStatus

    rated = FrameworkFactory(
        title="MINUJUSTH exit strategy benchmarks",
        status=FrameworkStatus.CLOSED,
        end_date=date(2019, 10, 15),
    )
    MeasurementFactory(indicator=IndicatorFactory(benchmark__framework=rated), approved=True)
    unrated = FrameworkFactory(title="BINUH strategic benchmarks")
    bench = BenchmarkFactory(framework=unrated)
    for number in range(2):
        IndicatorFactory(
            benchmark=bench,
            code=f"9.{number + 1}",
            target_value=None,
            baseline_value=None,
            baseline_date=None,
        )
    measured = IndicatorFactory(benchmark=bench, code="9.3", target_value=None)
    MeasurementFactory(indicator=measured, approved=True, value=Decimal("47398562"))
    html = client.get(reverse("home")).content.decode()
    assert html.index("Rated frameworks") < html.index("Countries with active frameworks")
    rated_part = html.split('id="rated-heading"', 1)[1].split('id="active-heading"', 1)[0]
    assert "MINUJUSTH exit strategy benchmarks" in rated_part
    active = html.split('id="active-heading"', 1)[1]
    assert "3 indicators: 1 with a baseline, 0 with a target, 1 with an approved value." in active
    assert "Not rated yet: no target has been set." in active
    assert "47,398,562" in active and "9.3" in active


def test_each_item_says_what_it_counts_in_the_number_of_its_count(work: None, alice: Any) -> None:
    """One draft is "1 draft to submit", three values due are "3 values due this period": the
    label follows the count (each language's plural forms come from its catalogue)."""
    html = _client(alice).get(reverse("home")).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "1 draft to submit" in text and "1 value returned to you" in text
    assert "3 values due this period" in text
    assert "1 drafts" not in text
