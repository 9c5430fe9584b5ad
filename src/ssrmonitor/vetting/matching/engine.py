"""The screener: persons against records, online (one person) or in batch (a whole roster).

``Screener(records)`` prepares every record once (tokens, keys, dates, place, sex …), counts how
common each name token and field value is and builds the candidate index. ``screen_one`` takes a
few milliseconds per person; ``screen`` runs a roster (about 0.5 ms of CPU per person against
20,000 records) over ``workers`` processes (fork, copy-on-write), then fits the run's
Fellegi–Sunter model and bands every hit by its posterior (:mod:`.calibration`). Thread-safe
under the GIL (plain dict caches). What it takes and answers is in :mod:`.entry`.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date

import numpy as np

from ssrmonitor.vetting.matching import calibration
from ssrmonitor.vetting.matching.arrays import BoolArray, FloatArray, RecordArrays
from ssrmonitor.vetting.matching.calibration import band_hit
from ssrmonitor.vetting.matching.dates import SAME_DAY, compare_birth_dates, near_days
from ssrmonitor.vetting.matching.entry import Entry, Hit, Prepared, Thresholds, prepare
from ssrmonitor.vetting.matching.index import CandidateIndex
from ssrmonitor.vetting.matching.score import (
    CONFLICT,
    MIN_POPULATION,
    NATIONALITY_AGREE,
    PLACE_AGREE,
    SEX_AGREE,
    UNIT_AGREE,
    WEAK_ALIAS,
    Evidence,
    NameMatch,
    TokenStats,
    align,
    compare_dates,
    compare_nationality,
    compare_places,
    compare_sex,
    compare_units,
    field_values,
    name_weight,
)

# The most a record can gain outside the names and the date of birth (place, nationality,
# unit, sex): a candidate whose cheap bound cannot reach "possible" is not scored in full.
OTHER_FIELDS_MAX = PLACE_AGREE + NATIONALITY_AGREE + UNIT_AGREE + SEX_AGREE
CANDIDATES = 15  # candidates per person scored in full at most (batch)
ONLINE_CANDIDATES = 60  # the same for one person screened online
# Tokens weighing less than this together cannot outweigh a date of birth more than a year away:
# the records they find must have a compatible (or unknown) date of birth.
DOB_FREE = 12.0
BATCH_CHUNK = 2000
ONLINE_PRIOR_SHARE = 0.01  # before any fitted run: 1 person in 100 screened has a record
RANDOM_PAIRS = 10_000  # random (person, record) pairs scored for the model's u


class Screener:
    """Screens persons against a fixed set of records (see module doc)."""

    def __init__(self, records: Iterable[Entry], thresholds: Thresholds | None = None) -> None:
        self.thresholds = thresholds or Thresholds.default()
        self.records = [prepare(r) for r in records]
        self.stats = TokenStats()
        for record in self.records:
            self.stats.add(record.all_names, _values(record))
        self.index = CandidateIndex([r.all_names for r in self.records])
        self.arrays = RecordArrays(self.records)
        by_day: dict[date, list[int]] = {}
        for i, r in enumerate(self.records):
            for day in r.exact:
                by_day.setdefault(day, []).append(i)
        self._by_day = {d: tuple(rows) for d, rows in by_day.items()}
        self._compatible_cache: dict[tuple[tuple[int, int], bool], BoolArray] = {}
        #: How many records bear each full name (its sorted tokens): namesakes in the records.
        self.name_counts = Counter(
            key for r in self.records for key in {" ".join(sorted(n)) for n in r.names}
        )
        self._by_id = {r.entry.id: r for r in self.records}
        #: The calibrated model of the last batch run (:mod:`.calibration`); before one, the
        #: engine's weights as Bayes factors with a prior of 1 in 100 persons listed.
        self.model = calibration.engine_model(
            math.log2(ONLINE_PRIOR_SHARE / max(1, len(self.records)))
        )

    # ----------------------------------------------------------------------------- online

    def screen_one(self, person: Entry, limit: int = 10) -> list[Hit]:
        """Hits for one person, best first, at or above the possible band (at most ``limit``)."""
        prepared = prepare(person)
        raw = self._screen(prepared, self.stats, ONLINE_CANDIDATES)
        population = max(self.stats.people, MIN_POPULATION)
        others = self.name_counts[_name_key(prepared)] - 1
        hits = [band_hit(hit, self.model, self.thresholds, population, others) for hit in raw]
        hits.sort(key=lambda h: (-(h.match_weight or 0.0), -h.score))
        return hits[:limit]

    def score(self, person: Entry, record: Entry) -> tuple[float, tuple[Evidence, ...]]:
        """Score and evidence of one pair, whatever the band (for explanations and tests)."""
        return self._score(prepare(person), prepare(record), self.stats)

    # ------------------------------------------------------------------------------ batch

    def screen(self, persons: Iterable[Entry], workers: int | None = None) -> Iterator[Hit]:
        """Hits for a whole roster, at or above the possible band, person by person.

        The roster's own name frequencies are counted too (a name common in the force weighs
        less). With more than ``BATCH_CHUNK`` persons the work is spread over ``workers``
        processes (default: up to 2, the CPUs available).
        """
        prepared = [prepare(p) for p in persons]
        stats = self.roster_stats(prepared)
        workers = workers or min(2, len(os.sched_getaffinity(0)))
        if workers <= 1 or len(prepared) <= BATCH_CHUNK or not _can_fork():
            raw = self.screen_chunk(prepared, stats)
        else:
            raw = list(self._screen_parallel(prepared, stats, workers))
        yield from self.calibrate(raw, prepared, stats)

    def roster_stats(self, prepared: list[Prepared]) -> TokenStats:
        """The records' frequencies plus the roster's (a name common in the force weighs less)."""
        stats = TokenStats()
        stats.counts = dict(self.stats.counts)
        stats.values = dict(self.stats.values)
        stats.people = self.stats.people
        for person in prepared:
            stats.add(person.names, _values(person))
        return stats

    def screen_chunk(self, prepared: list[Prepared], stats: TokenStats) -> list[Hit]:
        """The scored pairs of a part of the roster, not yet banded: a pure function of the
        persons, the records and the whole roster's ``stats`` (so a run may be cut into
        chunks — by blocking key or by person — whose results :meth:`calibrate` merges)."""
        return [hit for person in prepared for hit in self._screen(person, stats)]

    def calibrate(self, raw: list[Hit], prepared: list[Prepared], stats: TokenStats) -> list[Hit]:
        """Fit the run's model on its pairs (and random pairs), then band every hit by it.

        The merge step of a screening split into chunks: ``raw`` is the concatenation of the
        chunks' hits (:meth:`_screen` is a pure function of a person, the records and the
        roster's ``stats``), so the hits do not depend on how the roster was cut.
        """
        rng = random.Random(len(prepared) * 7919 + len(self.records))  # noqa: S311 - sampling
        sample = []
        if prepared and self.records:
            for _ in range(RANDOM_PAIRS):
                person = prepared[rng.randrange(len(prepared))]
                record = self.records[rng.randrange(len(self.records))]
                sample.append(self._score(person, record, stats)[1])
        total = len(prepared) * len(self.records)
        model = calibration.fit(
            [hit.evidence for hit in raw], sample, total, initial_matches=0.01 * len(prepared)
        )
        self.model = model
        keys = {p.entry.id: _name_key(p) for p in prepared}
        names = Counter(keys.values())
        order = {p.entry.id: i for i, p in enumerate(prepared)}
        population = max(stats.people, MIN_POPULATION)
        out = []
        for hit in raw:
            key = keys[hit.person_id]
            record = self._by_id[hit.record_id]
            bears = any(" ".join(sorted(n)) == key for n in record.names)
            others = max(0, names[key] - 1 + self.name_counts[key] - bears)  # besides the two
            out.append(band_hit(hit, model, self.thresholds, population, others))
        out.sort(key=lambda h: (order[h.person_id], -(h.match_weight or 0.0), -h.score))
        return out

    def _screen_parallel(
        self, prepared: list[Prepared], stats: TokenStats, workers: int
    ) -> Iterator[Hit]:
        global _FORKED
        _FORKED = (self, prepared, stats)
        chunks = [
            (i, min(i + BATCH_CHUNK, len(prepared))) for i in range(0, len(prepared), BATCH_CHUNK)
        ]
        context = multiprocessing.get_context("fork")
        try:
            with context.Pool(workers) as pool:
                for hits in pool.imap(_screen_chunk, chunks):
                    yield from hits
        finally:
            _FORKED = None

    # ---------------------------------------------------------------------------- scoring

    def _screen(self, person: Prepared, stats: TokenStats, limit: int = 0) -> list[Hit]:
        possible = self.thresholds.possible
        ranked = self._ranked(person, stats, limit or CANDIDATES)
        hits = []
        for _, row in ranked:
            record = self.records[row]
            if self._quick_score(person, record, stats) < possible:
                continue
            total, evidence = self._score(person, record, stats)
            if total >= possible:
                band = self.thresholds.band(total)
                hits.append(Hit(person.entry.id, record.entry.id, total, band, evidence))
        return hits

    def _ranked(
        self, person: Prepared, stats: TokenStats, limit: int = 0
    ) -> list[tuple[float, int]]:
        """Candidates whose bound reaches "possible", by estimated score, best first (the best
        ``limit`` of them if given), each with its estimate.

        The *bound* — what the pair could score at most — is the full weights of the person's
        tokens the record shares a key with (and of either side's initials), less the conflicts
        its shortest name must leave, plus the most the dates of birth can give for their
        precision (or the least they must cost if the years are far apart), sex and the other
        fields' maximum. The *estimate* ranks them: the same, but a token shared through a
        loose key only counts :data:`~.index.LOOSE_SHARE` of its weight. Both are computed
        for all candidates at once (numpy arrays, :mod:`.arrays`).
        """
        possible = self.thresholds.possible
        floor = possible - OTHER_FIELDS_MAX
        years = person.years
        n_p = person.shortest
        # One shared token alone must outweigh the conflicts the others will make.
        single_floor = floor - (SAME_DAY if years else 0.0) - (CONFLICT if n_p > 1 else 0.0)
        times: dict[str, int] = {}
        for name in person.names:
            for token, n in Counter(t for t in name if len(t) > 1).items():
                times[token] = max(times.get(token, 0), n)
        weighted = [(t, stats.weight(t), times[t]) for t in sorted(times)]
        compatible = self._compatible(years, person.exact) if years is not None else None
        found = self.index.candidates(weighted, single_floor, compatible, DOB_FREE)
        rows, cheap, full, matched = found
        if not len(rows):
            return []
        others = self.arrays.bound(person, rows, matched, stats)
        others += _other_max(person, stats)[person.fields & self.arrays.fields[rows]]
        keep = full + others >= possible
        rows, estimate = rows[keep], (cheap + others)[keep]
        order = np.lexsort((-rows, -estimate))  # best estimate first, then the later record
        if limit:
            order = order[:limit]
        return list(zip(estimate[order].tolist(), rows[order].tolist(), strict=True))

    def _compatible(self, years: tuple[int, int], exact: tuple[date, ...]) -> BoolArray:
        """Records whose date of birth does not contradict the person's, as a mask.

        Unknown dates and dates within a year of ``years`` (cached) — but where both sides give
        exact days, only the same day, the day and month swapped, or the same day a year apart.
        """
        key = (years, bool(exact))
        window = self._compatible_cache.get(key)
        if window is None:
            window = self.arrays.window(years[0] - 1, years[1] + 1, vague_only=bool(exact))
            if len(self._compatible_cache) > 1_000:  # a mask over the records each
                self._compatible_cache.clear()
            self._compatible_cache[key] = window
        if not exact:
            return window
        days = [row for day in near_days(exact[0]) for row in self._by_day.get(day, ())]
        if not days:
            return window
        mask = window.copy()
        mask[days] = True
        return mask

    def _quick_score(self, person: Prepared, record: Prepared, stats: TokenStats) -> float:
        """The score of :meth:`_score`, without building the explanation."""
        best = -1e9
        for mine, my_keys in zip(person.names, person.name_keys, strict=True):
            shared = [len(my_keys & keys) for keys in record.name_keys]
            most = max(shared)
            for theirs, count in zip(record.all_names, shared, strict=True):
                if count == most:
                    weight = name_weight(mine, theirs, stats).weight
                    if theirs in record.weak:
                        weight += WEAK_ALIAS
                    best = max(best, weight)
        total = best + compare_birth_dates(person.entry.birth_dates, record.entry.birth_dates)[0]
        total += compare_sex(person.sex, record.sex, stats).weight
        if person.place and record.place:
            total += compare_places(person.place, record.place, stats).weight
        for extra in (
            compare_nationality(person.nationality, record.nationality, stats),
            compare_units(person.unit, record.unit, stats),
        ):
            if extra is not None:
                total += extra.weight
        return total

    def _score(
        self, person: Prepared, record: Prepared, stats: TokenStats
    ) -> tuple[float, tuple[Evidence, ...]]:
        names = _best_names(person, record, stats)
        evidence = [names, compare_dates(person.entry.birth_dates, record.entry.birth_dates)]
        evidence.append(compare_sex(person.sex, record.sex, stats))
        if person.place and record.place:
            evidence.append(compare_places(person.place, record.place, stats))
        extras = (
            compare_nationality(person.nationality, record.nationality, stats),
            compare_units(person.unit, record.unit, stats),
        )
        evidence.extend(extra for extra in extras if extra is not None)
        total = round(sum(e.weight for e in evidence), 2)
        return total, tuple(evidence)


def _best_names(person: Prepared, record: Prepared, stats: TokenStats) -> Evidence:
    """The best alignment of any of the person's names with any of the record's.

    Only the record names sharing the most index keys with the person's name are aligned
    (a name sharing fewer keys cannot align better, save through an initial).
    """
    best: NameMatch | None = None
    weak_best = False
    for mine, my_keys in zip(person.names, person.name_keys, strict=True):
        shared = [len(my_keys & keys) for keys in record.name_keys]
        most = max(shared)
        for theirs, count in zip(record.all_names, shared, strict=True):
            if count < most:
                continue
            weak = theirs in record.weak
            found = align(mine, theirs, stats)
            weight = found.weight + (WEAK_ALIAS if weak else 0.0)
            if best is None or weight > best.weight:
                best, weak_best = NameMatch(round(weight, 2), found.pairs), weak
    if best is None:
        return Evidence("names", 0.0, "no name")
    detail = ", ".join(best.pairs) + (" — low-quality alias" if weak_best else "")
    return Evidence("names", best.weight, detail)


def _name_key(entry: Prepared) -> str:
    """The full name as a bag of tokens: who bears the same name, in any order."""
    return " ".join(sorted(entry.names[0])) if entry.names else ""


def _values(entry: Prepared) -> list[str]:
    return field_values(entry.place, entry.sex, entry.nationality, entry.unit)


def _other_max(person: Prepared, stats: TokenStats) -> FloatArray:
    """The most place, nationality and unit can give this person, by which of them a record
    also knows (bits 1, 2, 4)."""
    place = max((stats.value_weight("p:" + t, 0.9, PLACE_AGREE) for t in person.place), default=0)
    nation = stats.value_weight("n:" + person.nationality, 0.95, NATIONALITY_AGREE)
    unit = stats.value_weight("u:" + " ".join(person.unit), 0.7, UNIT_AGREE)
    return np.array(
        [
            (place if bits & 1 else 0.0)
            + (nation if bits & 2 else 0.0)
            + (unit if bits & 4 else 0.0)
            for bits in range(8)
        ]
    )


_FORKED: tuple[Screener, list[Prepared], TokenStats] | None = None


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _screen_chunk(bounds: tuple[int, int]) -> list[Hit]:
    assert _FORKED is not None  # noqa: S101 - set by the parent before forking
    screener, prepared, stats = _FORKED
    out: list[Hit] = []
    for person in prepared[bounds[0] : bounds[1]]:
        out.extend(sorted(screener._screen(person, stats), key=lambda h: -h.score))
    return out
