"""The screening benchmark's data generator (benchmarks/screening_data.py) is labelled and fixed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

pytestmark = pytest.mark.skipif(
    not (SHARED / "data" / "namematch").is_dir(),
    reason="the benchmark generator reads ../shared/data, which is not beside this checkout",
)


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "screening_data", ROOT / "benchmarks" / "screening_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["screening_data"] = module
    spec.loader.exec_module(module)
    return module


def test_same_seed_same_data_other_seed_other_data(gen: ModuleType) -> None:
    a = gen.generate(3000, 600, seed=7, shared=SHARED)
    b = gen.generate(3000, 600, seed=7, shared=SHARED)
    c = gen.generate(3000, 600, seed=8, shared=SHARED)
    assert a.roster == b.roster
    assert a.records == b.records
    assert a.truth == b.truth
    assert a.roster != c.roster


def test_truth_is_consistent_and_listed_share_holds(gen: ModuleType) -> None:
    data = gen.generate(4000, 800, listed_share=0.01, shared=SHARED)
    persons = {e.id for e in data.roster}
    records = {e.id for e in data.records}
    # 4,000 persons plus the hard negatives appended to the roster (0.8 %: namesakes, siblings…)
    assert len(data.roster) == len(persons) == 4000 + 32
    hard_persons = {p for p, _ in data.hard}  # paired with each record of whom they resemble
    assert len(hard_persons) == 32 and hard_persons <= persons
    assert not set(data.hard) & set(data.truth)  # a hard negative is never a true pair
    assert len(data.records) == len(records) == 800
    assert {p for p, _ in data.truth} <= persons
    assert {r for _, r in data.truth} <= records
    assert len({p for p, _ in data.truth}) == 40  # 1 % of the roster is listed
    assert 40 <= len(data.truth) <= 60  # some listed persons have two records


def test_corruption_uses_only_the_held_out_half(gen: ModuleType) -> None:
    src = gen.load_sources(SHARED.resolve())
    variants = gen.build_variants(src)
    held_tokens: set[str] = set()
    for key, spellings in src.wikidata_clusters.items():
        if not gen.in_learn_half(key):
            held_tokens.update(spellings)
    for person in src.un:
        if not gen.in_learn_half(person.dataid):
            held_tokens.update(t for name in person.names for t in gen.split_name(name))
    checked = used = 0
    for key, spellings in src.wikidata_clusters.items():
        names = sorted(spellings)
        if gen.in_learn_half(key) and not held_tokens.intersection(names):
            checked += 1
            assert not any(n in variants.spellings for n in names), names
        elif not gen.in_learn_half(key):
            used += any(n in variants.spellings for n in names)
    assert checked > 500 and used > 500
    assert variants.un_identities
    assert all(not gen.in_learn_half(p.dataid) for p in variants.un_identities)
    assert gen.in_learn_half("x") == (int(gen.hashlib.sha256(b"x").hexdigest(), 16) % 2 == 0)
