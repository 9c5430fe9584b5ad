"""Labelled, fixed-seed roster and records for the screening benchmark (issue 5, item 7).

Usage (from the repository root, with the venv active)::

    python benchmarks/screening_data.py --persons 100000 --records 20000   # prints the shares

``generate(n_persons, n_records, seed=2553)`` returns a ``Dataset``: a roster (``Entry`` per
person), records (``Entry`` per alleged-violation record) and ``truth``, the set of
``(person_id, record_id)`` pairs that are the same human being. The same arguments give the same
data on every run.

Everything is built from the real data in ``../shared/data`` (benchmarks may read it, the product
may not):

- **Names.** Four groups that together look like a Sahel / Central-African / Haitian force:
  Congolese (DRC corpus first/last token frequencies, with a Markov tail drawn from the corpus'
  letter-transition matrix), Sahel/Arab (Mali, Libya and North-Africa forenames, Arabic-origin
  tokens of the Wikidata Latin–Arabic pairs weighted by their counts, particles ould/ag/ben/al),
  Hausa/Fulani (fakernaija) and Haitian (Haiti forenames, French forenames and surnames). Token
  frequencies are Zipf-like so exact namesakes occur; the tail size is calibrated so that about
  18.8 % of a 100k roster are duplicated names (the DRC corpus: 1,512,408 duplicated names in
  8,053,983 rows).
- **Variant clusters**, split 50/50 by ``in_learn_half(key)``: a Wikidata cluster (all Latin
  spellings of one Arabic form, key = the Arabic form without the spaces) or a UN individual's
  alias group (key = DATAID). The engine may learn only from the even half; this generator uses
  only the odd (held-out) half to corrupt names: replace a token by another spelling of its
  held-out cluster; held-out UN individuals also serve as listed persons whose roster name is one
  of their Good aliases. Other corruptions: typos (deletion, transposition, doubled letter), token
  order swaps, dropped middle names, initials, particles added/dropped, upper case.
- **Dates of birth.** Records reproduce the 2026 UN list's mix (per individual: the list of
  EXACT dates / years / APPROXIMATELY years / BETWEEN ranges, or none), instantiated around the
  true date; roster dates have 1 January defaults, day/month swaps, ±1 year errors, year-only,
  ranges and blanks at assumed rates (``ROSTER_DOB_ERRORS``).
- ``listed_share`` of the roster (default 0.5 %) has one record (10 % of them two); the other
  records are other people drawn from the same name model, plus the real UN individuals not used
  as listed persons.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import functools
import hashlib
import json
import pickle
import random
import re
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from ssrmonitor.vetting.matching import BirthDate, Entry  # noqa: E402

UN_LIST = "data/sanctions/un_sc/un_sc_consolidated_2026-05-08.xml"
NAMEMATCH = "data/namematch"
#: DRC corpus: distinct names occurring more than once / rows (1,512,408 / 8,053,983).
TARGET_DUPLICATE_SHARE = 0.188
#: Calibration knobs (not measured): Zipf exponent of the Congolese tail beyond the top 50, and
#: the power applied to Wikidata token counts for Arabic-origin names.
TAIL_EXPONENT = 1.0
ARABIC_CONCENTRATION = 1.75
PARTICLES = frozenset(
    {"al", "el", "ul", "ould", "ag", "ben", "bin", "ibn", "bint", "wa", "de", "du", "la", "abu"}
)
#: Roster date-of-birth errors (assumed rates; no public source measures them).
ROSTER_DOB_ERRORS: dict[str, float] = {
    "exact": 0.62,
    "jan1_default": 0.12,
    "year_only": 0.08,
    "day_month_swap": 0.03,
    "year_off_by_one": 0.05,
    "range": 0.02,
    "missing": 0.08,
}
GROUP_SHARES: dict[str, float] = {"drc": 0.40, "sahel": 0.30, "hausa": 0.10, "haiti": 0.20}
GROUP_NATIONALITY: dict[str, tuple[str, ...]] = {
    "drc": ("CD",),
    "sahel": ("ML", "ML", "ML", "TD", "NE", "SD", "LY", "MR"),
    "hausa": ("NE", "NG", "TD"),
    "haiti": ("HT",),
}
CITIES: dict[str, tuple[str, ...]] = {
    "drc": (
        "Kinshasa", "Lubumbashi", "Mbuji-Mayi", "Kisangani", "Bukavu", "Goma", "Kananga",
        "Bunia", "Uvira", "Kalemie", "Kolwezi", "Likasi", "Matadi", "Mbandaka", "Beni",
        "Butembo", "Kindu", "Tshikapa", "Bandundu", "Gemena", "Isiro", "Boma", "Kikwit",
    ),
    "sahel": (
        "Bamako", "Gao", "Tombouctou", "Kidal", "Mopti", "Ségou", "Sikasso", "Kayes",
        "N'Djamena", "Abéché", "Niamey", "Agadez", "Nouakchott", "Khartoum", "Nyala",
        "El Fasher", "Sabha", "Tripoli", "Benghazi", "Ménaka", "Tessalit", "Faya-Largeau",
    ),
    "hausa": ("Kano", "Katsina", "Sokoto", "Maradi", "Zinder", "Zaria", "Maiduguri", "Yola"),
    "haiti": (
        "Port-au-Prince", "Cap-Haïtien", "Gonaïves", "Les Cayes", "Jacmel", "Jérémie",
        "Saint-Marc", "Hinche", "Port-de-Paix", "Pétion-Ville", "Croix-des-Bouquets", "Léogâne",
        "Carrefour", "Delmas", "Mirebalais", "Petit-Goâve", "Fort-Liberté", "Ouanaminthe",
    ),
}  # fmt: skip
UNIT_KINDS = (
    "Bataillon d'infanterie",
    "Régiment de commandos",
    "Brigade de réaction rapide",
    "Groupement tactique",
    "Compagnie de gendarmerie",
    "Commissariat de police",
    "Escadron blindé",
    "Bataillon du génie",
)


def in_learn_half(key: str) -> bool:
    """The 50/50 split of variant clusters: True = the engine may learn it, False = held out."""
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2 == 0


def wikidata_cluster_key(arabic_spaced: str) -> str:
    """Key of a Wikidata cluster: the Arabic form with the separating spaces removed."""
    return "".join(arabic_spaced.split())


def norm_token(text: str) -> str:
    """Lower case, no diacritics, letters only (used for building pools and clusters)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if "a" <= c <= "z")


