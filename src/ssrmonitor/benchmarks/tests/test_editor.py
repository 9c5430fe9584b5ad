"""The framework editor: who may create and change frameworks, benchmarks and indicators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.models import (
    Benchmark,
    Framework,
    FrameworkStatus,
    Indicator,
    Owner,
)
from ssrmonitor.core.models import AuditEvent, Mission
from ssrmonitor.testing.factories import (
    BenchmarkFactory,
    FrameworkFactory,
    IndicatorFactory,
    country,
)

pytestmark = pytest.mark.django_db

FRAMEWORK = {
    "title": "National police development plan 2022-2026",
    "kind": "national commitments",
    "source_document": "S/2022/481",
    "source_title": "Report of the Secretary-General on BINUH",
    "source_location": "Annex, page 12",
    "adoption_date": "2022-06-15",
    "end_date": "2026-12-31",
    "status": "active",
    "notes": "",
}
INDICATOR = {
    "code": "2.1",
    "definition": "Share of women among sworn police officers",
    "kind": "percentage",
    "unit": "%",
    "direction": "increase",
    "baseline_value": "11",
    "baseline_date": "2022-01-01",
    "baseline_text": "11 per cent of officers are women (2021)",
    "target_value": "15",
    "target_date": "2026-12-31",
    "target_text": "At least 15 per cent by end 2026",
    "disaggregations": ["region"],
    "data_source": "PNH human resources",
    "frequency": "annual",
    "responsible_entity": "PNH",
    "position": "1",
    "notes": "",
}


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def _url(name: str, *args: Any) -> str:
    return reverse(f"benchmarks:{name}", args=args)


def test_editor_creates_a_framework_that_stays_unpublished(client: Client, alice: Any) -> None:
    mission = Mission.objects.create(acronym="BINUH", name="UN Integrated Office in Haiti",
                                     kind="special_political", country=country("HT"))  # fmt: skip
    page = _login(client, alice).get(_url("framework_create", "ht"))
    assert page.status_code == 200
    assert 'name="is_published"' not in page.content.decode()

    response = client.post(
        _url("framework_create", "HT"), FRAMEWORK | {"mission": mission.pk, "is_published": "on"}
    )
    framework = Framework.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("framework", framework.pk)
    assert framework.country.iso2 == "HT"
    assert framework.mission == mission
    assert framework.is_published is False  # the field is not offered to an editor
    assert framework.adoption_date == date(2022, 6, 15)
    assert AuditEvent.objects.filter(action="create", object_type="benchmarks.framework").exists()


def test_administrator_may_publish(client: Client, ada: Any) -> None:
    framework = FrameworkFactory(is_published=False)
    page = _login(client, ada).get(_url("framework_edit", framework.pk))
    assert 'name="is_published"' in page.content.decode()
    data = FRAMEWORK | {"title": framework.title, "is_published": "on"}
    assert client.post(_url("framework_edit", framework.pk), data).status_code == 302
    framework.refresh_from_db()
    assert framework.is_published is True
    event = AuditEvent.objects.get(action="update", object_type="benchmarks.framework")
    assert event.before is not None and event.before["is_published"] is False
    assert event.after is not None and event.after["is_published"] is True


def test_framework_dates_are_checked_and_nothing_is_saved(client: Client, alice: Any) -> None:
    bad = FRAMEWORK | {"end_date": "2020-01-01"}
    response = _login(client, alice).post(_url("framework_create", "HT"), bad)
    assert response.status_code == 422
    assert "The end date is before the adoption date." in response.content.decode()
    assert response.context["form"].errors["end_date"]
    assert Framework.objects.count() == 0


def test_a_mission_of_another_country_is_not_offered(client: Client, alice: Any) -> None:
    other = Mission.objects.create(acronym="MINUSCA", name="MINUSCA", kind="peacekeeping",
                                   country=country("CF"))  # fmt: skip
    page = _login(client, alice).get(_url("framework_create", "HT")).content.decode()
    assert "MINUSCA" not in page
    response = client.post(_url("framework_create", "HT"), FRAMEWORK | {"mission": other.pk})
    assert response.status_code == 422
    assert Framework.objects.count() == 0


@pytest.mark.parametrize("persona", ["bob", "victor", "rachel"])
def test_only_editors_of_the_country_may_create(
    client: Client, personas: dict[str, Any], persona: str
) -> None:
    response = _login(client, personas[persona]).post(_url("framework_create", "HT"), FRAMEWORK)
    assert response.status_code == 403
    assert "You are not an editor of this country." in response.content.decode()
    assert Framework.objects.count() == 0


def test_public_is_sent_to_sign_in_and_unknown_countries_404(client: Client, alice: Any) -> None:
    response = client.get(_url("framework_create", "HT"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert _login(client, alice).get(_url("framework_create", "QQ")).status_code == 404


def test_other_countries_internal_frameworks_answer_404(client: Client, bob: Any) -> None:
    framework = FrameworkFactory(is_published=False, status=FrameworkStatus.DRAFT)
    benchmark = BenchmarkFactory(framework=framework)
    indicator = IndicatorFactory(benchmark=benchmark)
    _login(client, bob)
    for url in (
        _url("framework_edit", framework.pk),
        _url("benchmark_create", framework.pk),
        _url("benchmark_edit", benchmark.pk),
        _url("indicator_create", benchmark.pk),
        _url("indicator_edit", indicator.pk),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_published_frameworks_of_another_country_are_403_to_edit(client: Client, bob: Any) -> None:
    framework = FrameworkFactory()
    assert _login(client, bob).get(_url("framework_edit", framework.pk)).status_code == 403


def test_editor_adds_a_host_country_benchmark_and_its_indicator(client: Client, alice: Any) -> None:
    framework = FrameworkFactory(adoption_date=date(2022, 6, 15))
    _login(client, alice)
    form = client.get(_url("benchmark_create", framework.pk)).content.decode()
    assert 'value="1"' in form  # next position
    response = client.post(
        _url("benchmark_create", framework.pk),
        {"code": "2", "text": "The police includes more women.", "area": "Police",
         "component": "police", "owner": "host", "position": "2", "notes": ""},
    )  # fmt: skip
    benchmark = Benchmark.objects.get()
    assert response.status_code == 302
    assert benchmark.owner == Owner.HOST

    response = client.post(_url("indicator_create", benchmark.pk), INDICATOR)
    indicator = Indicator.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("indicator", indicator.pk)
    assert indicator.kind == "percentage"
    assert indicator.target_value == Decimal(15)
    assert indicator.disaggregations == ["region"]
    assert indicator.baseline_text == "11 per cent of officers are women (2021)"

    page = client.get(_url("framework", framework.pk)).content.decode()
    host_section = page.split('id="host-heading"', 1)[1]
    assert "The police includes more women." in host_section
    assert "Share of women among sworn police officers" in host_section


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"target_date": "2021-01-01"}, "target_date", "not after the baseline"),
        ({"target_value": "150"}, "target_value", "outside the allowed range"),
        ({"kind": "gauge"}, "kind", "Select a valid choice."),
        ({"disaggregations": ["colour"]}, "disaggregations", "Select a valid choice."),
    ],
)
def test_indicator_errors_show_at_their_field_and_save_nothing(
    client: Client, alice: Any, changes: dict[str, Any], field: str, reason: str
) -> None:
    benchmark = BenchmarkFactory()
    response = _login(client, alice).post(_url("indicator_create", benchmark.pk),
                                          INDICATOR | changes)  # fmt: skip
    assert response.status_code == 422
    assert reason in " ".join(response.context["form"].errors[field])
    assert Indicator.objects.count() == 0


def test_editing_an_indicator_records_before_and_after(client: Client, alice: Any) -> None:
    indicator = IndicatorFactory()
    page = _login(client, alice).get(_url("indicator_edit", indicator.pk)).content.decode()
    assert indicator.definition in page
    data = INDICATOR | {"kind": "quantitative", "unit": indicator.unit, "target_value": "1.6",
                        "baseline_value": "1.3", "disaggregations": ["sex", "region"]}  # fmt: skip
    assert client.post(_url("indicator_edit", indicator.pk), data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.target_value == Decimal("1.6")
    assert indicator.disaggregations == ["sex", "region"]
    event = AuditEvent.objects.get(action="update", object_type="benchmarks.indicator")
    assert event.after is not None and Decimal(event.after["target_value"]) == Decimal("1.6")
    assert event.before is not None and Decimal(event.before["target_value"]) == Decimal("1.4")


def test_editing_a_benchmark(client: Client, alice: Any) -> None:
    benchmark = BenchmarkFactory(text="Old wording")
    _login(client, alice)
    assert "Old wording" in client.get(_url("benchmark_edit", benchmark.pk)).content.decode()
    data = {"code": "1", "text": "New wording", "area": "", "component": "justice",
            "owner": "joint", "position": "1", "notes": ""}  # fmt: skip
    response = client.post(_url("benchmark_edit", benchmark.pk), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#benchmark-{benchmark.pk}")
    benchmark.refresh_from_db()
    assert (benchmark.text, benchmark.component, benchmark.owner) == (
        "New wording",
        "justice",
        "joint",
    )


def test_edit_links_are_shown_to_editors_only(client: Client, alice: Any, victor: Any) -> None:
    indicator = IndicatorFactory()
    framework_url = _url("framework", indicator.benchmark.framework.pk)
    edit = _url("framework_edit", indicator.benchmark.framework.pk)
    assert edit in _login(client, alice).get(framework_url).content.decode()
    assert edit not in _login(Client(), victor).get(framework_url).content.decode()
    assert edit not in Client().get(framework_url).content.decode()
