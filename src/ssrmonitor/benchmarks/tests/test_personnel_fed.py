"""Indicators fed by the sector's personnel returns: women's share, entered once (issue 4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import Indicator, IndicatorKind, IndicatorSource
from ssrmonitor.benchmarks.selectors import personnel_series, progress_of
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.progress import Rating, Trend
from ssrmonitor.sector.models import Institution
from ssrmonitor.sector.selectors import women_share_series
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import BenchmarkFactory, FrameworkFactory, IndicatorFactory
from ssrmonitor.testing.factories_sector import make_institution, make_return

pytestmark = pytest.mark.django_db

FED = IndicatorSource.SECTOR_WOMEN_SHARE


def _officers(female: int, male: int) -> dict[tuple[str, str, str], int]:
    """Officers only (the other ranks are empty columns, shown as 0)."""
    return {("", "officer", "female"): female, ("", "officer", "male"): male}


@pytest.fixture
def police() -> Institution:
    return make_institution("HT", "PNH")


@pytest.fixture
def fed(police: Institution) -> Indicator:
    """Women's share of PNH officers: 8 % on 1 Jan 2018 → 12 % by 1 Jan 2020."""
    framework = FrameworkFactory(adoption_date=date(2018, 1, 1))
    return services.create_indicator(
        BenchmarkFactory(framework=framework),
        acting_user=SYSTEM,
        definition="Women's share of police officers",
        kind=IndicatorKind.PERCENTAGE,
        unit="%",
        baseline_value=Decimal(8),
        baseline_date=date(2018, 1, 1),
        target_value=Decimal(12),
        target_date=date(2020, 1, 1),
        source=FED,
        source_spec={"institution": "PNH", "rank": "officer"},
    )


def _create(benchmark: Any, **fields: Any) -> Indicator:
    values: dict[str, Any] = {
        "definition": "Women's share",
        "kind": IndicatorKind.PERCENTAGE,
        "source": FED,
    } | fields
    return services.create_indicator(benchmark, acting_user=SYSTEM, **values)


def _errors(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {error.field: error.reason for error in exc.value.errors}


# --- validation -----------------------------------------------------------------------------


def test_the_institution_key_is_stored_as_its_id(fed: Indicator, police: Institution) -> None:
    assert fed.source_spec == {"institution": police.pk, "rank": "officer"}


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"kind": IndicatorKind.QUANTITATIVE}, "kind", "is a percentage"),
        ({"source_spec": {"institution": "PNH", "rank": "general"}}, "source_spec", "rank"),
        ({"source_spec": {"rank": ""}}, "source_spec", "institution of this framework"),
        ({"source_spec": {"institution": "PNH", "x": 1}}, "source_spec", "Give an institution"),
        ({"source_spec": {"institution": "FACA"}}, "source_spec", "framework's country"),
        ({"source": "measured", "source_spec": {"institution": "PNH"}}, "source_spec", "Only"),
    ],
)
def test_a_personnel_fed_indicator_is_checked(
    police: Institution, fields: dict[str, Any], field: str, reason: str
) -> None:
    make_institution("CF", "FACA")  # exists, but in another country than the framework's (HT)
    spec = {"source_spec": {"institution": "PNH", "rank": ""}}
    with pytest.raises(ValidationFailed) as exc:
        _create(BenchmarkFactory(), **(spec | fields))
    assert reason in _errors(exc)[field]
    assert not Indicator.objects.exists()


def test_an_institution_of_another_country_by_id_is_refused(police: Institution) -> None:
    liberia = make_institution("CF", "PCA")
    with pytest.raises(ValidationFailed) as exc:
        _create(BenchmarkFactory(), source_spec={"institution": liberia.pk, "rank": ""})
    assert "country" in _errors(exc)["source_spec"]


def test_a_measured_indicator_with_values_cannot_become_personnel_fed(
    police: Institution, alice: Any
) -> None:
    indicator = IndicatorFactory(kind=IndicatorKind.PERCENTAGE, baseline_value=1, target_value=2)
    services.record_measurement(indicator, acting_user=alice, period="2019", value="1.5")
    with pytest.raises(ValidationFailed) as exc:
        services.update_indicator(
            indicator, acting_user=alice, source=FED, source_spec={"institution": police.pk}
        )
    assert "recorded values" in _errors(exc)["source"]