def split_name(text: str) -> list[str]:
    return [t for t in (norm_token(p) for p in re.split(r"[\s\-,./']+", text)) if t]


@dataclass(frozen=True)
class Dataset:
    roster: list[Entry]
    records: list[Entry]
    truth: set[tuple[str, str]]
    stats: dict[str, float] = field(default_factory=dict)
    #: hard negatives: (person_id, record_id) -> kind (namesake, variant_namesake, sibling,
    #: parent_child): a roster person who is NOT the record's person but resembles them.
    hard: dict[tuple[str, str], str] = field(default_factory=dict)
    #: strata of each true pair (dob_missing, dob_shifted, dropped_middle, variant, un_alias).
    strata: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    """Generator parameters. "A": the project's profile; "B": the second, harder profile."""

    name: str = "A"
    dob_errors: tuple[tuple[str, float], ...] = ()
    group_shares: tuple[tuple[str, float], ...] = ()
    namesake_share: float = 0.0  # roster rows given the name of an earlier row (another person)
    record_no_dob: float = 0.0  # records whose dates of birth are dropped
    hard_share: float = 0.008  # hard negatives per roster person (800 per 100k)


PROFILES: dict[str, Profile] = {
    "A": Profile(),
    "B": Profile(
        name="B",
        dob_errors=(
            ("exact", 0.45), ("jan1_default", 0.12), ("year_only", 0.10),
            ("day_month_swap", 0.03), ("year_off_by_one", 0.07), ("range", 0.03),
            ("missing", 0.20),
        ),
        group_shares=(("drc", 0.10), ("sahel", 0.25), ("hausa", 0.45), ("haiti", 0.20)),
        namesake_share=0.30,
        record_no_dob=0.25,
    ),
}  # fmt: skip
HARD_KINDS = ("namesake", "variant_namesake", "sibling", "parent_child")


class Pool:
    """Tokens with weights; draws by bisecting the cumulative weights."""

    def __init__(self, weighted: dict[str, float]) -> None:
        items = sorted(weighted.items(), key=lambda kv: (-kv[1], kv[0]))
        self.tokens = [t for t, _ in items]
        self.cum: list[float] = []
        total = 0.0
        for _, w in items:
            total += w
            self.cum.append(total)
        self.total = total

    def draw(self, rng: random.Random) -> str:
        return self.tokens[bisect.bisect_right(self.cum, rng.random() * self.total)]


def mix(*parts: tuple[float, dict[str, float]]) -> dict[str, float]:
    """Weighted union of token distributions, each normalised to its share."""
    out: dict[str, float] = defaultdict(float)
    for share, dist in parts:
        total = sum(dist.values())
        for token, w in dist.items():
            out[token] += share * w / total
    return out


def zipf_by_rank(tokens: Sequence[str], s: float = 0.6) -> dict[str, float]:
    """Weights for a ranked list without counts (s = 0: unranked, uniform)."""
    out: dict[str, float] = {}
    for rank, token in enumerate(tokens, start=1):
        if token and token not in out:
            out[token] = 1.0 / rank**s
    return out


def uniform(tokens: Sequence[str]) -> dict[str, float]:
    return zipf_by_rank(tokens, 0.0)


# ---------------------------------------------------------------------------------------------
# Real sources


@dataclass
class UNIndividual:
    dataid: str
    names: list[str]  # primary name first, then Good aliases
    weak: list[str]  # Low aliases
    dobs: list[str]  # BirthDate.parse strings
    dob_pattern: tuple[tuple[str, int], ...]  # (kind, range width)
    city: str
    sex: str


@dataclass
class Sources:
    drc_native: dict[str, float]
    drc_christian_m: dict[str, float]
    drc_christian_f: dict[str, float]
    forenames: dict[tuple[str, str], list[str]]  # (country, M/F) -> names by rank
    fr_surnames: list[str]
    nigeria_first: dict[tuple[str, str], list[str]]  # (tribe, m/f)
    nigeria_last: dict[str, list[str]]
    arabic_tokens: dict[str, float]  # Arabic-origin Latin tokens, weight = Wikidata count
    transitions: dict[str, tuple[list[str], list[float]]]
    start_letters: tuple[list[str], list[float]]
    wikidata_clusters: dict[str, dict[str, int]]  # key -> latin spelling -> count
    un: list[UNIndividual]


#: Letters that Arabic uses for Arabic sounds but hardly ever to transliterate European names.
STRONG_ARABIC = set("حعصضظ")
ROMAN = re.compile(r"^[ivxl]+$")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _un_individuals(path: Path) -> list[UNIndividual]:
    root = ET.parse(path).getroot()
    people: list[UNIndividual] = []
    for ind in root.iter("INDIVIDUAL"):

        def text(el: ET.Element, tag: str) -> str:
            return " ".join((el.findtext(tag) or "").split())

        primary = " ".join(
            t for t in (text(ind, f"{n}_NAME") for n in ("FIRST", "SECOND", "THIRD", "FOURTH")) if t
        )
        good: list[str] = []
        weak: list[str] = []
        for alias in ind.findall("INDIVIDUAL_ALIAS"):
            name = text(alias, "ALIAS_NAME")
            if not name:
                continue
            (good if text(alias, "QUALITY") == "Good" else weak).append(name)
        dobs: list[str] = []
        pattern: list[tuple[str, int]] = []
        for d in ind.findall("INDIVIDUAL_DATE_OF_BIRTH"):
            kind = text(d, "TYPE_OF_DATE")
            if text(d, "DATE"):
                dobs.append(text(d, "DATE")[:10])
                pattern.append(("date", 0))
            elif text(d, "YEAR"):
                dobs.append(text(d, "YEAR"))
                pattern.append(("approx_year" if kind == "APPROXIMATELY" else "year", 0))
            elif text(d, "FROM_YEAR") and text(d, "TO_YEAR"):
                lo, hi = int(text(d, "FROM_YEAR")), int(text(d, "TO_YEAR"))
                dobs.append(f"{lo}/{hi}")
                pattern.append(("range", hi - lo))
        city = ""
        for p in ind.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
            city = city or text(p, "CITY")
        sex = {"Male": "M", "Female": "F"}.get(text(ind, "GENDER"), "")
        people.append(
            UNIndividual(
                text(ind, "DATAID"), [primary, *good], weak, dobs, tuple(pattern), city, sex
            )
        )
    return people


