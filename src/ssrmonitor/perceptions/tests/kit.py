"""Test kit of the perceptions app: surveys, questions, synthetic respondents, consultations."""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path
from typing import Any

from ssrmonitor.core.models import Country
from ssrmonitor.perceptions.models import Consultation, Item, Question, Survey
from ssrmonitor.perceptions.reading import Codebook
from ssrmonitor.perceptions.services import consultations, surveys
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country

TRUST = [
    {"code": "0", "label": "Not at all"},
    {"code": "1", "label": "Just a little"},
    {"code": "2", "label": "Somewhat"},
    {"code": "3", "label": "A lot"},
]
AFRICA = {
    "ML": ("MLI", "466", "Mali"),
    "LR": ("LBR", "430", "Liberia"),
    "SL": ("SLE", "694", "Sierra Leone"),
    "SD": ("SDN", "729", "Sudan"),
}
CODEBOOK = Codebook(
    questions={"Q37G": "q_police"},
    weight="wt",
    stratum="strat",
    cluster="ea",
    sex="gender",
    sex_codes={"woman": ["2"], "man": ["1"]},
    age="age",
    region="region",
    area="urbrur",
    area_codes={"urban": ["1"], "rural": ["2"]},
)
COLUMNS = ["wt", "strat", "ea", "gender", "age", "region", "urbrur", "q_police"]


def african_country(iso2: str) -> Country:
    iso3, m49, name = AFRICA[iso2]
    return Country.objects.get_or_create(
        iso2=iso2, defaults={"iso3": iso3, "m49_code": m49, "name": name}
    )[0]


def item(key: str = "trust_police", label: str = "Trust in the police") -> Item:
    found = Item.objects.filter(key=key).first()
    return found or surveys.create_item(acting_user=SYSTEM, key=key, label=label)


def survey(
    where: Country | None = None, *, published: bool = True, round_number: int = 9, **fields: Any
) -> Survey:
    where = where or country("HT")
    defaults: dict[str, Any] = {
        "series": "Afrobarometer",
        "name": f"Survey round {round_number}, {where.name}",
        "round_number": round_number,
        "source": "Test survey",
        "licence": "Test data",
        "is_published": published,
        "weight_variable": "wt",
    }
    return surveys.create_survey(acting_user=SYSTEM, country=where, **{**defaults, **fields})


def police_question(found: Survey, code: str = "Q37G") -> Question:
    return surveys.add_question(
        found, acting_user=SYSTEM, code=code, text="How much do you trust the police?",
        categories=TRUST, favourable=["2", "3"], item=item(),
    )  # fmt: skip


def synthetic_rows(count: int = 400, seed: int = 7) -> list[dict[str, Any]]:
    """Made-up respondents in 4 strata of 10 clusters; some answers non-substantive (9)."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        stratum = i % 4
        rows.append({
            "wt": round(rng.uniform(0.3, 2.5), 3), "strat": f"S{stratum}",
            "ea": f"S{stratum}-{rng.randrange(10)}", "gender": rng.choice([1, 2]),
            "age": rng.randrange(18, 80), "region": ["North", "South"][i % 2],
            "urbrur": rng.choice([1, 2]), "q_police": rng.choice([0, 1, 2, 3, 3, 9]),
        })  # fmt: skip
    return rows


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def consultation(
    where: Country | None = None, *, published: bool = True, **fields: Any
) -> Consultation:
    defaults: dict[str, Any] = {
        "title": "County security council consultation",
        "held_on": date(2025, 3, 12),
        "place": "Gbarnga",
        "organiser": "Ministry of Justice",
        "women_youth": 10, "women_older": 20, "men_youth": 15, "men_older": 50, "unspecified": 5,
        "civil_society": 12, "womens_organisations": 6, "topics": ["policing", "land disputes"],
        "is_published": published,
    }  # fmt: skip
    return consultations.create_consultation(
        acting_user=SYSTEM, country=where or country("HT"), **{**defaults, **fields}
    )
