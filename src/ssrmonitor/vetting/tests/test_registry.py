"""Registries and screening persistence: services, audit without personal data.

Imports from files and the commands: ``test_registry_files``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_vetting import (
    PersonFactory,
    ScreeningPolicyFactory,
    ViolationRecordFactory,
    birth_interval,
)
from ssrmonitor.vetting.crypto import keyed_hash
from ssrmonitor.vetting.matching import BirthDate, Entry, Screener, Thresholds
from ssrmonitor.vetting.models import (
    Case,
    CaseStep,
    Person,
    ScreeningRun,
    ViolationCategory,
    ViolationRecord,
)
from ssrmonitor.vetting.services import registry, screening

pytestmark = pytest.mark.django_db

NAME = "Wilfrid Canarybird Saint-Hilaire"


@pytest.fixture(autouse=True)
def _fresh_screeners() -> None:
    screening.forget_screeners()


def _audit_dump() -> str:
    rows = AuditEvent.objects.values_list("object_repr", "before", "after")
    return json.dumps(list(rows), ensure_ascii=False)


# --- registering by hand ----------------------------------------------------------------


def test_register_person_stores_a_keyed_hash_and_audits_field_names_only(vera: Any) -> None:
    person = registry.register_person(
        acting_user=vera,
        country=country("HT"),
        reference="HNP-1",
        names=[NAME, "Ti Wil"],
        birth_date=birth_interval("1980-01-01", "1980-12-31", "year"),
        place_of_birth="Jacmel",
        unit="CIMO",
    )
    assert person.reference_hash == keyed_hash("HNP-1", purpose="vetting.person")
    event = AuditEvent.objects.get(object_type="vetting.person", action="create")
    assert event.object_repr == f"person #{person.pk}"
    changed = ["birth_date", "names", "place_of_birth", "reference", "unit"]
    assert event.after == {"changed": changed}
    dumped = _audit_dump()
    for secret in (NAME, "Ti Wil", "Jacmel", "HNP-1", "1980"):
        assert secret not in dumped


def test_register_person_refuses_a_duplicate_id_and_a_bad_date(vera: Any) -> None:
    ht = country("HT")
    registry.register_person(acting_user=vera, country=ht, reference="HNP-1", names=[NAME])
    with pytest.raises(ValidationFailed) as caught:
        registry.register_person(acting_user=vera, country=ht, reference=" hnp-1 ", names=["X"])
    assert list(caught.value.by_field()) == ["reference"]
    with pytest.raises(ValidationFailed) as caught:
        registry.register_person(
            acting_user=vera, country=ht, reference="HNP-2", names=[""], birth_date={"x": 1}
        )
    assert set(caught.value.by_field()) == {"names", "birth_date"}
    assert Person.objects.count() == 1


@pytest.mark.parametrize("who", ["reuben", "chloe", "ada", "victor", "root", "fabrice"])
def test_only_officers_of_the_country_register(vetting_personas: dict[str, Any], who: str) -> None:
    with pytest.raises(Denied):
        registry.register_person(
            acting_user=vetting_personas[who], country=country("HT"), reference="P", names=["A"]
        )
    assert not Person.objects.exists()


def test_update_person_audits_the_names_of_the_changed_fields(vera: Any) -> None:
    person = PersonFactory(names=[NAME], unit="CIMO")
    registry.update_person(person, acting_user=vera, names=[NAME, "Wil"], unit="CIMO")
    person.refresh_from_db()
    assert person.names == [NAME, "Wil"]
    event = AuditEvent.objects.get(action="update", object_type="vetting.person")
    assert event.after == {"changed": ["names"]}
    assert "Wil" not in _audit_dump()


def test_register_record_requires_a_category(vera: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        registry.register_record(
            acting_user=vera, country=country("HT"), reference="R1", names=[NAME]
        )
    assert "category" in caught.value.by_field()
    record = registry.register_record(
        acting_user=vera,
        country=country("HT"),
        reference="R1",
        names=[NAME],
        category=ViolationCategory.CHILDREN_RECRUITMENT,
        narrative="Recruited boys of 14 in 2019",
    )
    event = AuditEvent.objects.get(object_type="vetting.violationrecord")
    assert event.after is not None
    assert event.after["category"] == "children_recruitment"
    assert "Recruited" not in _audit_dump()
    assert record.reference_hash == keyed_hash("R1", purpose="vetting.record")


# --- screening ---------------------------------------------------------------------------


def _record(**fields: Any) -> ViolationRecord:
    made: ViolationRecord = ViolationRecordFactory(**fields)
    return made


def test_registration_screens_online_and_opens_one_case_per_hit(vera: Any) -> None:
    record = _record(names=[NAME], birth_dates=[birth_interval("1980-05-02")])
    _record(names=["Marie-Claire Dorval"], birth_dates=[birth_interval("1990-01-01")])
    person, cases = screening.register_and_screen(
        acting_user=vera,
        country=country("HT"),
        reference="HNP-9",
        names=[NAME],
        birth_date=birth_interval("1980-05-02"),
    )
    assert [(c.person_id, c.record_id) for c in cases] == [(person.pk, record.pk)]
    case = cases[0]
    assert case.band == "probable"
    assert any(item["field"] for item in case.explanation)
    assert case.steps.get().kind == CaseStep.Kind.OPENED
    run = ScreeningRun.objects.get()
    assert run.kind == ScreeningRun.Kind.ONLINE
    assert (run.persons_screened, run.probable_hits) == (1, 1)
    again = screening.screen_person(acting_user=vera, person=person)
    assert [c.pk for c in again] == [case.pk]
    assert Case.objects.count() == 1
    assert NAME not in _audit_dump()


def test_screen_registry_opens_cases_for_new_hits_only(vera: Any) -> None:
    record = _record(names=[NAME], birth_dates=[birth_interval("1980-05-02")])
    target = PersonFactory(names=[NAME], birth_date=birth_interval("1980-05-02"))
    PersonFactory.create_batch(3)
    run = screening.screen_registry(acting_user=vera, country=country("HT"))
    assert run.persons_screened == 4
    assert run.records_compared == 1
    assert run.probable_hits == 1
    assert list(Case.objects.values_list("person_id", "record_id")) == [(target.pk, record.pk)]
    screening.screen_registry(acting_user=vera, country=country("HT"))
    assert Case.objects.count() == 1
    assert ScreeningRun.objects.count() == 2


def test_country_thresholds_are_used(vera: Any) -> None:
    ScreeningPolicyFactory(country=country("HT"), probable_threshold=90.0, possible_threshold=80.0)
    _record(names=[NAME], birth_dates=[birth_interval("1980-05-02")])
    PersonFactory(names=[NAME], birth_date=birth_interval("1980-05-02"))
    run = screening.screen_registry(acting_user=vera, country=country("HT"))
    assert (run.probable_threshold, run.possible_threshold) == (90.0, 80.0)
    assert run.probable_hits == 0
    assert not Case.objects.exists()


def test_other_countrys_records_are_not_screened(vera: Any) -> None:
    _record(country=country("CF"), names=[NAME], birth_dates=[birth_interval("1980-05-02")])
    PersonFactory(names=[NAME], birth_date=birth_interval("1980-05-02"))
    run = screening.screen_registry(acting_user=vera, country=country("HT"))
    assert run.records_compared == 0
    assert not Case.objects.exists()


def test_screener_cache_is_reused_until_the_records_change(vera: Any) -> None:
    ht = country("HT")
    _record(names=[NAME])
    first = screening.screener_for(ht)
    assert screening.screener_for(ht) is first
    registry.register_record(
        acting_user=vera, country=ht, reference="NEW", names=["Other Person"], category="corruption"
    )
    assert screening.screener_for(ht) is not first


def test_save_screening_upserts_by_reference_and_never_duplicates_cases(vera: Any) -> None:
    ht = country("HT")
    roster = [
        Entry("P1", (NAME,), birth_dates=(BirthDate.parse("1980-05-02"),)),  # type: ignore[arg-type]
        Entry("P2", ("Marie-Claire Dorval",)),
    ]
    records = [Entry("R1", (NAME,), birth_dates=(BirthDate.parse("1980"),))]  # type: ignore[arg-type]
    thresholds = Thresholds.default()
    hits = list(Screener(records, thresholds).screen(roster))
    assert [h.person_id for h in hits] == ["P1"]
    for _ in range(2):
        run = screening.save_screening(
            acting_user=vera, country=ht, roster=roster, records=records, hits=hits,
            source_name="roster.csv × records.csv", thresholds=thresholds,
            record_categories={"R1": "children_recruitment"},
        )  # fmt: skip
    assert Person.objects.filter(country=ht).count() == 2
    record = ViolationRecord.objects.get()
    assert record.category == ViolationCategory.CHILDREN_RECRUITMENT
    assert record.source == "roster.csv × records.csv"
    case = Case.objects.get()
    assert case.person.reference == "P1"
    assert case.run == ScreeningRun.objects.order_by("pk").first()
    assert run.source_name == "roster.csv × records.csv"
    assert (run.persons_screened, run.records_compared) == (2, 1)
    imports = AuditEvent.objects.filter(action="import").order_by("id")
    assert [e.after["persons_created"] for e in imports if e.after] == [2, 0]
    assert NAME not in _audit_dump()


def test_save_screening_refuses_hits_that_name_unknown_entries(vera: Any) -> None:
    roster = [Entry("P1", (NAME,))]
    records = [Entry("R1", (NAME,))]
    hits = list(Screener(records).screen(roster))
    assert hits
    with pytest.raises(ValidationFailed):
        screening.save_screening(
            acting_user=vera, country=country("HT"), roster=roster, records=[], hits=hits,
            source_name="x", thresholds=Thresholds.default(),
        )  # fmt: skip
    assert not Person.objects.exists()


def test_preview_screening_saves_nothing_but_audits_the_lookup(vera: Any) -> None:
    _record(names=[NAME], birth_dates=[birth_interval("1980-05-02")])
    entry = Entry("query", (NAME,))
    hits = screening.preview_screening(acting_user=vera, country=country("HT"), entry=entry)
    assert len(hits) == 1
    assert not Person.objects.exists()
    assert not Case.objects.exists()
    assert hits[0].band == "probable"
    event = AuditEvent.objects.get(action="screen")
    assert event.after == {"kind": "preview", "probable_hits": 1, "possible_hits": 0}


def test_preview_screening_needs_an_officer(reuben: Any) -> None:
    with pytest.raises(Denied):
        screening.preview_screening(
            acting_user=reuben, country=country("HT"), entry=Entry("q", (NAME,))
        )
