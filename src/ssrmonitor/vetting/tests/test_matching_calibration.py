"""Calibrated bands (issue 18, item 1): the run's Fellegi–Sunter model, its posterior, the rule
that a common name alone is never probable, and the chunk-and-merge property of a batch run."""

from __future__ import annotations

import math
import random

import pytest

from ssrmonitor.vetting.matching import (
    BirthDate,
    Entry,
    Evidence,
    Screener,
    Thresholds,
    calibration,
)
from ssrmonitor.vetting.matching.entry import prepare
from ssrmonitor.vetting.matching.score import TokenStats


def dob(text: str) -> tuple[BirthDate, ...]:
    parsed = BirthDate.parse(text)
    return (parsed,) if parsed else ()


def _pair(name: float, date: float | None, place: float | None = None) -> list[Evidence]:
    out = [Evidence("names", name, "A=A")]
    out.append(
        Evidence("date of birth", date, "x") if date is not None else _unknown("date of birth")
    )
    if place is not None:
        out.append(Evidence("place of birth", place, "x"))
    return out


def _unknown(field: str) -> Evidence:
    return Evidence(field, 0.0, "unknown")


def test_levels_put_unknown_fields_in_the_null_level() -> None:
    lv = calibration.levels([Evidence("names", 13.0, "A=A"), _unknown("date of birth")])
    assert lv[0] == 4  # 12 <= 13 < 16
    assert lv[1] == -1
    assert calibration.levels([Evidence("date of birth", 9.0, "same day")])[1] == 6
    assert calibration.levels([Evidence("date of birth", -7.0, "far")])[1] == 0


def test_em_learns_that_dates_separate_matches_from_namesakes() -> None:
    rng = random.Random(7)
    # 300 matches: good names, the same date of birth; 600 namesakes: the same names, dates of
    # birth years apart; 3,000 weaker candidates. Random pairs: poor names, dates years apart.
    pairs = [_pair(rng.uniform(14, 22), 9.0) for _ in range(300)]
    pairs += [_pair(rng.uniform(14, 22), -7.0) for _ in range(600)]
    pairs += [_pair(rng.uniform(4, 12), -7.0) for _ in range(3000)]
    randoms = [_pair(rng.uniform(-8, 3), -7.0 if rng.random() < 0.8 else -3.0) for _ in range(5000)]
    model = calibration.fit(pairs, randoms, total_pairs=10_000 * 2_000, initial_matches=100)
    date_m, date_u = model.m["date of birth"], model.u["date of birth"]
    assert date_m[6] > 0.9  # matches agree on the day
    assert date_u[6] < 0.01  # random pairs almost never do
    assert date_m[0] < 0.05  # matches are not born years apart
    prior_matches = 2**model.log2_prior * 10_000 * 2_000
    assert 150 < prior_matches <= 300  # the deterministic rule's count: a lower bound
    assert 250 < model.expected_matches < 360  # the posteriors add up to about the 300 matches
    same_day, _ = model.explain(_pair(18.0, 9.0))
    years_apart, _ = model.explain(_pair(18.0, -7.0))
    assert same_day > 0.9 > 0.01 > years_apart


def test_explanation_gives_each_fields_bayes_factor_and_the_posterior() -> None:
    model = calibration.engine_model(log2_prior=-20.0)
    posterior, evidence = model.explain(_pair(18.0, 9.0, place=2.0))
    assert [e.bayes_factor for e in evidence] == [18.0, 9.0, 2.0]
    assert posterior == pytest.approx(1 / (1 + 2**-9.0))


def test_a_common_name_alone_is_never_probable() -> None:
    population = 100_000
    common = [Evidence("names", 12.0, "MOHAMED=MOHAMED, ALI=ALI"), _unknown("date of birth")]
    assert calibration.name_only_common(common, population)
    # the same name with a date of birth that agrees is corroborated
    dated = [common[0], Evidence("date of birth", 9.0, "1980-01-02 = 1980-01-02")]
    assert not calibration.name_only_common(dated, population)
    # a rare name alone is not "common" … unless the roster has namesakes
    rare = [Evidence("names", 30.0, "NGAIKOSSET=NGAIKOSSET"), _unknown("date of birth")]
    assert not calibration.name_only_common(rare, population)
    assert calibration.name_only_common(rare, population, namesakes=1)


def test_screening_never_bands_a_name_only_common_agreement_probable() -> None:
    # Thresholds that would make anything probable, a prior that makes anything certain: the
    # rule still holds the namesake back.
    surnames = ("Mbemba", "Kabila", "Tshisekedi", "Lumumba")
    records = [Entry(f"R{i}", (f"Jean Pierre {surnames[i % 4]}",)) for i in range(400)]
    records.append(Entry("RX", ("Jean Pierre Mbemba",), place_of_birth="Goma"))
    screener = Screener(records, Thresholds(probable=0.5, possible=0.0))
    screener.model = calibration.engine_model(log2_prior=10.0)
    person = Entry("P1", ("Jean Pierre Mbemba",))
    [hit] = [h for h in screener.screen_one(person) if h.record_id == "RX"]
    assert hit.posterior is not None and hit.posterior > 0.99
    assert str(hit.band) == "possible"
    located = Entry("P2", ("Jean Pierre Mbemba",), place_of_birth="Goma")
    [hit] = [h for h in screener.screen_one(located) if h.record_id == "RX"]
    assert str(hit.band) == "probable"