def test_values_cannot_be_recorded_by_hand(fed: Indicator, alice: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.record_measurement(fed, acting_user=alice, period="2019", value="10")
    assert "personnel returns" in _errors(exc)["indicator"]
    assert not fed.measurements.exists()


# --- progress -------------------------------------------------------------------------------


def test_progress_is_computed_from_the_returns(fed: Indicator, police: Institution) -> None:
    make_return(police, "2018", _officers(45, 455))  # 45 / 500 = 9.0 %
    make_return(police, "2019-H1", _officers(50, 450))  # 50 / 500 = 10.0 %
    progress = progress_of([fed])[fed.pk]
    # (10 − 8) / (12 − 8) = 50.0 % of the way; 545 of 730 days elapsed = 74.7 % expected;
    # the gap 24.7 is within the at-risk band (≤ 25).
    assert progress.latest is not None
    assert (progress.latest.day, progress.latest.value) == (date(2019, 6, 30), Decimal("10.0"))
    assert progress.percent == Decimal("50.0")
    assert progress.expected_percent == Decimal("74.7")
    assert progress.rating is Rating.AT_RISK
    assert progress.trend is Trend.IMPROVING


def test_all_ranks_when_the_rank_is_empty(police: Institution) -> None:
    make_return(police)  # factory return: 75 women of 595 persons, 3 of 43 officers
    assert [p.share for p in women_share_series(police.pk, "")] == [Decimal("12.6")]
    assert women_share_series(police.pk, "officer") == []  # 3 women: a suppressed cell
    unsuppressed = women_share_series(police.pk, "officer", published=False)
    assert [p.share for p in unsuppressed] == [Decimal("7.0")]


def test_small_or_suppressed_figures_are_never_published(
    fed: Indicator, police: Institution
) -> None:
    make_return(police, "2018", _officers(2, 2))  # a total of 4 < k
    make_return(police, "2018-H1", _officers(3, 30))  # 3 women: suppressed cell
    make_return(police, "2019-H1", _officers(50, 450))
    assert [(p.period, p.share, p.total) for p in personnel_series(fed)] == [
        ("2019-H1", Decimal("10.0"), 500)
    ]
    assert len(women_share_series(police.pk, "officer", published=False)) == 3


def test_one_query_per_personnel_fed_indicator(fed: Indicator, police: Institution) -> None:
    for period in ("2018", "2019-H1", "2019-H2"):
        make_return(police, period, _officers(50, 450))
    measured = IndicatorFactory()
    with CaptureQueriesContext(connection) as queries:
        progress_of([fed, measured])
    assert len(queries) == 2  # measurements of the measured ones + the fed one's counts


# --- pages, editor, API ---------------------------------------------------------------------


def test_the_public_page_shows_published_shares_with_their_source(
    client: Client, fed: Indicator, police: Institution
) -> None:
    make_return(police, "2018-H1", _officers(3, 30))
    make_return(police, "2019-H1", _officers(50, 450))
    page = client.get(reverse("benchmarks:indicator", args=[fed.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "personnel return of PNH (en), 2019-H1" in text
    assert "2018-H1" not in text
    assert reverse("sector:personnel", args=["HT"]) in text
    chart = client.get(reverse("benchmarks:indicator_chart", args=[fed.pk]))
    assert chart.status_code == 200
    assert b"<circle" in chart.content or b"<path" in chart.content


def test_the_page_offers_no_hand_entry(client: Client, fed: Indicator, alice: Any) -> None:
    client.force_login(alice)
    text = client.get(reverse("benchmarks:indicator", args=[fed.pk])).content.decode()
    assert reverse("benchmarks:measurement_create", args=[fed.pk]) not in text
    assert "values come from the personnel returns" in text


def test_the_editor_creates_a_personnel_fed_indicator(
    client: Client, alice: Any, police: Institution
) -> None:
    benchmark = BenchmarkFactory()
    client.force_login(alice)
    url = reverse("benchmarks:indicator_create", args=[benchmark.pk])
    assert "PNH (en)" in client.get(url).content.decode()
    response = client.post(
        url,
        {"code": "4.2", "definition": "Women's share of police officers", "kind": "percentage",
         "unit": "%", "direction": "increase", "baseline_value": "8", "target_value": "12",
         "frequency": "annual", "position": "1", "source": FED,
         "source_institution": str(police.pk), "source_rank": "officer"},
    )  # fmt: skip
    assert response.status_code == 302
    created = Indicator.objects.get()
    assert (created.source, created.source_spec) == (
        FED,
        {"institution": police.pk, "rank": "officer"},
    )


def test_the_editor_shows_a_wrong_kind_at_its_field(
    client: Client, alice: Any, police: Institution
) -> None:
    benchmark = BenchmarkFactory()
    client.force_login(alice)
    response = client.post(
        reverse("benchmarks:indicator_create", args=[benchmark.pk]),
        {"definition": "Women in the police", "kind": "quantitative", "direction": "increase",
         "frequency": "annual", "position": "1", "source": FED,
         "source_institution": str(police.pk), "source_rank": ""},
    )  # fmt: skip
    assert response.status_code == 422
    assert "percentage" in " ".join(response.context["form"].errors["kind"])


def test_the_api_shows_and_accepts_the_source(
    client: Client, alice: Any, fed: Indicator, police: Institution
) -> None:
    make_return(police, "2019-H1", _officers(50, 450))
    shown = client.get(f"/api/v1/indicators/{fed.pk}").json()
    assert shown["source"] == "sector_women_share"
    assert shown["source_spec"] == {"institution": police.pk, "rank": "officer"}
    assert shown["progress"]["latest_value"] == 10.0
    client.force_login(alice)
    created = client.post(
        f"/api/v1/benchmarks/{fed.benchmark_id}/indicators",
        {"definition": "Women's share of the PNH", "kind": "percentage",
         "source": "sector_women_share", "source_spec": {"institution": "PNH", "rank": ""}},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201
    assert created.json()["source_spec"] == {"institution": police.pk, "rank": ""}
    refused = client.post(
        f"/api/v1/indicators/{fed.pk}/measurements",
        {"period": "2019", "value": "10"},
        content_type="application/json",
    )
    assert refused.status_code == 422


def test_the_edit_form_shows_the_chosen_source(
    client: Client, alice: Any, fed: Indicator, police: Institution
) -> None:
    client.force_login(alice)
    form = client.get(reverse("benchmarks:indicator_edit", args=[fed.pk])).context["form"]
    assert form["source"].value() == FED
    assert form["source_institution"].value() == police.pk
    assert form["source_rank"].value() == "officer"
