"""A framework period's indicator values as an XLSForm that pyxform turns into an XForm."""

from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import IndicatorKind, IndicatorSource
from ssrmonitor.benchmarks.xlsform import field_name, period_form, to_xform
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.perceptions.tests import kit
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import BenchmarkFactory

pytestmark = pytest.mark.django_db
XF = {"h": "http://www.w3.org/2002/xforms", "html": "http://www.w3.org/1999/xhtml"}


def test_each_hand_entered_indicator_is_a_constrained_decimal_of_the_xform() -> None:
    benchmark = BenchmarkFactory()
    share = services.create_indicator(
        benchmark, acting_user=SYSTEM, code="1.1", definition="Women among police officers",
        kind=IndicatorKind.PERCENTAGE, unit="%", baseline_value=Decimal(8),
        target_value=Decimal(12),
    )  # fmt: skip
    count = services.create_indicator(
        benchmark, acting_user=SYSTEM, code="1.2", definition="Police stations open",
        kind=IndicatorKind.QUANTITATIVE, minimum=Decimal(0),
    )  # fmt: skip
    kit.item()
    fed = services.create_indicator(
        benchmark, acting_user=SYSTEM, definition="Trust in the police",
        kind=IndicatorKind.PERCENTAGE, source=IndicatorSource.PERCEPTION_SHARE,
        source_spec={"item": "trust_police"},
    )  # fmt: skip

    xform = etree.fromstring(
        to_xform(period_form(benchmark.framework, ReportingPeriod.parse("2026-Q3"))).encode()
    )

    binds = {b.get("nodeset").rsplit("/", 1)[-1]: b for b in xform.iterfind(".//h:bind", XF)}
    assert binds[field_name(share)].get("type") == "decimal"
    assert binds[field_name(share)].get("constraint") == ". >= 0 and . <= 100"
    assert binds[field_name(count)].get("constraint") == ". >= 0"
    assert field_name(fed) not in binds  # fed indicators take their values elsewhere
    instance = xform.find(".//h:instance/*", XF)
    assert instance is not None and "2026_Q3" in (instance.get("id") or "")
    labels = "".join(xform.itertext())
    assert "1.1 Women among police officers (%)" in labels
    assert "Baseline 8, target 12." in labels


def test_an_editor_downloads_the_form_and_a_bad_period_is_refused(alice: object) -> None:
    from django.test import Client

    from ssrmonitor.testing.factories import IndicatorFactory

    indicator = IndicatorFactory()
    client = Client()
    client.force_login(alice)  # type: ignore[arg-type]
    url = f"/frameworks/{indicator.benchmark.framework.pk}/period/xlsform.xlsx"

    response = client.get(url, {"period": "2019-Q1"})

    assert response.status_code == 200
    assert field_name(indicator) in to_xform(response.content)
    assert client.get(url, {"period": "2019-Q9"}).status_code == 422
