"""The embargo alert: the pure rule on hand-made cases, then the whole path through the pages."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ssrmonitor.sanctions.alerts import FlagFacts, MeasurePeriod, alerts_visible_to, embargo_alerts
from ssrmonitor.sanctions.models import EquipmentKind, ExemptionStatus
from ssrmonitor.sanctions.services import embargo
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_sanctions import EmbargoMeasureFactory, ExemptionRequestFactory
from ssrmonitor.testing.factories_support import national_activity, partner

TODAY = date(2026, 11, 28)
HT, CF = 1, 2


def flag(flag_id: int, activity_id: int, country_id: int) -> FlagFacts:
    return FlagFacts(flag_id, activity_id, country_id)


@pytest.mark.parametrize(
    ("measures", "exempted", "expected"),
    [
        ([MeasurePeriod(HT, None, None)], set(), [1]),  # embargo, no request → alert
        ([MeasurePeriod(HT, None, None)], {(10, HT)}, []),  # a request is recorded → none
        ([MeasurePeriod(HT, None, None)], {(10, CF)}, [1]),  # a request for another country
        ([MeasurePeriod(CF, None, None)], set(), []),  # no embargo on the country → none
        ([MeasurePeriod(HT, None, date(2026, 11, 27))], set(), []),  # ended yesterday → none
        ([MeasurePeriod(HT, None, TODAY)], set(), [1]),  # ends today → still in force
        ([MeasurePeriod(HT, date(2026, 11, 29), None)], set(), []),  # starts tomorrow → none
        ([MeasurePeriod(HT, date(2013, 12, 5), None)], set(), [1]),
    ],
)
def test_the_rule(
    measures: list[MeasurePeriod], exempted: set[tuple[int, int]], expected: list[int]
) -> None:
    flags = [flag(1, 10, HT)]
    assert [f.flag_id for f in embargo_alerts(flags, measures, exempted, today=TODAY)] == expected


@pytest.fixture
def flagged(alice: Any) -> Any:
    """A Haiti activity flagged as supplying security equipment, under a Haiti embargo."""
    activity = national_activity(country("HT"), partner("XM-TEST-1"), "radios")
    measure = EmbargoMeasureFactory(country=country("HT"))
    embargo.flag_activity(
        activity, acting_user=alice, country=country("HT"), kind=EquipmentKind.SECURITY
    )
    return {"activity": activity, "measure": measure}


@pytest.mark.django_db
def test_alert_until_an_exemption_is_recorded(flagged: Any, alice: Any, bob: Any) -> None:
    today = timezone.localdate()
    assert len(alerts_visible_to(alice, today=today)) == 1
    assert alerts_visible_to(bob, today=today) == []  # another country's alert is not shown
    request = ExemptionRequestFactory(measure=flagged["measure"], activity=flagged["activity"])
    assert alerts_visible_to(alice, today=today) == []
    embargo.update_exemption(
        request, acting_user=alice, status=ExemptionStatus.WITHDRAWN, submitted_on=date(2026, 1, 5)
    )
    assert len(alerts_visible_to(alice, today=today)) == 1


@pytest.mark.django_db
def test_alert_on_the_country_page_api_and_command(flagged: Any, personas: dict[str, Any]) -> None:
    identifier = flagged["activity"].iati_identifier
    alice = Client()
    alice.force_login(personas["alice"])
    page = alice.get(reverse("sanctions:country", args=["HT"])).content.decode()
    assert "no exemption request is recorded for this activity" in page
    assert identifier in page
    assert (
        identifier not in Client().get(reverse("sanctions:country", args=["HT"])).content.decode()
    )
    assert [a["activity"] for a in alice.get("/api/v1/sanctions/alerts").json()] == [identifier]
    assert Client().get("/api/v1/sanctions/alerts").json() == []
    out, err = StringIO(), StringIO()
    call_command("embargo_alerts", "--country", "HT", stdout=out, stderr=err)
    assert identifier in out.getvalue()
    assert "1 alert(s)" in err.getvalue()


@pytest.mark.django_db
def test_flagging_through_the_page(personas: dict[str, Any]) -> None:
    activity = national_activity(country("HT"), partner("XM-TEST-2"), "vehicles")
    url = reverse("sanctions:flag_create", args=["HT"])
    data = {"activity": activity.iati_identifier, "kind": "security", "note": "12 vehicles"}
    victor = Client()
    victor.force_login(personas["victor"])
    assert victor.post(url, data).status_code == 403
    alice = Client()
    alice.force_login(personas["alice"])
    assert alice.post(url, data | {"activity": "no-such-id"}).status_code == 422
    assert alice.post(url, data).status_code == 302
    assert alice.post(url, data).status_code == 422  # already flagged
