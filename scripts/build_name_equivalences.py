"""Build the bundled name data of the screening engine from real variant clusters.

Reads ``/work/shared/data`` (or ``--shared DIR``; the product itself never does) and writes
``src/ssrmonitor/vetting/data/{arabic_latin,name_equivalences,name_frequencies}.txt``.

**Learn / held-out split.** The screening benchmark corrupts its test data with real variant
clusters that the engine must not have seen. Every cluster is therefore keyed — by its Arabic form
for the Wikidata and Google transliteration pairs, by the individual's ``DATAID`` for the UN
list's alias groups — and only the clusters for which :func:`in_learn_half` is true are used here.
The benchmark (``benchmarks/screening_data.py``) uses the same rule and takes the other half.

Sources (see ``src/ssrmonitor/vetting/data/PROVENANCE.md`` for licences):

- ``namematch/wikidata_en_ar_person_names.tsv``: Latin spellings of one Arabic token form a
  cluster; the most frequent spelling is the Arabic token's transliteration;
- ``namematch/google_ar2en_transliteration.tsv``: Arabic word → English spelling;
- ``sanctions/un_sc/*.xml``: for each individual, the listed name and its *Good* aliases; two
  variants that differ in exactly one token give a pair of equivalent tokens;
- ``namematch/common-{fore,sur}names-by-country.csv``: prior shares of common name tokens;
- a short curated list of cross-language equivalents of Abrahamic names (in this file).

Usage: ``python scripts/build_name_equivalences.py [--shared /work/shared/data]``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import sys
from collections import Counter, defaultdict
from pathlib import Path

from lxml import etree
from rapidfuzz.distance import JaroWinkler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ssrmonitor.vetting.matching.normalise import (  # noqa: E402
    arabic_key,
    name_tokens,
    phonetic,
)

OUT = ROOT / "src" / "ssrmonitor" / "vetting" / "data"

# Cross-language equivalents that no transliteration corpus links (one language's name for the
# same biblical/quranic figure). Curated by hand; each line is one cluster.
CURATED = (
    "joseph youssouf yusuf youssef yousef yusif yousif jozef giuseppe jose",
    "abraham ibrahim ibrahima brahim ebrahim",
    "moses moussa musa mousa moise",
    "david daoud dawud daud dauda",
    "solomon suleiman sulayman souleymane sulaiman souleyman sliman",
    "jesus issa isa eissa",
    "mary maryam mariam marie maria mariama",
    "jacob yacoub yaqub yakub yacouba jakob",
    "john yahya yahia jean johannes juan",
    "isaac ishaq ishak issiaka",
    "ishmael ismail ismael ismaila",
    "noah nuh nouh",
    "elias ilyas elijah iliyasu",
    "aaron haroun harun haruna",
    "adam adama",
    "abubakar boubacar aboubakar abubakr boubakar bakary aboubacar abubakari",
    "mohamed muhammad mohammed mamadou mahamat mouhamed mohamad muhammadu mahamadou amadou",
    "ahmed ahmad ahmat hamed",
    "othman osman usman ousmane uthman usmane",
    "umar omar oumar umaru",
    "ali aly",
    "khadija hadiza khadidja kadiatou",
    "fatima fatoumata fatouma fadimata fatuma",
    "aisha aicha aissatou aishatu aissata",
    "abdullah abdoulaye abdallah abdullahi",
    "peter pierre pedro pietro petrus",
    "paul paulo pablo paolo",
    "michael michel mikhail miguel mikael",
    "stephen etienne stephane esteban",
    "james jacques jaime",
)


def in_learn_half(key: str) -> bool:
    """The fixed split shared with the benchmark: a cluster is *learnt* iff this is true.

    ``key`` is the Arabic form (characters joined, as written in the source) for transliteration
    pairs and the UN individual's ``DATAID`` for the UN list's alias groups.
    """
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2 == 0


def single_token(latin: str) -> str | None:
    tokens = name_tokens(latin)
    return tokens[0] if len(tokens) == 1 and len(tokens[0]) > 1 else None


def read_pairs(shared: Path) -> tuple[dict[str, Counter[str]], int, int]:
    """Arabic form → Counter of Latin spellings, learn half only; and the kept/total counts."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    kept = total = 0
    wikidata = shared / "namematch" / "wikidata_en_ar_person_names.tsv"
    with wikidata.open(encoding="utf-8") as handle:
        for line in handle:
            latin, arabic_spaced, count = line.rstrip("\n").split("\t")
            arabic = arabic_spaced.replace(" ", "")
            total += 1
            if not in_learn_half(arabic):
                continue
            kept += 1
            spellings[arabic][latin] += int(count)
    google = shared / "namematch" / "google_ar2en_transliteration.tsv"
    with google.open(encoding="utf-8") as handle:
        for line in handle:
            arabic, _, latin = line.rstrip("\n").partition("\t")
            total += 1
            if " " in arabic or not in_learn_half(arabic):
                continue
            kept += 1
            spellings[arabic][latin] += 1
    return spellings, kept, total


