"""Issue 14, item 3: the period grid and the batch review as pages, with and without HTMX."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import (
    Framework,
    Indicator,
    IndicatorKind,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.benchmarks.services import GridEntry
from ssrmonitor.benchmarks.templatetags.benchmarks_tags import num
from ssrmonitor.benchmarks.tests.helpers import signed_in
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db
PERIOD = "2019-Q1"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def share(framework: Framework) -> Indicator:
    return IndicatorFactory(
        benchmark__framework=framework, kind=IndicatorKind.PERCENTAGE, unit="%", position=2
    )


def _url(name: str, framework: Framework, period: str = PERIOD) -> str:
    return f"{reverse(f'benchmarks:{name}', args=[framework.pk])}?period={period}"


def _post(client: Client, framework: Framework, data: dict[str, str], **kw: Any) -> Any:
    url = reverse("benchmarks:period_grid", args=[framework.pk])
    return client.post(url, {"period": PERIOD, **data}, **kw)


def test_the_grid_shows_every_indicator_and_part_with_labels_and_context(
    client: Client, alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    MeasurementFactory(indicator=headcount, period_text=PERIOD, value=Decimal("14200"))
    response = signed_in(client, alice).get(_url("period_grid", framework))
    assert response.status_code == 200
    html = response.content.decode()
    names = re.findall(r'<input id="(v-[\w-]+)"', html)
    # tab order goes down the value column: the total, then each part, then the next indicator
    assert names == [
        f"v-{headcount.pk}",
        f"v-{headcount.pk}-sex-female",
        f"v-{headcount.pk}-sex-male",
        f"v-{share.pk}",
    ]
    for name in names:
        assert f'<label class="visually-hidden" for="{name}">' in html
    assert f'name="v-{headcount.pk}" value="14200"' in html  # the draft, pre-filled
    assert "0 – 100" in html  # the percentage's allowed range
    assert "<td>officers</td>" in html  # the unit
    assert f'<td class="number">{num(Decimal(14000))}</td>' in html  # the baseline


def test_a_plain_post_saves_the_drafts_and_redirects(
    client: Client, alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    data = {
        f"v-{headcount.pk}": "14500",
        f"v-{headcount.pk}-sex-female": "1400",
        f"v-{headcount.pk}-sex-male": "13100",
        f"v-{share.pk}": "9.7",
        f"nature-{share.pk}": "rate",
        f"note-{share.pk}": "From the census.",
    }
    response = _post(signed_in(client, alice), framework, {**data, "action": "save"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?period={PERIOD}")
    saved = Measurement.objects.get(indicator=share)
    assert (saved.value, saved.nature, saved.narrative) == (
        Decimal("9.7"),
        "rate",
        "From the census.",
    )
    assert saved.status == MeasurementStatus.DRAFT
    assert Measurement.objects.get(indicator=headcount).disaggregated_values.count() == 2


def test_a_refused_row_is_marked_in_place_and_nothing_is_saved(
    client: Client, alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    before = AuditEvent.objects.count()
    data = {f"v-{headcount.pk}": "14500", f"v-{share.pk}": "150"}
    response = _post(signed_in(client, alice), framework, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was saved." in html
    assert f'name="v-{share.pk}" value="150"' in html  # what was typed is shown again
    assert f'aria-invalid="true" aria-describedby="v-{share.pk}-error"' in html
    assert "outside the allowed range" in html
    assert not Measurement.objects.exists()
    assert AuditEvent.objects.count() == before


def test_htmx_swaps_the_grid_only_and_save_and_submit_submits(
    client: Client, alice: Any, framework: Framework, headcount: Indicator
) -> None:
    data = {f"v-{headcount.pk}": "14500", "action": "submit"}
    response = _post(signed_in(client, alice), framework, data, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="grid"')
    assert "<html" not in html
    assert Measurement.objects.get().status == MeasurementStatus.SUBMITTED


def test_a_viewer_may_not_open_the_grid_and_the_public_signs_in(
    client: Client, victor: Any, framework: Framework, headcount: Indicator
) -> None:
    assert client.get(_url("period_grid", framework)).status_code == 302
    assert signed_in(client, victor).get(_url("period_grid", framework)).status_code == 403


def test_a_period_outside_the_framework_is_explained(
    client: Client, alice: Any, framework: Framework, headcount: Indicator
) -> None:
    response = signed_in(client, alice).get(_url("period_grid", framework, "2024-Q1"))
    assert response.status_code == 422
    assert "outside the framework" in response.content.decode()


def test_the_framework_page_links_to_the_grid_for_editors_only(
    client: Client, alice: Any, framework: Framework, headcount: Indicator
) -> None:
    page = reverse("benchmarks:framework", args=[framework.pk])
    grid = reverse("benchmarks:period_grid", args=[framework.pk])
    assert grid not in client.get(page).content.decode()
    html = signed_in(client, alice).get(page).content.decode()
    assert "Enter values for this period" in html
    assert f"{grid}?period=2019-Q4" in html  # the framework ended in October 2019


# --- batch review ---------------------------------------------------------------------------


def _submit(user: Any, framework: Framework, entries: list[GridEntry]) -> list[int]:
    return services.save_period_values(
        framework, acting_user=user, period=PERIOD, entries=entries, submit=True
    ).submitted


def test_the_review_page_shows_baseline_target_range_and_the_last_values(
    client: Client, alice: Any, rachel: Any, framework: Framework, headcount: Indicator
) -> None:
    for period, value in (("2018-Q3", 14010), ("2018-Q4", 14020), ("2018-Q2", 14005)):
        MeasurementFactory(indicator=headcount, period_text=period, value=value, approved=True)
    MeasurementFactory(indicator=headcount, period_text="2018-Q1", value=1, approved=True)
    _submit(alice, framework, [GridEntry(headcount.pk, "14500")])
    response = signed_in(client, rachel).get(_url("period_review", framework))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<strong>{num(Decimal(14500))}</strong>" in html
    assert f'"Baseline">{num(Decimal(14000))}</td>' in html
    assert f'"Target">{num(Decimal(15000))}</td>' in html
    last = [f"2018-Q{q}: {num(Decimal(v))}" for q, v in ((4, 14020), (3, 14010), (2, 14005))]
    assert "<br>".join(last) in html
    assert "2018-Q1" not in html  # only the last three approved values
    assert 'name="select"' in html


def test_approve_selected_approves_every_ticked_value(
    client: Client,
    alice: Any,
    rachel: Any,
    framework: Framework,
    headcount: Indicator,
    share: Indicator,
) -> None:
    ids = _submit(alice, framework, [GridEntry(headcount.pk, "14500"), GridEntry(share.pk, "9")])
    data = {"period": PERIOD, "action": "approve_selected", "select": [str(i) for i in ids]}
    url = reverse("benchmarks:period_review", args=[framework.pk])
    response = signed_in(client, rachel).post(url, data)
    assert response.status_code == 302
    assert set(Measurement.objects.values_list("status", flat=True)) == {"approved"}


def test_a_value_one_touched_has_no_checkbox_and_a_forced_approval_changes_nothing(
    client: Client, ada: Any, framework: Framework, headcount: Indicator
) -> None:
    [own] = _submit(ada, framework, [GridEntry(headcount.pk, "14500")])
    signed_in(client, ada)
    html = client.get(_url("period_review", framework)).content.decode()
    assert 'name="select"' not in html
    assert "You cannot review your own submission." in html
    url = reverse("benchmarks:period_review", args=[framework.pk])
    response = client.post(url, {"period": PERIOD, "approve": str(own)}, headers=HTMX)
    assert response.status_code == 422
    assert "Nothing was saved." in response.content.decode()
    assert Measurement.objects.get().status == MeasurementStatus.SUBMITTED


def test_returning_one_value_needs_a_comment(
    client: Client, alice: Any, rachel: Any, framework: Framework, headcount: Indicator
) -> None:
    [sent] = _submit(alice, framework, [GridEntry(headcount.pk, "14500")])
    url = reverse("benchmarks:period_review", args=[framework.pk])
    signed_in(client, rachel)
    assert client.post(url, {"period": PERIOD, "return": str(sent)}).status_code == 422
    data = {"period": PERIOD, "return": str(sent), f"comment-{sent}": "Which census?"}
    assert client.post(url, data).status_code == 302
    returned = Measurement.objects.get()
    assert (returned.status, returned.review_comment) == ("returned", "Which census?")


def test_a_new_region_is_named_in_the_grid_and_offered_next_time(
    client: Client, alice: Any, officers: Indicator
) -> None:
    framework = officers.benchmark.framework
    ident = officers.pk
    data = {
        f"v-{ident}": "14500",
        f"v-{ident}-sex-female": "1400",
        f"rn-{ident}-0": "Ouest",
        f"v-{ident}-region-0": "9000",
    }
    assert _post(signed_in(client, alice), framework, data).status_code == 302
    parts = Measurement.objects.get().disaggregated_values
    assert {(p.dimension, p.category, p.value) for p in parts.all()} == {
        ("sex", "female", Decimal(1400)),
        ("region", "Ouest", Decimal(9000)),
    }
    html = client.get(_url("period_grid", framework)).content.decode()
    assert f'<input type="hidden" name="rn-{ident}-0" value="Ouest">' in html
    assert f'name="v-{ident}-region-0" value="9000"' in html
    assert f'id="rn-{ident}-1"' in html  # and a row for yet another region
    unnamed = {f"v-{ident}": "14500", f"v-{ident}-region-1": "300"}
    response = _post(client, framework, unnamed)
    assert response.status_code == 422
    assert "Name the region of this value." in response.content.decode()
