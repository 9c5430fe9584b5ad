"""Factories of the vetting app: personnel, records, watchlists, runs, cases, steps, age
assessments and exports of personal data.

They build rows directly (tests of services call the services themselves). The reference hashes
are computed the way the services compute them (:func:`ssrmonitor.vetting.crypto.keyed_hash`),
so a row built here is found again by its reference. Cases have traits for each status of the
workflow, e.g. ``CaseFactory(notified=True)``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from ssrmonitor.testing.factories import country
from ssrmonitor.vetting.crypto import keyed_hash
from ssrmonitor.vetting.models import (
    AgeAssessment,
    AgeEvidence,
    Band,
    Case,
    CaseStatus,
    CaseStep,
    Outcome,
    Person,
    PersonalDataExport,
    RecordStatus,
    ScreeningPolicy,
    ScreeningRun,
    Sex,
    SourceReliability,
    ViolationCategory,
    ViolationRecord,
    Watchlist,
)

_SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "ti", "vo", "za", "be", "do", "fu", "gi", "ho", "ju")


def made_up_name(n: int) -> str:
    """A distinct, made-up two-word name for ``n`` (so rows do not match one another)."""
    size = len(_SYLLABLES)
    first = "".join(_SYLLABLES[(n // size**i) % size] for i in range(3)).capitalize()
    last = "".join(_SYLLABLES[(n * 7 + 3) // size**i % size] for i in range(4)).capitalize()
    return f"{first} {last}"


def made_up_birth_date(n: int) -> dict[str, str]:
    return birth_interval(f"{1960 + n % 40}-{1 + n % 12:02d}-{1 + n % 28:02d}")


PERSON_PURPOSE = "vetting.person"
RECORD_PURPOSE = "vetting.record"


def birth_interval(
    earliest: str, latest: str | None = None, precision: str = "day"
) -> dict[str, str]:
    """A stored date-of-birth interval (``latest`` defaults to ``earliest``)."""
    return {
        "earliest": earliest,
        "latest": latest or earliest,
        "precision": precision,
        "evidence": "",
    }


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    country = factory.LazyFunction(lambda: country("HT"))
    reference = factory.Sequence(lambda n: f"HNP-{n:05d}")
    reference_hash = factory.LazyAttribute(
        lambda o: keyed_hash(o.reference, purpose=PERSON_PURPOSE)
    )
    names = factory.Sequence(lambda n: [made_up_name(n)])
    birth_date = factory.Sequence(made_up_birth_date)
    place_of_birth = "Jacmel"
    sex = Sex.MALE
    nationality = "HT"
    unit = "CIMO"
    rank = "Agent 2"
    service_number = factory.Sequence(lambda n: f"SN{n:06d}")
    enlistment_date = date(2010, 6, 1)


class WatchlistFactory(factory.django.DjangoModelFactory[Watchlist]):
    class Meta:
        model = Watchlist

    country = factory.LazyFunction(lambda: country("HT"))
    name = factory.Sequence(lambda n: f"Watchlist {n}")
    kind = Watchlist.Kind.RECORDS_CSV
    file_name = "records.csv"


class ViolationRecordFactory(factory.django.DjangoModelFactory[ViolationRecord]):
    class Meta:
        model = ViolationRecord

    country = factory.LazyFunction(lambda: country("HT"))
    watchlist = None
    reference = factory.Sequence(lambda n: f"REC-{n:05d}")
    reference_hash = factory.LazyAttribute(
        lambda o: keyed_hash(o.reference, purpose=RECORD_PURPOSE)
    )
    names = factory.Sequence(lambda n: [made_up_name(n + 5000)])
    weak_aliases = factory.LazyFunction(list)
    birth_dates = factory.Sequence(lambda n: [made_up_birth_date(n + 17)])
    place_of_birth = "Jacmel"
    sex = Sex.MALE
    nationality = "HT"
    unit = ""
    category = ViolationCategory.SEXUAL_VIOLENCE
    incident_date = date(2019, 11, 3)
    source = "Human rights section report"
    source_reliability = SourceReliability.USUALLY_RELIABLE
    status = RecordStatus.ALLEGATION
    narrative = "Alleged during an operation."


class ScreeningPolicyFactory(factory.django.DjangoModelFactory[ScreeningPolicy]):
    class Meta:
        model = ScreeningPolicy
        django_get_or_create = ("country",)

    country = factory.LazyFunction(lambda: country("HT"))
    probable_threshold = 0.9
    possible_threshold = 0.6


class ScreeningRunFactory(factory.django.DjangoModelFactory[ScreeningRun]):
    class Meta:
        model = ScreeningRun

    country = factory.LazyFunction(lambda: country("HT"))
    kind = ScreeningRun.Kind.BATCH
    source_name = "registry"
    persons_screened = 1
    records_compared = 1
    probable_hits = 1
    possible_hits = 0
    probable_threshold = 0.9
    possible_threshold = 0.6


def _explanation() -> list[dict[str, Any]]:
    return [
        {"field": "names", "weight": 6.5, "detail": "all name tokens agree"},
        {"field": "birth_date", "weight": 2.0, "detail": "same day"},
    ]


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    """A case; traits move it along the workflow (no steps are written, only the fields)."""

    class Meta:
        model = Case

    country = factory.LazyFunction(lambda: country("HT"))
    person = factory.SubFactory(PersonFactory, country=factory.SelfAttribute("..country"))
    record = factory.SubFactory(ViolationRecordFactory, country=factory.SelfAttribute("..country"))
    run = None
    score = 0.95
    band = Band.PROBABLE
    explanation = factory.LazyFunction(_explanation)
    status = CaseStatus.OPEN

    class Params:
        identity_confirmed = factory.Trait(status=CaseStatus.IDENTITY_CONFIRMED)
        notified = factory.Trait(
            status=CaseStatus.NOTIFIED,
            notified_on=factory.LazyFunction(timezone.localdate),
            notification_means="letter",
            due_on=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30)),
        )
        response_recorded = factory.Trait(
            status=CaseStatus.RESPONSE_RECORDED,
            notified_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10)),
            notification_means="letter",
        )
        decided = factory.Trait(
            status=CaseStatus.DECIDED,
            outcome=Outcome.EXCLUDED,
            proposed_outcome=Outcome.EXCLUDED,
            due_on=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30)),
        )


class CaseStepFactory(factory.django.DjangoModelFactory[CaseStep]):
    class Meta:
        model = CaseStep

    case = factory.SubFactory(CaseFactory)
    kind = CaseStep.Kind.OPENED
    reasons = ""
    details = factory.LazyFunction(dict)


class AgeAssessmentFactory(factory.django.DjangoModelFactory[AgeAssessment]):
    """A pending age assessment of a candidate (add :class:`AgeEvidenceFactory` items)."""

    class Meta:
        model = AgeAssessment

    country = factory.LazyFunction(lambda: country("HT"))
    candidate_names = factory.Sequence(lambda n: [made_up_name(n + 9000)])
    candidate_reference = factory.Sequence(lambda n: f"CAND-{n:05d}")
    enlistment_date = date(2026, 6, 15)


class AgeEvidenceFactory(factory.django.DjangoModelFactory[AgeEvidence]):
    """A birth certificate saying the candidate was born on 2004-09-30."""

    class Meta:
        model = AgeEvidence

    assessment = factory.SubFactory(AgeAssessmentFactory)
    kind = "birth_certificate"
    birth_date = factory.LazyAttribute(
        lambda o: {**birth_interval("2004-09-30"), "evidence": o.kind}
    )
    note = ""


class PersonalDataExportFactory(factory.django.DjangoModelFactory[PersonalDataExport]):
    """A requested export of the country's cases (set ``requested_by``)."""

    class Meta:
        model = PersonalDataExport

    country = factory.LazyFunction(lambda: country("HT"))
    scope = PersonalDataExport.Scope.CASES
    reason = "Transfer to the inspectorate for the certification board."
    status = PersonalDataExport.Status.REQUESTED
