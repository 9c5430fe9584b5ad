"""A synthetic registry for the tests of screening in chunks: listed persons (some spelled
differently, some with a vaguer date of birth), their namesakes born twenty years later, and
unlisted persons; fixed seed. Shared by the in-process tests and the real-worker test."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country
from ssrmonitor.vetting.matching import BirthDate, Entry, Hit
from ssrmonitor.vetting.models import ViolationCategory
from ssrmonitor.vetting.services.registry_files import upsert_persons, upsert_records

SYLLABLES = ["ka", "lo", "mu", "si", "ba", "ne", "to", "ri", "da", "fu", "go", "he", "ou", "za"]
UNITS = ["1st battalion", "2nd battalion", "military police", "engineers"]


def _dob(text: str) -> tuple[BirthDate, ...]:
    parsed = BirthDate.parse(text)
    return (parsed,) if parsed else ()


def roster_and_records(listed: int, others: int, seed: int = 3) -> tuple[list[Entry], list[Entry]]:
    """``listed`` records with their person (and a namesake), and ``others`` unlisted persons."""
    rng = random.Random(seed)  # noqa: S311 - test data

    def name() -> str:
        parts = rng.choice((2, 3))
        return " ".join(
            "".join(rng.choice(SYLLABLES) for _ in range(3)).title() for _ in range(parts)
        )

    records, roster = [], []
    for i in range(listed):
        full = name()
        year = rng.randint(1960, 2000)
        day = f"{year}-03-{1 + i % 27:02d}"
        unit = rng.choice(UNITS)
        records.append(Entry(f"R{i}", (full,), birth_dates=_dob(day), unit=unit))
        spelled = full.replace("ou", "u") if i % 3 == 0 else full
        when = str(year) if i % 5 == 0 else day
        roster.append(Entry(f"P{i}", (spelled,), birth_dates=_dob(when), unit=unit))
        roster.append(Entry(f"N{i}", (full,), birth_dates=_dob(f"{year + 20}-07-15")))
    roster.extend(
        Entry(f"O{i}", (name(),), birth_dates=_dob(str(rng.randint(1960, 2000))))
        for i in range(others)
    )
    rng.shuffle(roster)
    return roster, records


@transaction.atomic
def load(country: Country, actor: Actor, listed: int, others: int) -> tuple[int, int]:
    """Register the roster and the records in ``country``; return their counts."""
    roster, records = roster_and_records(listed, others)
    upsert_persons(country, roster, actor)
    defaults = {"category": ViolationCategory.OTHER_HUMAN_RIGHTS}
    upsert_records(country, records, actor, extra=lambda entry: {}, defaults=defaults)
    return len(roster), len(records)


def hit_rows(hits: list[Hit]) -> list[dict[str, Any]]:
    """What must not depend on how the roster was cut: pair, score, band and posterior."""
    return sorted(
        (
            {
                "person": int(hit.person_id),
                "record": int(hit.record_id),
                "score": hit.score,
                "band": str(hit.band),
                "posterior": hit.posterior,
            }
            for hit in hits
            if str(hit.band) != "no_match"
        ),
        key=lambda row: (row["person"], row["record"]),
    )
