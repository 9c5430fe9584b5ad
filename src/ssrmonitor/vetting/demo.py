"""A small, **synthetic** vetting demo for Haiti: a roster, records, a screening, cases, ages.

Every person, record, case and age assessment here is invented; nothing describes a real
person or a real allegation. Names are drawn with a fixed seed from real name frequencies
bundled in ``data/demo_*.csv`` (Haitian forenames, French surnames as a stand-in: see
``data/DEMO_PROVENANCE.md``), so that screening meets realistic namesakes. Every identifier
starts with ``DEMO-`` and every record says it is synthetic.

What it loads (idempotent — rows are found again by their ``DEMO-`` reference):

* 40 personnel of the Haitian National Police (PNH) when the sector demo has loaded it;
* 6 records of alleged violations: 3 describe roster members (exactly, with another spelling,
  with the year of birth only), 3 describe nobody on the roster;
* one screening of the registry (the cases come from the engine's hits), and, when the demo
  accounts exist, two cases moved on: one closed as a namesake, one confirmed and notified;
* 4 age assessments: eligible, under age, referred (year of birth only) and pending.

Everything goes through the services, so the audit log shows the demo like any other work.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country
from ssrmonitor.sector.models import Institution
from ssrmonitor.vetting.crypto import keyed_hash
from ssrmonitor.vetting.models import AgeAssessment, Case, CaseStatus, Person, ViolationRecord

DATA = Path(__file__).parent / "data"
SEED = 2553
ROSTER_SIZE = 40
PREFIX = "DEMO-"
SYNTHETIC = "Synthetic demo data: not a real person or allegation."
PLACES = (
    "Port-au-Prince", "Cap-Haïtien", "Gonaïves", "Les Cayes", "Jacmel", "Hinche", "Jérémie",
    "Port-de-Paix", "Saint-Marc", "Fort-Liberté",
)  # fmt: skip
UNITS = ("CIMO", "UDMO", "BOID", "DCPJ", "Commissariat de Pétion-Ville")
RANKS = ("Agent 1", "Agent 2", "Agent 3", "Inspecteur", "Commissaire")
ENLISTMENT = date(2026, 6, 15)


@dataclass
class DemoSummary:
    personnel: int = 0
    records: int = 0
    cases: int = 0
    case_steps: int = 0
    age_assessments: int = 0


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def roster() -> list[dict[str, Any]]:
    """The synthetic roster: the same 40 persons on every run (fixed seed)."""
    rng = random.Random(SEED)  # noqa: S311 - a fixed, reproducible demo draw
    forenames = _read("demo_forenames_ht.csv")
    surnames = _read("demo_surnames_fr.csv")
    weights = [int(row["count"]) for row in surnames]
    people = []
    for number in range(1, ROSTER_SIZE + 1):
        sex = "F" if rng.random() < 0.25 else "M"  # HNP: about a tenth to a quarter women
        forename = rng.choice([row["forename"] for row in forenames if row["sex"] == sex])
        surname = rng.choices([row["surname"] for row in surnames], weights)[0]
        born = date(1975, 1, 1) + timedelta(days=rng.randrange(365 * 28))
        people.append(
            {
                "reference": f"{PREFIX}PNH-{number:04d}",
                "names": [f"{forename} {surname.upper()}"],
                "birth_date": _day(born),
                "place_of_birth": rng.choice(PLACES),
                "sex": sex,
                "nationality": "HT",
                "unit": rng.choice(UNITS),
                "rank": rng.choice(RANKS),
                "enlistment_date": born + timedelta(days=365 * 22 + rng.randrange(365 * 5)),
            }
        )
    return people


def _day(born: date, precision: str = "day") -> dict[str, str]:
    return {
        "earliest": born.isoformat(),
        "latest": born.isoformat(),
        "precision": precision,
        "evidence": "demo",
    }


def records(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Three records describing roster members (varied), three describing nobody."""
    first, second, third = people[3], people[11], people[27]
    forename, surname = first["names"][0].split(" ", 1)
    year = third["birth_date"]["earliest"][:4]
    base = {"nationality": "HT", "source": "Demo source", "narrative": SYNTHETIC}
    return [
        {**base, "reference": f"{PREFIX}REC-001", "names": list(first["names"]),
         "birth_dates": [first["birth_date"]], "place_of_birth": first["place_of_birth"],
         "sex": first["sex"], "category": "sexual_violence", "status": "under_investigation"},
        {**base, "reference": f"{PREFIX}REC-002",
         "names": [f"{surname.title()} {forename}"], "weak_aliases": [forename],
         "birth_dates": [second["birth_date"]], "sex": second["sex"],
         "category": "children_recruitment", "status": "allegation"},
        {**base, "reference": f"{PREFIX}REC-003", "names": list(third["names"]),
         "birth_dates": [{"earliest": f"{year}-01-01", "latest": f"{year}-12-31",
                          "precision": "year", "evidence": "demo"}],
         "category": "corruption", "status": "substantiated"},
        {**base, "reference": f"{PREFIX}REC-004", "names": ["Wilson TESTANOM"],
         "category": "other_human_rights", "status": "allegation"},
        {**base, "reference": f"{PREFIX}REC-005", "names": ["Mirlande EXEMPLAIRE"],
         "birth_dates": [_day(date(1969, 4, 2))], "category": "children_killing_maiming",
         "status": "convicted"},
        {**base, "reference": f"{PREFIX}REC-006", "names": ["Peterson FICTIF"],
         "category": "sexual_violence", "status": "cleared"},
    ]  # fmt: skip