@functools.cache
def load_sources(shared: Path) -> Sources:
    nm = shared / NAMEMATCH
    drc = nm / "drc_names_corpus_stats"
    drc_native = {
        r["first_token"]: float(r["count"]) for r in _read_csv(drc / "first_token_frequency.csv")
    }
    drc_christian_m = {
        r["last_token"]: float(r["count"]) for r in _read_csv(drc / "last_token_frequency_male.csv")
    }
    drc_christian_f = {
        r["last_token"]: float(r["count"])
        for r in _read_csv(drc / "last_token_frequency_female.csv")
    }
    forenames: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in _read_csv(nm / "common-forenames-by-country.csv"):
        token = norm_token(r["Romanized Name"].split()[0]) if r["Romanized Name"].strip() else ""
        if token:
            forenames[(r["Country"], r["Gender"])].append(token)
    fr_surnames = [
        norm_token(r["Romanized Name"])
        for r in _read_csv(nm / "common-surnames-by-country.csv")
        if r["Country"] == "FR"
    ]
    nigeria_first: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in json.loads((nm / "fakernaija/first_names.json").read_text(encoding="utf-8")):
        nigeria_first[(item["tribe"], item["gender"][0])].append(norm_token(item["name"]))
    nigeria_last: dict[str, list[str]] = defaultdict(list)
    for item in json.loads((nm / "fakernaija/last_names.json").read_text(encoding="utf-8")):
        nigeria_last[item["tribe"]].append(norm_token(item["name"]))

    arab_country_names = {
        t for (country, _), names in forenames.items() for t in names
        if country in {"LY", "DZ", "MA", "TN", "ML", "SA", "JO", "IQ", "AE", "KW"}
    }  # fmt: skip
    un = _un_individuals(shared / UN_LIST)
    clusters: dict[str, dict[str, int]] = defaultdict(dict)
    arabic_tokens: dict[str, float] = defaultdict(float)
    with (nm / "wikidata_en_ar_person_names.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            latin, arabic, count = norm_token(parts[0]), parts[1], int(parts[2] or 1)
            if not latin or len(latin) < 2:
                continue
            key = wikidata_cluster_key(arabic)
            clusters[key][latin] = clusters[key].get(latin, 0) + count
            strong = any(c in STRONG_ARABIC for c in key)
            if (
                latin not in PARTICLES
                and len(latin) >= 3
                and not ROMAN.match(latin)
                and (strong or latin in arab_country_names)
            ):
                arabic_tokens[latin] += count
    # Markov tail for Congolese native names.
    transitions: dict[str, tuple[list[str], list[float]]] = {}
    by_from: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for r in _read_csv(drc / "probable_native_transition_matrix.csv"):
        by_from[r["from_letter"]].append((r["to_letter"], float(r["count"])))
    for letter, nexts in by_from.items():
        transitions[letter] = ([n for n, _ in nexts], [c for _, c in nexts])
    starts: Counter[str] = Counter()
    for token, weight in drc_native.items():
        starts[token[0]] += int(weight)
    return Sources(
        drc_native=drc_native,
        drc_christian_m=drc_christian_m,
        drc_christian_f=drc_christian_f,
        forenames=dict(forenames),
        fr_surnames=fr_surnames,
        nigeria_first=dict(nigeria_first),
        nigeria_last=dict(nigeria_last),
        arabic_tokens=dict(arabic_tokens),
        transitions=transitions,
        start_letters=(list(starts), [float(v) for v in starts.values()]),
        wikidata_clusters={k: v for k, v in clusters.items() if len(v) > 1},
        un=un,
    )


# ---------------------------------------------------------------------------------------------
# Held-out variants


@dataclass
class Variants:
    """Token -> other spellings, from the held-out half of the clusters only."""

    spellings: dict[str, list[str]]
    un_identities: list[UNIndividual]  # held-out UN individuals with a Good spelling variant
    un_variant_index: dict[str, list[int]]  # DATAID -> indexes of names usable on the roster
    stats: dict[str, float]


def _align_pairs(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    from rapidfuzz.distance import Levenshtein

    pairs: list[tuple[str, str]] = []
    for token in b:
        if token in a or token in PARTICLES or len(token) < 3:
            continue
        best = max(a, key=lambda t: Levenshtein.normalized_similarity(t, token), default="")
        if best and Levenshtein.normalized_similarity(best, token) >= 0.6:
            pairs.append((best, token))
    return pairs


def build_variants(src: Sources) -> Variants:
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    held: dict[str, set[str]] = defaultdict(set)
    learn_pairs: set[tuple[str, str]] = set()
    held_pairs: set[tuple[str, str]] = set()
    n_clusters = [0, 0]
    for key, spellings in src.wikidata_clusters.items():
        learn = in_learn_half(key)
        n_clusters[learn] += 1
        for x in spellings:
            for y in spellings:
                # The token alignment upstream is noisy (martin ~ louvrier): keep look-alikes.
                if x != y and Levenshtein.normalized_similarity(x, y) >= 0.5:
                    (learn_pairs if learn else held_pairs).add((x, y))
    un_identities: list[UNIndividual] = []
    un_variant_index: dict[str, list[int]] = {}
    n_un = [0, 0]
    for person in src.un:
        if len(person.names) < 2:
            continue
        learn = in_learn_half(person.dataid)
        n_un[learn] += 1
        tokens = [split_name(n) for n in person.names]
        spelling_variants = [
            i
            for i, t in enumerate(tokens[1:], start=1)
            if fuzz.token_sort_ratio(" ".join(tokens[0]), " ".join(t)) >= 60
        ]
        if not learn and spelling_variants:
            # Listed persons whose roster name is a Good alias that is a spelling variant of
            # the primary name (not a pseudonym); the alias is removed from the record.
            un_identities.append(person)
            un_variant_index[person.dataid] = spelling_variants
        for other in tokens[1:]:
            for x, y in _align_pairs(tokens[0], other):
                (learn_pairs if learn else held_pairs).update({(x, y), (y, x)})
    for x, y in held_pairs:
        held[x].add(y)
    overlap = len(held_pairs & learn_pairs) / max(1, len(held_pairs))
    return Variants(
        spellings={k: sorted(v) for k, v in held.items()},
        un_identities=un_identities,
        un_variant_index=un_variant_index,
        stats={
            "wikidata_clusters_learn": n_clusters[1],
            "wikidata_clusters_held_out": n_clusters[0],
            "un_alias_groups_learn": n_un[1],
            "un_alias_groups_held_out": n_un[0],
            "held_out_pairs": len(held_pairs),
            "held_out_pairs_also_in_learn_half": overlap,
        },
    )


# ---------------------------------------------------------------------------------------------
# Name model


@dataclass
class NameModel:
    pools: dict[str, Pool]
    groups: list[str]
    group_cum: list[float]


def _markov_token(rng: random.Random, src: Sources) -> str:
    letters, weights = src.start_letters
    token = rng.choices(letters, weights)[0]
    length = rng.choice((4, 5, 5, 6, 6, 6, 7, 7, 8, 9))
    while len(token) < length:
        nexts = src.transitions.get(token[-1])
        if not nexts:
            break
        token += rng.choices(nexts[0], nexts[1])[0]
    if token[-1] not in "aeiou":
        token += rng.choice("aaauuoei")
    return token


def _with_tail(
    head: dict[str, float], tail: list[str], s: float, tail_mass: float
) -> dict[str, float]:
    """Head (real frequencies) plus a Zipf tail carrying ``tail_mass`` of the probability."""
    out = {t: w for t, w in head.items()}
    tail_weights = [1.0 / (r + len(head)) ** s for r in range(1, len(tail) + 1)]
    head_total = sum(head.values())
    tail_total = max(1e-12, sum(tail_weights))
    scale = head_total * tail_mass / (1 - tail_mass) / tail_total if head_total else 1 / tail_total
    for token, w in zip(tail, tail_weights, strict=True):
        if token not in out:
            out[token] = w * scale
    return out


def build_name_model(src: Sources, tail_size: int, seed: int) -> NameModel:
    rng = random.Random(f"tail-{seed}")
    seen = set(src.drc_native) | set(src.drc_christian_m) | set(src.drc_christian_f)
    tail: list[str] = []
    while len(tail) < tail_size:
        token = _markov_token(rng, src)
        if token not in seen and not re.search(r"[^aeiouymn]{3}", token):
            seen.add(token)
            tail.append(token)
    # DRC: the top-50 first tokens carry 12.7 % of the corpus' first tokens.
    drc_native = _with_tail(src.drc_native, tail, TAIL_EXPONENT, 0.873)
    f = src.forenames

    def ranks(*keys: tuple[str, str]) -> dict[str, float]:
        return mix(*((1.0, zipf_by_rank(f.get(k, []))) for k in keys))

    # Wikidata counts measure fame, not population: sharpened by ARABIC_CONCENTRATION.
    arabic = {t: w**ARABIC_CONCENTRATION for t, w in src.arabic_tokens.items()}
    sahel_m = mix(
        (0.30, ranks(("ML", "M"))),
        (0.15, ranks(("LY", "M"), ("DZ", "M"), ("MA", "M"), ("TN", "M"), ("EG", "M"))),
        (0.10, uniform(src.nigeria_first[("fulani", "m")])),
        (0.45, arabic),
    )
    sahel_f = mix(
        (0.45, ranks(("ML", "F"))),
        (0.25, ranks(("LY", "F"), ("DZ", "F"), ("MA", "F"), ("TN", "F"), ("EG", "F"))),
        (0.30, uniform(src.nigeria_first[("fulani", "f")])),
    )
    sahel_family = mix(
        (0.55, arabic),
        (0.15, uniform(src.nigeria_last["fulani"])),
        (0.30, sahel_m),
    )
    hausa_m = mix(
        (0.5, uniform(src.nigeria_first[("hausa", "m")])),
        (0.2, uniform(src.nigeria_first[("fulani", "m")])),
        (0.3, arabic),
    )
    hausa_f = mix(
        (0.6, uniform(src.nigeria_first[("hausa", "f")])),
        (0.4, uniform(src.nigeria_first[("fulani", "f")])),
    )
    hausa_last = mix(
        (0.5, uniform(src.nigeria_last["hausa"])),
        (0.2, uniform(src.nigeria_last["fulani"])),
        (0.3, hausa_m),
    )
    haiti_m = mix((0.4, ranks(("HT", "M"))), (0.3, ranks(("FR", "M"))), (0.3, src.drc_christian_m))
    haiti_f = mix((0.4, ranks(("HT", "F"))), (0.3, ranks(("FR", "F"))), (0.3, src.drc_christian_f))
    # Haitian surnames: French surnames and Christian given names used as surnames.
    haiti_last = mix((0.4, zipf_by_rank(src.fr_surnames)), (0.6, src.drc_christian_m))
    pools = {
        "drc_native": Pool(drc_native),
        "drc_christian_m": Pool(src.drc_christian_m),
        "drc_christian_f": Pool(src.drc_christian_f),
        "sahel_m": Pool(sahel_m),
        "sahel_f": Pool(sahel_f),
        "sahel_family": Pool(sahel_family),
        "hausa_m": Pool(hausa_m),
        "hausa_f": Pool(hausa_f),
        "hausa_last": Pool(hausa_last),
        "haiti_m": Pool(haiti_m),
        "haiti_f": Pool(haiti_f),
        "haiti_last": Pool(haiti_last),
    }
    groups = list(GROUP_SHARES)
    cum: list[float] = []
    acc = 0.0
    for g in groups:
        acc += GROUP_SHARES[g]
        cum.append(acc)
    return NameModel(pools, groups, cum)


def draw_name(model: NameModel, rng: random.Random, group: str, sex: str) -> list[str]:
    p = model.pools
    r = rng.random()
    if group == "drc":
        christian = p["drc_christian_f" if sex == "F" else "drc_christian_m"]
        if r < 0.78:
            return [p["drc_native"].draw(rng), p["drc_native"].draw(rng), christian.draw(rng)]
        if r < 0.89:
            return [p["drc_native"].draw(rng), christian.draw(rng)]
        if r < 0.96:
            return [p["drc_native"].draw(rng), p["drc_native"].draw(rng)]
        if r < 0.98:
            first = p["drc_native"].draw(rng)
            return [first, "wa", first]
        return [p["drc_native"].draw(rng) for _ in range(3)] + [christian.draw(rng)]
    if group == "sahel":
        given = p["sahel_f" if sex == "F" else "sahel_m"].draw(rng)
        father = p["sahel_m"].draw(rng)
        family = p["sahel_family"].draw(rng)
        if r < 0.10:
            return [given, "ould", father, family]
        if r < 0.18:
            return [given, "ag", family]
        if r < 0.30:
            return [given, father, "al", family]
        if r < 0.80:
            return [given, father, family]
        return [given, family]
    if group == "hausa":
        given = p["hausa_f" if sex == "F" else "hausa_m"].draw(rng)
        if r < 0.6:
            return [given, p["hausa_last"].draw(rng)]
        return [given, p["hausa_m"].draw(rng), p["hausa_last"].draw(rng)]
    given_pool = p["haiti_f" if sex == "F" else "haiti_m"]
    if r < 0.35:
        return [given_pool.draw(rng), given_pool.draw(rng), p["haiti_last"].draw(rng)]
    if r < 0.37:
        return [given_pool.draw(rng), "jean-baptiste" if r < 0.36 else "saint-louis"]
    return [given_pool.draw(rng), p["haiti_last"].draw(rng)]


def render(tokens: Sequence[str], rng: random.Random, upper_share: float) -> str:
    """Title case ("al" joined as "al-"), sometimes all upper case as on lists."""
    out: list[str] = []
    skip = False
    for i, t in enumerate(tokens):
        if skip:
            skip = False
            continue
        if t == "al" and i + 1 < len(tokens):
            out.append("al-" + tokens[i + 1].capitalize())
            skip = True
        elif t in PARTICLES:
            out.append(t)
        else:
            out.append("-".join(part.capitalize() for part in t.split("-")))
    name = " ".join(out)
    return name.upper() if rng.random() < upper_share else name


# ---------------------------------------------------------------------------------------------
# Corruption


def typo(token: str, rng: random.Random) -> str:
    if len(token) < 4:
        return token
    i = rng.randrange(1, len(token) - 1)
    kind = rng.random()
    if kind < 0.4:
        return token[:i] + token[i + 1 :]
    if kind < 0.7:
        return token[:i] + token[i + 1] + token[i] + token[i + 2 :]
    return token[:i] + token[i] + token[i:]


def corrupt(
    tokens: list[str], rng: random.Random, variants: Variants, rate: float, counts: Counter[str]
) -> list[str]:
    """Apply the corruptions at ``rate`` (1.0 = record side, lower = roster side)."""
    out = list(tokens)
    for i, t in enumerate(out):
        alts = variants.spellings.get(t)
        if alts and t not in PARTICLES and rng.random() < 0.5 * rate:
            out[i] = rng.choice(alts)
            counts["variant"] += 1
    if rng.random() < 0.15 * rate:
        i = rng.randrange(len(out))
        if out[i] not in PARTICLES:
            out[i] = typo(out[i], rng)
            counts["typo"] += 1
    content = [i for i, t in enumerate(out) if t not in PARTICLES]
    if len(content) >= 3 and rng.random() < 0.12 * rate:
        del out[content[rng.randrange(1, len(content) - 1)]]
        counts["dropped_middle"] += 1
    if rng.random() < 0.12 * rate and len(out) >= 2:
        out = out[-1:] + out[:-1] if rng.random() < 0.5 else out[1:] + out[:1]
        counts["order_swap"] += 1
    if rng.random() < 0.04 * rate and len(out) >= 2 and out[0] not in PARTICLES:
        out[0] = out[0][0]
        counts["initial"] += 1
    if any(t in PARTICLES for t in out) and rng.random() < 0.3 * rate:
        out = [t for t in out if t not in PARTICLES or t == "wa"]
        counts["particle_dropped"] += 1
    elif rng.random() < 0.04 * rate and len(out) >= 2:
        out.insert(len(out) - 1, rng.choice(("al", "el", "ben")))
        counts["particle_added"] += 1
    return [t for t in out if t] or list(tokens)


# ---------------------------------------------------------------------------------------------
# Dates of birth


def _fmt(d: date) -> str:
    return d.isoformat()


def true_birth_date(rng: random.Random) -> date:
    year = round(rng.triangular(1966, 2006, 1992))
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def roster_birth_date(
    true: date,
    rng: random.Random,
    counts: Counter[str],
    errors: dict[str, float] | None = None,
) -> str:
    errors = errors or ROSTER_DOB_ERRORS
    kind = rng.choices(list(errors), list(errors.values()))[0]
    counts["dob_" + kind] += 1
    if kind == "jan1_default":
        return f"{true.year}-01-01"
    if kind == "year_only":
        return str(true.year)
    if kind == "day_month_swap" and true.day <= 12 and true.day != true.month:
        return _fmt(date(true.year, true.day, true.month))
    if kind == "year_off_by_one":
        year = true.year + rng.choice((-1, 1))
        return _fmt(true.replace(year=year, day=min(true.day, 28)))
    if kind == "range":
        return f"{true.year - 1}/{true.year + 1}"
    if kind == "missing":
        return ""
    return _fmt(true)


def record_birth_dates(
    true: date, pattern: tuple[tuple[str, int], ...], rng: random.Random
) -> list[str]:
    """Instantiate a UN date-of-birth pattern around the true date (first item = best)."""
    out: list[str] = []
    for i, (kind, width) in enumerate(pattern):
        year = true.year if i == 0 else true.year + rng.choice((-3, -2, -1, 1, 2, 3))
        if kind == "date":
            # 40 of the 481 exact dates in the 2026 list are 1 January.
            d = date(year, 1, 1) if rng.random() < 40 / 481 else true.replace(year=year, day=1)
            if d.month != 1 or d.day != 1:
                d = true.replace(year=year, day=min(true.day, 28))
            out.append(_fmt(d))
        elif kind == "year":
            out.append(str(year))
        elif kind == "approx_year":
            out.append(str(year + rng.choice((-1, 0, 0, 0, 1))))
        else:
            lo = year - rng.randint(0, max(0, width))
            out.append(f"{lo}/{lo + max(1, width)}")
    return out


def parse_dates(values: Sequence[str]) -> tuple[BirthDate, ...]:
    out: list[BirthDate] = []
    for v in values:
        bd = BirthDate.parse(v)
        if bd is not None:
            out.append(bd)
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Generation


@dataclass
class Identity:
    group: str
    sex: str
    tokens: list[str]
    dob: date
    city: str
    nationality: str
    unit: str


def _pick_group(model: NameModel, rng: random.Random) -> str:
    return model.groups[bisect.bisect_right(model.group_cum, rng.random() * model.group_cum[-1])]


def _identity(
    model: NameModel, rng: random.Random, units: list[str], male_share: float
) -> Identity:
    group = _pick_group(model, rng)
    sex = "M" if rng.random() < male_share else "F"
    cities = CITIES[group]
    city = cities[min(len(cities) - 1, int(rng.paretovariate(1.2)) - 1)]
    return Identity(
        group=group,
        sex=sex,
        tokens=draw_name(model, rng, group, sex),
        dob=true_birth_date(rng),
        city=city,
        nationality=rng.choice(GROUP_NATIONALITY[group]),
        unit=rng.choice(units),
    )


def _units(rng: random.Random, n: int) -> list[str]:
    return [f"{rng.randint(1, 40)}e {rng.choice(UNIT_KINDS)}" for _ in range(n)]


def _record_entry(
    rid: str,
    ident: Identity,
    rng: random.Random,
    variants: Variants,
    un_patterns: list[tuple[tuple[str, int], ...]],
    alias_counts: list[tuple[int, int]],
    weak_pool: list[str],
    units: list[str],
    counts: Counter[str],
) -> Entry:
    full = render(corrupt(ident.tokens, rng, variants, 1.0, counts), rng, 0.5)
    n_good, n_low = rng.choice(alias_counts)
    aliases: list[str] = []
    for _ in range(n_good):
        alias = render(corrupt(ident.tokens, rng, variants, 1.5, counts), rng, 0.5)
        if alias != full and alias not in aliases:
            aliases.append(alias)
    weak = tuple(
        rng.choice(weak_pool)
        if rng.random() < 0.5
        else render([typo(rng.choice(ident.tokens), rng)], rng, 0.3)
        for _ in range(n_low)
    )
    dates = record_birth_dates(ident.dob, rng.choice(un_patterns), rng)
    city = ""
    if rng.random() < 439 / 737:  # share of 2026 UN individuals with a city of birth
        city = ident.city if rng.random() < 0.9 else rng.choice(CITIES[ident.group])
        if rng.random() < 0.3:
            city = city.upper()
    unit = ""
    if rng.random() < 0.3:
        unit = ident.unit if rng.random() < 0.7 else rng.choice(units)
    return Entry(
        id=rid,
        names=(full, *aliases),
        weak_names=weak,
        birth_dates=parse_dates(dates),
        place_of_birth=city,
        sex=ident.sex if rng.random() < 0.7 else "",
        nationality=ident.nationality if rng.random() < 0.6 else "",
        unit=unit,
    )


def _un_entry(rid: str, person: UNIndividual, names: Sequence[str]) -> Entry:
    return Entry(
        id=rid,
        names=tuple(names),
        weak_names=tuple(person.weak),
        birth_dates=parse_dates(person.dobs),
        place_of_birth=person.city,
        sex=person.sex,
    )


def dob_mix(patterns: Sequence[Sequence[tuple[str, int]] | Sequence[str]]) -> dict[str, float]:
    """Shares by the kind of the first date of birth (none/date/year/approx_year/range), and of
    entries with several dates."""
    n = max(1, len(patterns))
    kinds = Counter((p[0] if isinstance(p[0], str) else p[0][0]) if p else "none" for p in patterns)
    out = {f"{k}": kinds[k] / n for k in ("none", "date", "year", "approx_year", "range")}
    out["several"] = sum(1 for p in patterns if len(p) > 1) / n
    return out


def duplicate_stats(names: Sequence[str]) -> dict[str, float]:
    """Namesake rates of normalised full names, as the DRC corpus computes them."""
    counts = Counter(" ".join(split_name(n)) for n in names)
    n = max(1, len(names))
    dup_names = sum(1 for c in counts.values() if c > 1)
    return {
        "duplicated_names_per_row": dup_names / n,  # DRC corpus: 0.188
        "rows_minus_unique_per_row": (n - len(counts)) / n,  # DRC corpus: 0.209
        "rows_with_a_namesake": sum(c for c in counts.values() if c > 1) / n,  # DRC: 0.397
    }


def generate(
    n_persons: int,
    n_records: int,
    seed: int = 2553,
    listed_share: float = 0.005,
    shared: Path = Path("../shared"),
    tail_size: int = 60_000,
    profile: str = "A",
) -> Dataset:
    """Build the labelled roster and records (deterministic for fixed arguments)."""
    if not shared.is_absolute() and not shared.exists():
        shared = (ROOT / shared).resolve()
    prof = PROFILES[profile]
    src = load_sources(shared.resolve())
    variants = build_variants(src)
    model = build_name_model(src, tail_size, seed)
    if prof.group_shares:
        cum = []
        acc = 0.0
        for _g, share in prof.group_shares:
            acc += share
            cum.append(acc)
        model = NameModel(model.pools, [g for g, _ in prof.group_shares], cum)
    dob_errors = dict(prof.dob_errors) or ROSTER_DOB_ERRORS
    rng = random.Random(seed if profile == "A" else f"{seed}-{profile}")
    counts: Counter[str] = Counter()
    units = _units(rng, 400)
    un_patterns = [p.dob_pattern for p in src.un]
    alias_counts = [(len(p.names) - 1, len(p.weak)) for p in src.un]
    weak_pool = [w for p in src.un if not in_learn_half(p.dataid) for w in p.weak] or ["Rambo"]

    n_listed = max(1, round(n_persons * listed_share))
    listed_idx = sorted(rng.sample(range(n_persons), n_listed))
    listed_set = set(listed_idx)
    un_pool = list(variants.un_identities)
    rng.shuffle(un_pool)
    n_un_listed = min(len(un_pool), round(0.15 * n_listed))
    un_for = dict(
        zip(listed_idx[:: max(1, n_listed // max(1, n_un_listed))], un_pool, strict=False)
    )

    roster: list[Entry] = []
    records: list[Entry] = []
    truth: set[tuple[str, str]] = set()
    identities: dict[int, Identity] = {}
    tags: dict[int, Counter[str]] = {}
    earlier: list[list[str]] = []
    for i in range(n_persons):
        pid = f"P{i:07d}"
        ident = _identity(model, rng, units, 0.88)
        if earlier and rng.random() < prof.namesake_share:
            ident.tokens = list(rng.choice(earlier))  # another person bearing the same name
            counts["namesake_row"] += 1
        earlier.append(ident.tokens)
        un_person = un_for.get(i)
        mine: Counter[str] = Counter()
        if un_person is not None:
            roster_name = un_person.names[rng.choice(variants.un_variant_index[un_person.dataid])]
            counts["un_identity"] += 1
            first = BirthDate.parse(un_person.dobs[0]) if un_person.dobs else None
            if first is not None:  # the true date lies in the list's first interval
                span = (first.latest - first.earliest).days
                ident.dob = first.earliest + timedelta(days=rng.randint(0, span))
        else:
            roster_name = render(corrupt(ident.tokens, rng, variants, 0.25, mine), rng, 0.1)
        dob = roster_birth_date(ident.dob, rng, mine, dob_errors)
        counts.update(mine)
        roster.append(
            Entry(
                id=pid,
                names=(roster_name,),
                birth_dates=parse_dates([dob]),
                place_of_birth=ident.city if rng.random() < 0.75 else "",
                sex=ident.sex,
                nationality=ident.nationality,
                unit=ident.unit,
            )
        )
        if i in listed_set:
            identities[i] = ident
            tags[i] = mine
    rid_n = 0
    strata: dict[tuple[str, str], frozenset[str]] = {}
    shadows: list[tuple[Identity, str]] = []

    def next_rid() -> str:
        nonlocal rid_n
        rid_n += 1
        return f"R{rid_n:06d}"

    for i in listed_idx:
        pid = f"P{i:07d}"
        ident = identities[i]
        un_person = un_for.get(i)
        n_rec = 2 if rng.random() < 0.10 and un_person is None else 1
        for k in range(n_rec):
            rid = next_rid()
            theirs: Counter[str] = Counter()
            if un_person is not None and k == 0:
                roster_name = roster[i].names[0]
                names = [n for n in un_person.names if n != roster_name]
                records.append(_un_entry(rid, un_person, names))
                theirs["un_alias"] += 1
            else:
                records.append(
                    _record_entry(
                        rid, ident, rng, variants, un_patterns, alias_counts, weak_pool, units,
                        theirs,
                    )
                )  # fmt: skip
                if rng.random() < prof.record_no_dob:
                    records[-1] = replace(records[-1], birth_dates=())
            counts.update(theirs)
            truth.add((pid, rid))
            strata[(pid, rid)] = _strata(tags[i], theirs, roster[i], records[-1])
            shadows.append((ident, rid))
    used_un = {p.dataid for p in un_for.values()}
    for person in src.un:
        if len(records) >= n_records:
            break
        if person.dataid not in used_un:
            records.append(_un_entry(next_rid(), person, person.names))
    while len(records) < n_records:
        ident = _identity(model, rng, units, 0.93)
        records.append(
            _record_entry(
                next_rid(), ident, rng, variants, un_patterns, alias_counts, weak_pool, units,
                counts,
            )
        )  # fmt: skip
    hard = _hard_negatives(
        roster, shadows, round(prof.hard_share * n_persons), model, rng, variants, units, counts
    )
    order = list(range(len(records)))
    rng.shuffle(order)
    records = [records[j] for j in order]

    precision_kind = {"day": "date", "month": "date", "year": "year", "range": "range"}
    record_kinds = [
        [precision_kind.get(str(b.precision), "range") for b in e.birth_dates] for e in records
    ]
    stats: dict[str, float] = {
        "persons": n_persons,
        "records": len(records),
        "true_pairs": len(truth),
        "listed_persons": n_listed,
        **duplicate_stats([e.names[0] for e in roster]),
        **{f"dob_un_2026_{k}": v for k, v in dob_mix(un_patterns).items()},
        **{f"dob_records_{k}": v for k, v in dob_mix(record_kinds).items()},
        **{f"variants_{k}": v for k, v in variants.stats.items()},
        **{f"count_{k}": float(v) for k, v in sorted(counts.items())},
    }
    stats["profile"] = profile  # type: ignore[assignment]
    stats["hard_negative_pairs"] = len(hard)
    return Dataset(roster, records, truth, stats, hard, strata)


def _strata(
    mine: Counter[str], theirs: Counter[str], person: Entry, record: Entry
) -> frozenset[str]:
    out = set()
    if not person.birth_dates or not record.birth_dates:
        out.add("dob_missing")
    if mine["dob_year_off_by_one"] or mine["dob_day_month_swap"]:
        out.add("dob_shifted")
    for key in ("dropped_middle", "variant", "un_alias"):
        if mine[key] or theirs[key]:
            out.add(key)
    return frozenset(out or {"clean"})


def _hard_negatives(
    roster: list[Entry],
    shadows: list[tuple[Identity, str]],
    n_hard: int,
    model: NameModel,
    rng: random.Random,
    variants: Variants,
    units: list[str],
    counts: Counter[str],
) -> dict[tuple[str, str], str]:
    """Append ``n_hard`` roster persons who resemble a listed person but are someone else:
    a namesake (same name, other birth), a namesake spelled otherwise, a sibling (same family
    name, other given name, born 1-8 years apart, same town) or a parent or child (born 20-35
    years apart, half of them with the same given name too)."""
    hard: dict[tuple[str, str], str] = {}
    if not shadows:
        return hard
    by_identity: dict[int, list[str]] = defaultdict(list)
    for ident, rid in shadows:
        by_identity[id(ident)].append(rid)
    idents = list({id(i): i for i, _ in shadows}.values())
    start = len(roster)
    for j in range(n_hard):
        ident = idents[rng.randrange(len(idents))]
        kind = HARD_KINDS[j % len(HARD_KINDS)]
        tokens = list(ident.tokens)
        true = ident.dob
        given = len(tokens) - 1 if ident.group == "drc" else 0
        city = ident.city
        if kind == "namesake":
            gap = rng.choice((-1, 1)) * rng.randint(2, 25)
            name = render(tokens, rng, 0.1)
            city = rng.choice(CITIES[ident.group])
        elif kind == "variant_namesake":
            gap = rng.choice((-1, 1)) * rng.randint(2, 25)
            name = render(corrupt(tokens, rng, variants, 1.0, Counter()), rng, 0.1)
            city = rng.choice(CITIES[ident.group])
        elif kind == "sibling":
            gap = rng.choice((-1, 1)) * rng.randint(1, 8)
            for _ in range(5):
                other = draw_name(model, rng, ident.group, ident.sex)
                if other[min(given, len(other) - 1)] != tokens[given]:
                    tokens[given] = other[min(given, len(other) - 1)]
                    break
            name = render(corrupt(tokens, rng, variants, 0.25, Counter()), rng, 0.1)
        else:
            gap = rng.choice((-1, 1)) * rng.randint(20, 35)
            if rng.random() < 0.5:
                other = draw_name(model, rng, ident.group, ident.sex)
                tokens[given] = other[min(given, len(other) - 1)]
            name = render(tokens, rng, 0.1)
        year = min(2008, max(1930, true.year + gap))
        dob = roster_birth_date(true.replace(year=year, day=min(true.day, 28)), rng, Counter())
        pid = f"P{start + j:07d}"
        roster.append(
            Entry(
                id=pid,
                names=(name,),
                birth_dates=parse_dates([dob]),
                place_of_birth=city if rng.random() < 0.75 else "",
                sex=ident.sex,
                nationality=ident.nationality,
                unit=rng.choice(units),
            )
        )
        counts["hard_" + kind] += 1
        for rid in by_identity[id(ident)]:
            hard[(pid, rid)] = kind
    return hard


def cached(
    n_persons: int,
    n_records: int,
    seed: int = 2553,
    listed_share: float = 0.005,
    shared: Path = Path("../shared"),
    directory: Path = Path("/tmp/ssrmonitor-screening-bench"),
    profile: str = "A",
) -> Dataset:
    """``generate`` with a pickle cache keyed by the arguments and this file's content."""
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    name = f"data-{n_persons}-{n_records}-{seed}-{listed_share}-{profile}-{digest}.pickle"
    path = directory / name
    if path.exists():
        with path.open("rb") as fh:
            data: Dataset = pickle.load(fh)
            return data
    data = generate(n_persons, n_records, seed, listed_share, shared, profile=profile)
    directory.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return data


def _main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2553)
    parser.add_argument("--listed-share", type=float, default=0.005)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--samples", type=int, default=0, help="print N true pairs")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = generate(args.persons, args.records, args.seed, args.listed_share, args.shared)
    out(f"generated in {time.perf_counter() - started:.1f} s")
    for key, value in data.stats.items():
        out(f"{key:45s} {value:,.4f}" if isinstance(value, float) else f"{key:45s} {value}")
    by_id = {e.id: e for e in data.records}
    persons = {e.id: e for e in data.roster}
    for pid, rid in sorted(data.truth)[: args.samples]:
        p, r = persons[pid], by_id[rid]
        out(f"{p.names} {[b.to_json() for b in p.birth_dates]}")
        out(f"   -> {r.names} weak={r.weak_names} {[b.to_json() for b in r.birth_dates]}")


if __name__ == "__main__":
    _main()
