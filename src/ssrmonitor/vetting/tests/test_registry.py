"""Registries, imports and screening persistence: services, audit without personal data."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.testing.factories import country, member
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
    Watchlist,
)
from ssrmonitor.vetting.services import registry, screening

pytestmark = pytest.mark.django_db

SANCTIONS = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "sanctions"
NAME = "Wilfrid Canarybird Saint-Hilaire"


@pytest.fixture(autouse=True)
def _fresh_screeners() -> None:
    screening.forget_screeners()


def _audit_dump() -> str:
    rows = AuditEvent.objects.values_list("object_repr", "before", "after")
    return json.dumps(list(rows), ensure_ascii=False)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


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


# --- files -------------------------------------------------------------------------------

ROSTER = (
    "person_id,full_name,date_of_birth,place_of_birth,sex,nationality,unit\n"
    "P1,Jean-Baptiste Pierre Louis,1985-03-14,Jacmel,M,HT,CIMO\n"
    "P2,Marie-Claire Dorval,1990,,F,HT,BLTS\n"
    "P3,Youssouf Ould Ahmed,1978/1982,,M,,\n"
)


def test_import_roster_creates_then_updates_by_person_id(tmp_path: Path, vera: Any) -> None:
    ht = country("HT")
    path = _write(tmp_path, "roster.csv", ROSTER)
    summary = registry.import_roster(path, acting_user=vera, country=ht)
    assert (summary.created, summary.updated) == (3, 0)
    changed = ROSTER.replace("BLTS", "UDMO")
    path = _write(tmp_path, "r2.csv", changed)
    summary = registry.import_roster(path, acting_user=vera, country=ht)
    assert (summary.created, summary.updated) == (0, 3)
    person = Person.objects.get(reference_hash=registry.person_hash("P2"))
    assert person.unit == "UDMO"
    assert person.birth_date["precision"] == "year"
    assert (
        Person.objects.get(reference_hash=registry.person_hash("P3")).birth_date["precision"]
        == "range"
    )
    assert "Dorval" not in _audit_dump()
    event = AuditEvent.objects.filter(action="import").first()
    assert event is not None and event.after is not None
    assert event.after["created"] == 0


def test_a_bad_roster_line_rejects_the_file_naming_line_and_field(
    tmp_path: Path, vera: Any
) -> None:
    bad = ROSTER.replace("1990,", "1990-13,")
    path = _write(tmp_path, "tmp123.csv", bad)
    with pytest.raises(ValidationFailed) as caught:
        registry.import_roster(path, acting_user=vera, country=country("HT"), file_name="hnp.csv")
    reason = caught.value.by_field()["file"][0]
    assert "hnp.csv" in reason
    assert "line 3" in reason
    assert "date_of_birth" in reason
    assert not Person.objects.exists()


RECORDS = (
    "record_id,full_name,aliases,date_of_birth,place_of_birth,sex,nationality,category,source\n"
    "R1,Jean-Baptiste Pierre Louis,Ti Jean;JB Louis,1985,Jacmel,M,HT,sexual_violence,HRS 2019\n"
    "R2,Abubakar Sani Musa,,1974,,M,,children_recruitment,CTFMR\n"
    "R3,Marie Thérèse Lafleur,,,,F,,,\n"
)


def test_import_records_csv_as_a_watchlist(tmp_path: Path, vera: Any) -> None:
    path = _write(tmp_path, "records.csv", RECORDS)
    watchlist, summary = registry.import_records(
        path, acting_user=vera, country=country("HT"), name="HRS list"
    )
    assert summary.created == 3
    assert watchlist.kind == Watchlist.Kind.RECORDS_CSV
    assert watchlist.entry_count == 3
    r1 = ViolationRecord.objects.get(reference_hash=registry.record_hash("R1"))
    assert r1.names == ["Jean-Baptiste Pierre Louis", "Ti Jean", "JB Louis"]
    assert r1.category == ViolationCategory.SEXUAL_VIOLENCE
    assert r1.source == "HRS 2019"
    assert r1.watchlist == watchlist
    r3 = ViolationRecord.objects.get(reference_hash=registry.record_hash("R3"))
    assert r3.category == ViolationCategory.OTHER_HUMAN_RIGHTS


def test_unknown_category_rejects_the_records_file(tmp_path: Path, vera: Any) -> None:
    bad = RECORDS.replace("children_recruitment", "looting")
    path = _write(tmp_path, "records.csv", bad)
    with pytest.raises(ValidationFailed) as caught:
        registry.import_records(path, acting_user=vera, country=country("HT"), name="L")
    reason = caught.value.by_field()["file"][0]
    assert "line 3" in reason
    assert "category" in reason
    assert not ViolationRecord.objects.exists()
    assert not Watchlist.objects.exists()


def _individual_ids(path: Path) -> set[str]:
    """Reference numbers of the individuals, read without the importer (a plain regex)."""
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(r"<INDIVIDUAL>(.*?)</INDIVIDUAL>", text, flags=re.S)
    return {re.search(r"<REFERENCE_NUMBER>\s*(.*?)\s*<", b).group(1) for b in blocks}  # type: ignore[union-attr]


def test_reimporting_the_un_list_replaces_its_records_but_keeps_those_in_a_case(
    vera: Any,
) -> None:
    ht = country("HT")
    old, new = (
        SANCTIONS / "un_sc_excerpt_2020-11-30.xml",
        SANCTIONS / "un_sc_excerpt_2024-09-26.xml",
    )
    old_ids, new_ids = _individual_ids(old), _individual_ids(new)
    watchlist, summary = registry.import_un_list(old, acting_user=vera, country=ht, name="UN")
    assert summary.created == len(old_ids) == watchlist.entry_count
    record = watchlist.records.first()
    assert record is not None
    assert record.category == ViolationCategory.SANCTIONS_LISTING
    delisted = sorted(old_ids - new_ids)
    in_case = ViolationRecord.objects.get(reference_hash=registry.record_hash(delisted[0]))
    Case.objects.create(
        country=ht, person=PersonFactory(), record=in_case, score=30, band="probable"
    )
    watchlist, summary = registry.import_un_list(new, acting_user=vera, country=ht, name="UN")
    assert summary.updated == len(old_ids & new_ids)
    assert summary.created == len(new_ids - old_ids)
    assert summary.removed == len(delisted) - 1
    assert summary.kept == 1
    assert watchlist.records.count() == len(new_ids) + 1
    assert watchlist.entry_count == len(new_ids)


def test_un_list_entries_keep_low_quality_aliases_apart(vera: Any) -> None:
    path = SANCTIONS / "un_sc_excerpt_2020-11-30.xml"
    registry.import_un_list(path, acting_user=vera, country=country("HT"), name="UN")
    text = path.read_text(encoding="utf-8")
    low = len(re.findall(r"<QUALITY>Low</QUALITY>", text))
    assert low > 0
    weak = sum(len(r.weak_aliases) for r in ViolationRecord.objects.all())
    assert 0 < weak <= low


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


# --- commands ----------------------------------------------------------------------------


def test_commands_import_and_screen(tmp_path: Path, vera: Any) -> None:
    country("HT")
    out = StringIO()
    roster = _write(tmp_path, "roster.csv", ROSTER)
    records = _write(tmp_path, "records.csv", RECORDS)
    call_command("import_personnel", "ht", str(roster), "--user", "vera", stdout=out)
    call_command("import_violation_records", "HT", str(records), "--name", "HRS", stdout=out)
    un = SANCTIONS / "un_sc_excerpt_2024-09-26.xml"
    call_command("import_watchlist", "HT", str(un), stdout=out)
    call_command("screen_registry", "HT", stdout=out)
    text = out.getvalue()
    assert "3 registered, 0 updated" in text
    assert "HRS: 3 new" in text
    assert f"{len(_individual_ids(un))} new" in text
    run = ScreeningRun.objects.get()
    assert run.persons_screened == 3
    assert run.probable_hits >= 1  # P1 is R1
    assert Case.objects.filter(person__in=Person.objects.all()).exists()
    with pytest.raises(CommandError, match="No active user"):
        call_command("screen_registry", "HT", "--user", "nobody")
    member("ada", "HT", "administrator")
    with pytest.raises(CommandError, match="vetting officers"):
        call_command("screen_registry", "HT", "--user", "ada")
