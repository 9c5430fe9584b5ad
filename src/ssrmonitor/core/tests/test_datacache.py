"""Cached results are recomputed after any change to their domain's data, and only then."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from ssrmonitor.core import audit, datacache
from ssrmonitor.core.models import Mission, Organisation
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations_domain(monkeypatch: pytest.MonkeyPatch) -> str:
    """A domain ``orgs`` of the organisations only, registered for this test."""
    monkeypatch.setattr(datacache, "_BY_APP", {})
    monkeypatch.setattr(datacache, "_BY_MODEL", {})
    monkeypatch.setattr(datacache, "_IGNORED", {})
    datacache.register_domain("orgs", models=("core.Organisation",))
    return "orgs"


def _names(calls: list[int]) -> Any:
    def compute() -> list[str]:
        calls.append(1)
        return sorted(Organisation.objects.values_list("name", flat=True))

    return compute


def _audited(change: Any) -> Any:
    """``change()`` as a service does it: in a transaction, with its audit event."""
    with transaction.atomic():
        obj = change()
        audit.record(actor=SYSTEM, action="change", obj=obj)
    return obj


def test_a_result_is_computed_once_until_its_data_changes(organisations_domain: str) -> None:
    calls: list[int] = []
    first = _audited(lambda: Organisation.objects.create(name="Partner A", iati_identifier="A"))
    assert datacache.cached("names", [organisations_domain], ["x"], _names(calls)) == ["Partner A"]
    assert datacache.cached("names", [organisations_domain], ["x"], _names(calls)) == ["Partner A"]
    assert len(calls) == 1
    _audited(lambda: Organisation.objects.create(name="Partner B", iati_identifier="B"))
    assert datacache.cached("names", [organisations_domain], ["x"], _names(calls)) == [
        "Partner A",
        "Partner B",
    ]
    assert len(calls) == 2

    def rename() -> Organisation:
        Organisation.objects.filter(pk=first.pk).update(name="Partner Z")  # a bulk write
        return first

    _audited(rename)
    assert datacache.cached("names", [organisations_domain], ["x"], _names(calls)) == [
        "Partner B",
        "Partner Z",
    ]


def test_the_key_parts_keep_results_apart(organisations_domain: str) -> None:
    calls: list[int] = []
    datacache.cached("names", [organisations_domain], ["scope", 1], _names(calls))
    datacache.cached("names", [organisations_domain], ["scope", (1, 2)], _names(calls))
    datacache.cached("names", [organisations_domain], ["scope", 1], _names(calls))
    assert len(calls) == 2


def test_upgrade_renews_every_domain(organisations_domain: str) -> None:
    """Data migrations are not audited: ``ssrmonitor upgrade`` renews every token."""
    before = datacache.tokens([organisations_domain])
    datacache.renew_all()
    assert datacache.tokens([organisations_domain]) not in (before, datacache.MISSING)


def test_other_models_and_rolled_back_writes_leave_the_version_alone(
    organisations_domain: str,
) -> None:
    _audited(lambda: Organisation.objects.create(name="Partner A", iati_identifier="XM-A"))
    before = datacache.tokens([organisations_domain])
    place = country("HT")
    _audited(lambda: Mission.objects.create(acronym="TEST", name="Test mission", country=place))
    assert datacache.tokens([organisations_domain]) == before
    with pytest.raises(RuntimeError), transaction.atomic():
        org = Organisation.objects.create(name="Partner B", iati_identifier="XM-B")
        audit.record(actor=SYSTEM, action="create", obj=org)
        raise RuntimeError  # the service fails: its new token is rolled back with its data
    assert datacache.tokens([organisations_domain]) == before


def test_zero_seconds_turns_the_cache_off(organisations_domain: str, settings: Any) -> None:
    settings.SSRMONITOR_ANALYSIS_CACHE_SECONDS = 0
    calls: list[int] = []
    for _ in range(3):
        datacache.cached("names", [organisations_domain], ["x"], _names(calls))
    assert len(calls) == 3


def test_a_domain_never_changed_has_the_missing_token(organisations_domain: str) -> None:
    assert datacache.tokens([organisations_domain, "never"]) == f"{datacache.MISSING}." + (
        datacache.MISSING
    )


def test_a_domain_ignores_the_models_it_says_and_is_renewed_by_its_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(datacache, "_BY_APP", {})
    monkeypatch.setattr(datacache, "_BY_MODEL", {})
    monkeypatch.setattr(datacache, "_IGNORED", {})
    datacache.register_domain("core-but-missions", apps=("core",), ignore=("core.Mission",))
    before = datacache.tokens(["core-but-missions"])
    _audited(lambda: Mission.objects.create(acronym="MINUJUSTH", country=country("HT")))
    assert datacache.tokens(["core-but-missions"]) == before
    _audited(lambda: Organisation.objects.create(name="Partner A", iati_identifier="A"))
    renewed = datacache.tokens(["core-but-missions"])
    assert renewed != before
    with transaction.atomic():
        datacache.renew("core-but-missions")
    assert datacache.tokens(["core-but-missions"]) != renewed
