"""Demo data: Afrobarometer round 9 estimates for Mali, Liberia, Sierra Leone and Sudan.

Loads the bundled ``data/afrobarometer_r9.json`` (estimates computed from the real respondent
files; see ``data/PROVENANCE.md`` for what is bundled and why) through the services, as
published surveys with their questions, the crosswalk items and every estimate. Idempotent: a
survey that exists is left as it is. No consultation is invented: the register starts empty.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country
from ssrmonitor.perceptions.models import Item, Origin, Survey, SurveyKind
from ssrmonitor.perceptions.services.imports import import_published_table
from ssrmonitor.perceptions.services.surveys import add_question, create_item, create_survey

DATA = Path(__file__).with_name("data") / "afrobarometer_r9.json"
SERIES = "Afrobarometer"
ROUND = 9
#: crosswalk item → (label, theme); earlier rounds' codes in the comment (MIT crosswalk)
ITEMS = {
    "trust_police": ("Trust in the police", "Trust"),  # R6 Q52H, R7 Q43G, R8 Q41G, R9 Q37G
    "trust_army": ("Trust in the army", "Trust"),  # R9 Q37H
    "trust_courts": ("Trust in the courts", "Trust"),  # R6 Q52J, R7 Q43I, R8 Q41I, R9 Q37I
    "corruption_police": ("Few or none of the police are corrupt", "Corruption"),  # R9 Q38E
    "police_bribe": ("Never paid a bribe for police assistance", "Corruption"),  # R9 Q43C
}
LICENCE = (
    "Afrobarometer public-release data, free to use with citation; only estimates are "
    "bundled, never respondent records"
)


@dataclass
class DemoSummary:
    items: int = 0
    surveys: list[str] = field(default_factory=list)
    estimates: int = 0


def _items(acting_user: Actor, summary: DemoSummary) -> dict[str, Item]:
    found = {item.key: item for item in Item.objects.filter(key__in=ITEMS)}
    for key, (label, theme) in ITEMS.items():
        if key not in found:
            found[key] = create_item(acting_user=acting_user, key=key, label=label, theme=theme)
            summary.items += 1
    return found


def _table(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["question", "group", "value", "share", "ci_low", "ci_high", "respondents"])
    for code, kind, value, share, low, high, count in rows:
        writer.writerow([code, kind, value, share, "" if low is None else low,
                         "" if high is None else high, count])  # fmt: skip
    return out.getvalue().encode()


def _survey(
    country: Country, spec: dict[str, Any], document: dict[str, Any], items: dict[str, Item],
    acting_user: Actor,
) -> tuple[Survey, int]:  # fmt: skip
    survey = create_survey(
        acting_user=acting_user,
        country=country,
        series=SERIES,
        name=f"Afrobarometer Round 9, {spec['name']}",
        round_number=ROUND,
        kind=SurveyKind.AGGREGATES,
        weight_variable="withinwt_hh",
        source=document["dataset"],
        source_url="https://www.afrobarometer.org/data/",
        licence=LICENCE,
        citation=document["citation"],
        is_published=True,
    )
    for question in document["questions"]:
        add_question(
            survey,
            acting_user=acting_user,
            code=question["code"],
            text=question["text"],
            categories=question["categories"],
            favourable=question["favourable"],
            item=items[question["item"]],
        )
    stored, _left_out = import_published_table(
        survey, acting_user=acting_user, content=_table(spec["estimates"]), origin=Origin.COMPUTED
    )
    return survey, stored


def load_demo(*, acting_user: Actor) -> DemoSummary:
    """Load the bundled round 9 estimates of the four countries (idempotent)."""
    document = json.loads(DATA.read_text(encoding="utf-8"))
    summary = DemoSummary()
    items = _items(acting_user, summary)
    for iso2, spec in document["countries"].items():
        country = Country.objects.filter(iso2=iso2).first()
        if country is None:
            continue
        if Survey.objects.filter(country=country, series=SERIES, round_number=ROUND).exists():
            continue
        survey, stored = _survey(country, spec, document, items, acting_user)
        summary.surveys.append(survey.name)
        summary.estimates += stored
    return summary
