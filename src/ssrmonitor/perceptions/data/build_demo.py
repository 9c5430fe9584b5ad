"""Build the bundled demo estimates from Afrobarometer round 9 (a developer runs it, not the app).

Usage::

    python -m ssrmonitor.perceptions.data.build_demo /path/to/shared/data/trust

It reads the respondent-level files of Mali, Liberia, Sierra Leone and Sudan, estimates the
security items with the product's own estimation (:mod:`ssrmonitor.perceptions.tables`), checks
each overall share against Afrobarometer's published country aggregate, and writes
``afrobarometer_r9.json`` beside this module: estimates only, never a respondent (see
``PROVENANCE.md`` here for why).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ssrmonitor.perceptions.tables import RespondentTuple

COUNTRIES = {"ML": "mali", "LR": "liberia", "SL": "sierra-leone", "SD": "sudan"}
#: question code in round 9 → crosswalk item key (round 6–8 codes from the MIT crosswalk)
ITEMS = {
    "Q37G": "trust_police",
    "Q37H": "trust_army",
    "Q37I": "trust_courts",
    "Q38E": "corruption_police",
    "Q43C": "police_bribe",
}
SEX = {"Woman": "woman", "Man": "man"}
AREA = {"Urban": "urban", "Rural": "rural"}
OUT = Path(__file__).with_name("afrobarometer_r9.json")


def _respondents(data: dict[str, Any], codes: list[str]) -> list[RespondentTuple]:
    demo = data["demo"]
    rows: list[RespondentTuple] = []
    for i in range(int(data["n"])):
        age = demo["age"][i]
        answers = {
            c: (None if data["ind"][c][i] is None else str(data["ind"][c][i])) for c in codes
        }
        rows.append(
            (
                float(demo["weight_within"][i]),
                "",
                "",
                SEX.get(demo["gender"][i] or "", ""),
                None if age is None else int(age),
                str(demo["region"][i] or "").title(),
                AREA.get(demo["urbrur"][i] or "", ""),
                answers,
            )
        )
    return rows


def build(trust: Path) -> dict[str, Any]:
    from ssrmonitor.perceptions.tables import question_shares

    root = trust / "afrobarometer_r9"
    indicators = json.loads((root / "indicators.json").read_text())
    published = json.loads((root / "country_aggregates.json").read_text())["by_indicator"]
    meta = json.loads((root / "meta.json").read_text())
    questions = []
    for code, key in ITEMS.items():
        spec = indicators[code]
        order = spec["order"]
        questions.append(
            {
                "code": code,
                "item": key,
                "label": spec["label"],
                "text": spec["question"],
                "categories": [{"code": str(i), "label": label} for i, label in enumerate(order)],
                "favourable": [str(order.index(label)) for label in spec["positive"]],
            }
        )
    countries = {}
    for iso2, slug in COUNTRIES.items():
        data = json.loads((root / "countries" / f"{slug}.json").read_text())
        respondents = _respondents(data, list(ITEMS))
        estimates = []
        for question in questions:
            shares = question_shares(question["code"], set(question["favourable"]), respondents)
            check = published[question["code"]][data["country"]]
            overall = next(s for kind, _v, s in shares if kind == "all")
            if round(overall.share, 1) != check["pct"] or overall.respondents != check["n"]:
                raise SystemExit(f"{iso2} {question['code']}: {overall} is not {check}")
            estimates += [
                [question["code"], kind, value, round(s.share, 1),
                 None if s.low is None else round(s.low, 1),
                 None if s.high is None else round(s.high, 1), s.respondents]
                for kind, value, s in shares
            ]  # fmt: skip
        countries[iso2] = {
            "name": data["country"],
            "respondents": int(data["n"]),
            "estimates": estimates,
        }
    return {
        "dataset": meta["dataset"],
        "citation": meta["citation"],
        "weighting": "withinwt_hh (within-country weight); design: weights only",
        "questions": questions,
        "countries": countries,
    }


def main(argv: list[str]) -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssrmonitor.settings")
    django.setup()
    document = build(Path(argv[1]))
    OUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv)
