"""The SDG routes of the API: the catalogue and a country's imported values (public statistics)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from ssrmonitor.perceptions.services.sdg import import_sdg_data
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country

NATIONAL = b"Year,Sex,Value\n2019,,10.25\n2019,Female,3\n2014-15,,12\n"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def test_the_catalogue_lists_each_indicator_with_its_series(client: Client) -> None:
    response = client.get("/api/v1/perceptions/sdg/catalogue")

    by_indicator = {entry["indicator"]: entry for entry in response.json()}
    assert response.status_code == 200
    assert by_indicator["16.1.1"]["title"] == "Victims of intentional homicide"
    assert [s["code"] for s in by_indicator["16.1.1"]["series"]] == ["VC_IHR_PSRC", "VC_IHR_PSRCN"]
    assert {"SG_GEN_PARL", "SG_GEN_LOCG"} <= {s["code"] for s in by_indicator["5.5.1"]["series"]}


@pytest.mark.django_db
def test_a_countrys_values_are_read_by_anyone_paged_and_filtered_by_series(client: Client) -> None:
    import_sdg_data(
        acting_user=SYSTEM, country=country("HT"), content=NATIONAL,
        file_name="indicator_16-1-1.csv", series="VC_IHR_PSRC",
    )  # fmt: skip

    everything = client.get("/api/v1/perceptions/countries/ht/sdg", {"limit": 2}).json()
    other = client.get("/api/v1/perceptions/countries/HT/sdg", {"series": "sg_gen_parl"}).json()
    missing = client.get("/api/v1/perceptions/countries/XX/sdg")

    assert (everything["count"], len(everything["items"])) == (3, 2)
    first = everything["items"][0]
    assert (first["series"], first["breakdown"], first["time_period"], first["value"]) == (
        "VC_IHR_PSRC", "", "2015", "12.000000",
    )  # fmt: skip
    assert first["attributes"] == {"TIME_DETAIL": "2014-15"}
    assert first["indicators"] == ["16.1.1"] and first["key"]["REF_AREA"] == "332"
    assert everything["items"][1]["time_period"] == "2019"
    assert other["count"] == 0
    assert missing.status_code == 404