def _roster_and_records(n_listed: int, n_others: int) -> tuple[list[Entry], list[Entry]]:
    rng = random.Random(3)
    syll = ["ka", "lo", "mu", "si", "ba", "ne", "to", "ri", "da", "fu", "go", "he"]

    def name() -> str:
        return " ".join(
            "".join(rng.choice(syll) for _ in range(3)).title() for _ in range(rng.choice((2, 3)))
        )

    records, roster = [], []
    for i in range(n_listed):
        full = name()
        year = rng.randint(1960, 2000)
        records.append(Entry(f"R{i}", (full,), birth_dates=dob(f"{year}-03-0{1 + i % 9}")))
        roster.append(Entry(f"P{i}", (full,), birth_dates=dob(f"{year}-03-0{1 + i % 9}")))
        # a namesake born elsewhere, twenty years later
        roster.append(Entry(f"N{i}", (full,), birth_dates=dob(f"{year + 20}-07-15")))
    roster.extend(
        Entry(f"O{i}", (name(),), birth_dates=dob(str(rng.randint(1960, 2000))))
        for i in range(n_others)
    )
    return roster, records


def test_batch_run_fits_its_model_and_bands_by_posterior() -> None:
    roster, records = _roster_and_records(260, 400)
    screener = Screener(records)
    hits = list(screener.screen(roster, workers=1))
    assert not screener.model.engine_weights  # fitted on this run
    assert screener.model.fitted_pairs >= calibration.MIN_FIT_PAIRS
    assert all(h.posterior is not None and h.match_weight is not None for h in hits)
    assert all(e.bayes_factor is not None for h in hits for e in h.evidence)
    by_pair = {(h.person_id, h.record_id): h for h in hits}
    true = [by_pair[(f"P{i}", f"R{i}")] for i in range(260) if (f"P{i}", f"R{i}") in by_pair]
    assert len(true) >= 250
    namesakes = [h for (p, _r), h in by_pair.items() if p.startswith("N")]
    assert all(str(h.band) != "probable" for h in namesakes)
    assert all(h.posterior is not None and h.posterior < 0.5 for h in namesakes)
    assert sum(str(h.band) == "probable" for h in true) >= 0.9 * len(true)
    probable = [h for h in hits if str(h.band) == "probable"]
    assert all(h.posterior is not None and h.posterior >= 0.9 for h in probable)


def test_chunks_merged_give_the_hits_of_one_run() -> None:
    roster, records = _roster_and_records(220, 200)
    whole = list(Screener(records).screen(roster, workers=1))
    screener = Screener(records)
    prepared = [prepare(p) for p in roster]
    stats = screener.roster_stats(prepared)
    half = len(prepared) // 2
    raw = screener.screen_chunk(prepared[half:], stats) + screener.screen_chunk(
        prepared[:half], stats
    )
    merged = screener.calibrate(raw, prepared, stats)
    assert merged == whole


def test_posterior_is_a_probability() -> None:
    assert calibration.posterior_of(0.0) == 0.5
    assert calibration.posterior_of(100.0) == 1.0
    assert calibration.posterior_of(-10.0) == pytest.approx(1 / (1 + 2**10))
    assert math.isclose(calibration.posterior_of(math.log2(9)), 0.9)


def test_stats_type_is_shared() -> None:
    assert isinstance(Screener([]).roster_stats([]), TokenStats)


def test_a_case_stores_the_posterior_and_each_fields_bayes_factor() -> None:
    from ssrmonitor.vetting.services.screening import MATCH_PROBABILITY, evidence_json

    record = Entry("R1", ("Alfred Yekatom",), birth_dates=dob("1976-06-23"))
    screener = Screener([record])
    [hit] = screener.screen_one(Entry("P1", ("Alfred Yekatom",), birth_dates=dob("1976-06-23")))
    rows = evidence_json(hit)
    assert [r["field"] for r in rows] == ["names", "date of birth", "sex", MATCH_PROBABILITY]
    assert all(isinstance(r["bayes_factor"], float) for r in rows[:-1])
    last = rows[-1]
    assert last["posterior"] == pytest.approx(hit.posterior, abs=1e-6)
    odds = screener.model.log2_prior + sum(r["bayes_factor"] for r in rows[:-1])
    assert last["weight"] == pytest.approx(odds, abs=0.02)
    assert last["detail"] == f"{hit.posterior:.4f}"