AGE_CANDIDATES: list[tuple[str, list[tuple[str, str]]]] = [
    ("DEMO-CAND-001", [("birth_certificate", "2004-09-30"), ("national_id", "2004")]),
    ("DEMO-CAND-002", [("school_record", "2008-06-16")]),
    ("DEMO-CAND-003", [("national_id", "2008")]),
    ("DEMO-CAND-004", [("interview", "2006/2007")]),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def load_demo(*, acting_user: Actor) -> DemoSummary:
    """Load the synthetic Haiti vetting demo (idempotent); nothing when Haiti is missing.

    ``acting_user`` registers, screens and assesses (the system holding the ``vetting.*``
    actions); the two cases are moved on by the demo accounts, when they exist.
    """
    haiti = Country.objects.filter(iso2="HT").first()
    summary = DemoSummary()
    if haiti is None:
        return summary
    from ssrmonitor.vetting.services import registry

    pnh = Institution.objects.filter(country=haiti, key="PNH").first()
    people = roster()
    for person in people:
        digest = keyed_hash(person["reference"], purpose=registry.PERSON_PURPOSE)
        if not Person.objects.filter(country=haiti, reference_hash=digest).exists():
            registry.register_person(
                acting_user=acting_user, country=haiti, institution=pnh, **person
            )
            summary.personnel += 1
    for record in records(people):
        digest = keyed_hash(record["reference"], purpose=registry.RECORD_PURPOSE)
        if not ViolationRecord.objects.filter(country=haiti, reference_hash=digest).exists():
            registry.register_record(acting_user=acting_user, country=haiti, **record)
            summary.records += 1
    summary.cases, summary.case_steps = _screen(haiti, acting_user)
    summary.age_assessments = _ages(haiti, pnh, acting_user)
    return summary


def _screen(haiti: Country, acting_user: Actor) -> tuple[int, int]:
    """Screen the registry once (when no case exists yet) and move two cases on."""
    from ssrmonitor.vetting.services import cases as case_services
    from ssrmonitor.vetting.services.screening import screen_registry

    if Case.objects.filter(country=haiti).exists():
        return 0, 0
    screen_registry(acting_user=acting_user, country=haiti)
    found = list(Case.objects.filter(country=haiti).order_by("-score", "pk"))
    reviewer = _user("demo-vetting-reviewer")
    officer = _user("demo-vetting-officer")
    steps = 0
    if reviewer is None or officer is None or not found:
        return len(found), steps
    case_services.confirm_identity(
        found[0],
        acting_user=reviewer,
        confirmed=True,
        reasons="Same names, date and place of birth (synthetic demo).",
    )
    case_services.record_notification(
        found[0], acting_user=officer, notified_on=timezone.localdate(), means="Letter handed over"
    )
    steps += 2
    if len(found) > 1 and found[-1].status == CaseStatus.OPEN:
        case_services.confirm_identity(
            found[-1],
            acting_user=reviewer,
            confirmed=False,
            reasons="A namesake: different date of birth and unit (synthetic demo).",
        )
        steps += 1
    return len(found), steps


def _ages(haiti: Country, pnh: Institution | None, acting_user: Actor) -> int:
    from ssrmonitor.vetting.services import age as age_services

    rng = random.Random(SEED + 1)  # noqa: S311 - a fixed, reproducible demo draw
    forenames = _read("demo_forenames_ht.csv")
    surnames = _read("demo_surnames_fr.csv")
    done = {
        a.candidate_reference
        for a in AgeAssessment.objects.filter(country=haiti).exclude(candidate_reference="")
    }
    created = 0
    for number, (reference, items) in enumerate(AGE_CANDIDATES):
        name = f"{rng.choice(forenames)['forename']} {rng.choice(surnames)['surname'].upper()}"
        if reference in done:
            continue
        assessment = age_services.start_assessment(
            acting_user=acting_user,
            country=haiti,
            enlistment_date=ENLISTMENT,
            candidate_names=[name],
            candidate_reference=reference,
            institution=pnh,
        )
        for kind, birth in items:
            age_services.add_evidence(
                assessment, acting_user=acting_user, kind=kind, birth_date=birth, note=SYNTHETIC
            )
        if number < len(AGE_CANDIDATES) - 1:  # the last one stays pending
            age_services.decide(assessment, acting_user=acting_user)
        created += 1
    return created
