"""Every service of vetting and age screening refuses an actor without its action.

Each case builds a call that succeeds for an actor holding the action (the system, or for the
exports of personal data, which only persons request, approve and download, the right user:
see :data:`ALLOWED`) and that an actor holding none must see refused before anything is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from ssrmonitor.core.actors import Actor
from ssrmonitor.testing.actors import SYSTEM, DeniedCase, assert_denied, call
from ssrmonitor.testing.factories import country, member
from ssrmonitor.testing.factories_vetting import (
    AgeAssessmentFactory,
    AgeEvidenceFactory,
    CaseFactory,
    PersonalDataExportFactory,
    PersonFactory,
    ViolationRecordFactory,
    birth_interval,
)
from ssrmonitor.vetting.matching import Entry, Thresholds
from ssrmonitor.vetting.models import (
    AgeAssessment,
    AgeOutcome,
    Case,
    CaseStatus,
    Outcome,
    Person,
    PersonalDataExport,
    ScreeningBatch,
    ScreeningChunk,
)
from ssrmonitor.vetting.services import (
    age,
    cases,
    exports,
    keys,
    policy,
    registry,
    registry_files,
    screening,
)
from ssrmonitor.vetting.services import screening_chunks as chunks

SANCTIONS = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "sanctions"
UN_LIST = SANCTIONS / "un_sc_excerpt_2020-11-30.xml"
ROSTER = (
    "person_id,full_name,date_of_birth,place_of_birth,sex,nationality,unit\n"
    "P1,Jean-Baptiste Pierre Louis,1985-03-14,Jacmel,M,HT,CIMO\n"
)
RECORDS = (
    "record_id,full_name,aliases,date_of_birth,place_of_birth,sex,nationality,category,source\n"
    "R1,Abubakar Sani Musa,,1974,,M,,children_recruitment,CTFMR\n"
)
REASONS = "Same names, date and place of birth."
_files: dict[str, Path] = {}


@pytest.fixture(autouse=True)
def _work_dir(tmp_path: Path) -> None:
    _files["dir"] = tmp_path
    screening.forget_screeners()


def _file(name: str, text: str) -> Path:
    path = _files["dir"] / name
    path.write_text(text, encoding="utf-8")
    return path


def _batch(*, screened: bool = False) -> ScreeningBatch:
    """A registry of one person planned for screening in parts (its parts screened)."""
    person = PersonFactory()
    job_id = uuid.uuid4()
    batch = chunks.plan_screening(
        acting_user=SYSTEM, country=person.country, job_id=job_id, chunk_size=10
    )
    if screened:
        for chunk in batch.chunks.all():
            taken = chunks.claim_chunk(chunk.pk, job_id, "test")
            assert taken is not None
            chunks.screen_chunk(acting_user=SYSTEM, chunk=taken, job_id=job_id)
    return batch


def _chunk() -> tuple[ScreeningChunk, uuid.UUID]:
    batch = _batch()
    taken = chunks.claim_chunk(batch.chunks.get().pk, batch.job_id, "test")
    assert taken is not None
    return taken, batch.job_id


def _today() -> Any:
    return timezone.localdate()


def _requester() -> User:
    return member("vera", "HT", "vetting_officer")


def _reviewer() -> User:
    return member("reuben", "HT", "vetting_reviewer")


def _export(status: str = PersonalDataExport.Status.REQUESTED) -> PersonalDataExport:
    return PersonalDataExportFactory(requested_by=_requester(), status=status)


def _proposed() -> Case:
    return CaseFactory(
        status=CaseStatus.DECISION_PROPOSED,
        proposed_outcome=Outcome.EXCLUDED,
        proposed_by=member("rita", "HT", "vetting_reviewer"),
    )


def _pending_with_evidence() -> AgeAssessment:
    return AgeEvidenceFactory().assessment


def _referred() -> AgeAssessment:
    assessment = AgeAssessmentFactory(outcome=AgeOutcome.REFERRED)
    AgeEvidenceFactory(
        assessment=assessment,
        kind="national_id",
        birth_date={**birth_interval("2008-01-01", "2008-12-31", "year"), "evidence": "id"},
    )
    return assessment


def _rekey_call() -> tuple[tuple[Any, ...], dict[str, Any]]:
    PersonFactory()
    sealed = dict(keys.sealed_models())[Person]
    rows = next(keys._raw_batches(Person, keys._columns(Person, sealed), keys.DEFAULT_BATCH))
    return call(Person, sealed, rows)


def _person_fields() -> dict[str, Any]:
    return {"country": country("HT"), "reference": "HNP-900", "names": ["Evens Clermont"]}


def _record_fields() -> dict[str, Any]:
    return {
        "country": country("HT"),
        "reference": "REC-900",
        "names": ["Evens Clermont"],
        "category": "corruption",
    }


CASES: list[DeniedCase] = [
    # age assessment
    DeniedCase(
        age.start_assessment,
        lambda: call(
            country=country("HT"),
            enlistment_date=_today(),
            candidate_names=["Evens Clermont"],
        ),
    ),
    DeniedCase(
        age.add_evidence,
        lambda: call(AgeAssessmentFactory(), kind="national_id", birth_date="2004-09-30"),
    ),
    DeniedCase(age.decide, lambda: call(_pending_with_evidence())),
    DeniedCase(
        age.resolve_referral, lambda: call(_referred(), eligible=False, note="Treated as a child.")
    ),
    # the case workflow
    DeniedCase(
        cases.confirm_identity, lambda: call(CaseFactory(), confirmed=True, reasons=REASONS)
    ),
    DeniedCase(
        cases.record_notification,
        lambda: call(
            CaseFactory(identity_confirmed=True), notified_on=_today(), means="Registered letter"
        ),
    ),
    DeniedCase(
        cases.record_response,
        lambda: call(
            CaseFactory(notified=True), response="I was on leave then.", received_on=_today()
        ),
    ),
    DeniedCase(
        cases.record_no_response,
        lambda: call(CaseFactory(notified=True, due_on=_today() - timedelta(days=1))),
    ),
    DeniedCase(
        cases.propose_decision,
        lambda: call(
            CaseFactory(response_recorded=True), outcome=Outcome.EXCLUDED, reasons=REASONS
        ),
    ),
    DeniedCase(cases.confirm_decision, lambda: call(_proposed(), reasons="Agreed.")),
    DeniedCase(cases.send_back_decision, lambda: call(_proposed(), reasons="Hear the unit.")),
    DeniedCase(
        cases.lodge_appeal,
        lambda: call(CaseFactory(decided=True), lodged_on=_today(), grounds="New alibi."),
    ),
    DeniedCase(
        cases.decide_appeal,
        lambda: call(
            CaseFactory(decided=True, status=CaseStatus.APPEALED, due_on=None),
            outcome=Outcome.CLEARED,
            reasons="The alibi holds.",
        ),
    ),
    DeniedCase(
        cases.make_final,
        lambda: call(CaseFactory(decided=True, due_on=_today() - timedelta(days=1))),
    ),
    # exports of personal data
    DeniedCase(
        exports.request_export,
        lambda: call(
            country=country("HT"),
            scope="cases",
            reason="Transfer to the inspectorate for the certification board.",
        ),
    ),
    DeniedCase(exports.approve_export, lambda: call(_export())),
    DeniedCase(exports.refuse_export, lambda: call(_export())),
    DeniedCase(exports.download_export, lambda: call(_export(PersonalDataExport.Status.APPROVED))),
    # the data key
    DeniedCase(keys.rekey_batch, _rekey_call),
    DeniedCase(keys.rotate_data_key, lambda: call(batch_size=keys.DEFAULT_BATCH)),
    # thresholds
    DeniedCase(
        policy.set_thresholds, lambda: call(country=country("HT"), probable=26, possible=16)
    ),
    # the registries, one row at a time
    DeniedCase(registry.create_person, lambda: call(**_person_fields())),
    DeniedCase(registry.register_person, lambda: call(**_person_fields())),
    DeniedCase(registry.update_person, lambda: call(PersonFactory(), unit="UDMO")),
    DeniedCase(registry.create_record, lambda: call(**_record_fields())),
    DeniedCase(registry.register_record, lambda: call(**_record_fields())),
    DeniedCase(registry.update_record, lambda: call(ViolationRecordFactory(), status="cleared")),
    # the registries, from files
    DeniedCase(
        registry_files.import_roster,
        lambda: call(_file("roster.csv", ROSTER), country=country("HT")),
    ),
    DeniedCase(
        registry_files.import_records,
        lambda: call(_file("records.csv", RECORDS), country=country("HT"), name="HRS list"),
    ),
    DeniedCase(
        registry_files.import_un_list, lambda: call(UN_LIST, country=country("HT"), name="UN")
    ),
    # screening
    DeniedCase(
        screening.save_screening,
        lambda: call(
            country=country("HT"),
            roster=[Entry("P1", ("Jean-Baptiste Pierre Louis",))],
            records=[Entry("R1", ("Abubakar Sani Musa",))],
            hits=[],
            source_name="roster.csv, records.csv",
            thresholds=Thresholds.default(),
        ),
    ),
    DeniedCase(screening.screen_registry, lambda: call(country=country("HT"))),
    DeniedCase(screening.screen_person, lambda: call(person=PersonFactory())),
    DeniedCase(screening.register_and_screen, lambda: call(**_person_fields())),
    DeniedCase(
        screening.preview_screening,
        lambda: call(country=country("HT"), entry=Entry("query", ("Evens Clermont",))),
    ),
    # screening in parts (chunks run by several workers)
    DeniedCase(
        chunks.plan_screening,
        lambda: call(country=PersonFactory().country, job_id=uuid.uuid4(), chunk_size=10),
    ),
    DeniedCase(
        chunks.screen_chunk,
        lambda: (lambda taken: call(chunk=taken[0], job_id=taken[1]))(_chunk()),
    ),
    DeniedCase(chunks.merge_screening, lambda: call(batch=_batch(screened=True))),
    DeniedCase(chunks.fail_screening, lambda: call(batch=_batch(), reason="Stopped.")),
]

# Exports are requested, approved and downloaded by persons only (never by the system).
ALLOWED: dict[Callable[..., Any], Callable[[], Actor]] = {
    exports.request_export: _requester,
    exports.approve_export: _reviewer,
    exports.refuse_export: _reviewer,
    exports.download_export: _requester,
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_refuses_an_actor_without_the_action(case: DeniedCase) -> None:
    assert_denied(case)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_same_call_succeeds_for_an_actor_with_the_action(case: DeniedCase) -> None:
    args, kwargs = case.build()
    actor = ALLOWED.get(case.service, lambda: SYSTEM)()
    case.service(*args, acting_user=actor, **kwargs)