def arabic_table(spellings: dict[str, Counter[str]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for arabic, counter in spellings.items():
        best = min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        if best.replace("'", "").isalpha():
            table.setdefault(arabic_key(arabic), best.lower())
    return table


def transliteration_clusters(spellings: dict[str, Counter[str]]) -> list[tuple[str, ...]]:
    out = []
    for counter in spellings.values():
        best = single_token(max(counter, key=lambda latin: (counter[latin], latin)))
        if best is None:
            continue
        tokens = set()
        for latin, count in counter.items():
            token = single_token(latin)
            # The source aligns tokens automatically; a spelling seen once that reads unlike
            # the usual one is most often an alignment error (مُحَمَّد → "yasmina"): dropped.
            if token and (count >= 2 or _alike(token, best, 0.7)):
                tokens.add(token)
        # Spellings that already read alike add nothing; keep the cluster if two do not.
        if len({phonetic(t) for t in tokens}) > 1:
            out.append(tuple(sorted(tokens)))
    return out


def un_groups(shared: Path) -> dict[str, set[tuple[str, ...]]]:
    """DATAID → the tokenised variants (listed name and Good aliases) of each UN individual."""
    groups: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for path in sorted((shared / "sanctions" / "un_sc").glob("*.xml")):
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        for person in tree.iter("INDIVIDUAL"):
            data_id = (person.findtext("DATAID") or "").strip()
            parts = [person.findtext(tag) or "" for tag in ("FIRST_NAME", "SECOND_NAME")]
            parts += [person.findtext(tag) or "" for tag in ("THIRD_NAME", "FOURTH_NAME")]
            names = [" ".join(parts)]
            names.extend(
                alias.findtext("ALIAS_NAME") or ""
                for alias in person.findall("INDIVIDUAL_ALIAS")
                if (alias.findtext("QUALITY") or "").strip() == "Good"
            )
            for name in names:
                tokens = name_tokens(name)
                if tokens:
                    groups[data_id].add(tokens)
    return groups


def _alike(a: str, b: str, floor: float) -> bool:
    return JaroWinkler.normalized_similarity(phonetic(a), phonetic(b)) >= floor


def variant_pairs(variants: set[tuple[str, ...]]) -> set[tuple[str, str]]:
    """Token pairs from two variants of one name that differ in exactly one token."""
    pairs = set()
    for left, right in itertools.combinations(sorted(variants), 2):
        rest_left = Counter(left) - Counter(right)
        rest_right = Counter(right) - Counter(left)
        if sum(rest_left.values()) != 1 or sum(rest_right.values()) != 1:
            continue
        a, b = next(iter(rest_left)), next(iter(rest_right))
        # Two aliases may be different names altogether ("Oumar Younous" / "Oumar Sodiam"):
        # the differing tokens must read alike unless three others agree.
        shared = len(left) - 1
        if (
            min(len(a), len(b)) > 1
            and (shared >= 3 or _alike(a, b, 0.6))
            and phonetic(a) != phonetic(b)
        ):
            pairs.add((min(a, b), max(a, b)))
    return pairs


def frequencies(shared: Path) -> dict[str, float]:
    shares: dict[str, float] = {}
    with (shared / "namematch" / "common-surnames-by-country.csv").open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            share = float(row["Percent"]) / 100 if row["Percent"] else 0.002
            for token in name_tokens(row["Romanized Name"]):
                shares[token] = max(shares.get(token, 0.0), share)
    with (shared / "namematch" / "common-forenames-by-country.csv").open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            for token in name_tokens(row["Romanized Name"]):
                shares[token] = max(shares.get(token, 0.0), 0.005)
    return shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared/data"))
    args = parser.parse_args()
    spellings, kept, total = read_pairs(args.shared)
    table = arabic_table(spellings)
    lines = ["# arabic<TAB>latin — built by scripts/build_name_equivalences.py (learn half)"]
    lines += [f"{arabic}\t{latin}" for arabic, latin in sorted(table.items())]
    (OUT / "arabic_latin.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    clusters = [("curated", tuple(name_tokens(line))) for line in CURATED]
    clusters += [("wikidata", c) for c in transliteration_clusters(spellings)]
    groups = un_groups(args.shared)
    learnt_groups = {key: value for key, value in groups.items() if in_learn_half(key)}
    un_pairs = set().union(*(variant_pairs(v) for v in learnt_groups.values()))
    clusters += [("un_sc", pair) for pair in sorted(un_pairs)]
    lines = ["# source<TAB>tokens of one cluster — built by scripts/build_name_equivalences.py"]
    lines += [f"{source}\t{' '.join(tokens)}" for source, tokens in clusters]
    (OUT / "name_equivalences.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    shares = frequencies(args.shared)
    lines = ["# token<TAB>prior share — built by scripts/build_name_equivalences.py"]
    lines += [f"{token}\t{share:.4g}" for token, share in sorted(shares.items()) if len(token) > 1]
    (OUT / "name_frequencies.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    sys.stdout.write(
        f"pairs kept {kept}/{total}; arabic→latin {len(table)}; clusters {len(clusters)} "
        f"(UN individuals learnt {len(learnt_groups)}/{len(groups)}, pairs {len(un_pairs)}); "
        f"frequencies {len(shares)}\n"
    )


if __name__ == "__main__":
    main()
