"""The framework page's filters (component, owner, rating) and the folding of its benchmarks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.filters import FOLD_ABOVE
from ssrmonitor.benchmarks.models import Component, Framework, MeasurementStatus, Owner
from ssrmonitor.testing.factories import (
    BenchmarkFactory,
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(db: None) -> Framework:
    """Police (UN, one indicator on track), justice (host, no data), corrections (UN, no data)."""
    found = FrameworkFactory()
    police = IndicatorFactory(
        benchmark=BenchmarkFactory(
            framework=found, component=Component.POLICE, owner=Owner.UN, text="Police bench"
        ),
        definition="Police officers per 1,000",
    )
    MeasurementFactory(
        indicator=police,
        period="2019-H1",
        value=Decimal("1.4"),
        status=MeasurementStatus.APPROVED,
    )
    IndicatorFactory(
        benchmark=BenchmarkFactory(
            framework=found, component=Component.JUSTICE, owner=Owner.HOST, text="Justice bench"
        ),
        definition="Cases heard by the courts",
    )
    IndicatorFactory(
        benchmark=BenchmarkFactory(
            framework=found, component=Component.CORRECTIONS, owner=Owner.UN, text="Prison bench"
        ),
        definition="Prisoners in pre-trial detention",
    )
    return found


def _page(framework: Framework, **params: str) -> tuple[int, str]:
    answer = Client().get(reverse("benchmarks:framework", args=[framework.pk]), params)
    return answer.status_code, answer.content.decode()


def test_a_component_narrows_the_benchmarks(framework: Framework) -> None:
    status, page = _page(framework, component=Component.JUSTICE)
    assert status == 200
    assert "Justice bench" in page
    assert "Police bench" not in page and "Prison bench" not in page
    assert "1 of 3 benchmarks shown." in page
    assert "Clear filters" in page


def test_the_owner_narrows_the_benchmarks(framework: Framework) -> None:
    _status, page = _page(framework, owner=Owner.UN)
    assert "Police bench" in page and "Prison bench" in page
    assert "Justice bench" not in page


def test_a_rating_keeps_only_the_indicators_of_that_rating(framework: Framework) -> None:
    _status, page = _page(framework, rating="no_data")
    assert "Cases heard by the courts" in page and "Prisoners in pre-trial" in page
    assert "Police officers per 1,000" not in page


def test_the_component_choices_are_those_of_the_framework(framework: Framework) -> None:
    _status, page = _page(framework)
    assert f'value="{Component.POLICE}"' in page
    assert f'value="{Component.DEFENCE}"' not in page
    assert "Clear filters" not in page


def test_a_bad_parameter_is_ignored_and_said_never_a_server_error(framework: Framework) -> None:
    status, page = _page(framework, component="tanks", rating="great", owner=Owner.HOST)
    assert status == 200
    assert "Ignored:" in page
    assert "Justice bench" in page and "Police bench" not in page  # the owner still applies


def test_no_benchmark_matching_says_so(framework: Framework) -> None:
    _status, page = _page(framework, component=Component.POLICE, owner=Owner.HOST)
    assert "No benchmark matches these filters." in page


def test_benchmarks_are_open_when_few_and_fold_on_request(framework: Framework) -> None:
    _status, page = _page(framework)
    assert page.count('<details class="benchmark"') == 3
    assert page.count('<details class="benchmark" id="benchmark-') == page.count(" open>")
    _status, page = _page(framework, fold="folded")
    assert '<details class="benchmark"' in page and " open>" not in page


def test_many_benchmarks_open_folded_unless_filtered(framework: Framework) -> None:
    for n in range(FOLD_ABOVE):
        BenchmarkFactory(framework=framework, component=Component.DEFENCE, text=f"Extra {n}")
    _status, page = _page(framework)
    assert " open>" not in page
    _status, page = _page(framework, component=Component.DEFENCE)
    assert page.count(" open>") == FOLD_ABOVE
    _status, page = _page(framework, fold="open")
    assert page.count(" open>") == FOLD_ABOVE + 3
