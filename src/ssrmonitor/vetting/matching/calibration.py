"""Calibrated bands: a Fellegi–Sunter model fitted on the pairs of the run being screened.

The engine's field weights (:mod:`.score`) are good *rankers* but their scale was set by hand:
a score of 26 did not mean the same on a roster from Mali as on the benchmark's. This module
turns each scored pair into a **posterior match probability** under a Fellegi–Sunter model
estimated, for each run, from the run's own comparisons — as Splink does, unsupervised:

- every field's evidence is put into a *comparison level* (:func:`levels`): names in bands of
  the engine's name weight, dates of birth from "same day" to "more than five years apart",
  sex, place, nationality and unit agreeing or not; an unknown field is a null level (Bayes
  factor 1);
- ``u`` (the chance of a level among *non*-matching pairs) is counted on **random pairs** of the
  roster and the records; where random pairs are too few to see a level at all (names agreeing
  on three rare tokens), ``u`` comes from the **term frequencies** of the agreeing tokens in
  this roster and these records, which the engine's name weight already is (``log₂ m/u`` with
  ``u`` the tokens' shares);
- ``m`` and the prior ``λ`` (the chance that a random person–record pair is the same human) are
  estimated by **expectation–maximisation** over the candidate pairs, pairs never generated
  counting as non-matches;
- within a name level, the pair's own name weight moves its Bayes factor by its difference from
  the level's mean (Splink's term-frequency adjustment: a rare name counts more than a common
  one at the same level).

The posterior is ``λ·Πm / (λ·Πm + (1−λ)·Πu)``. A pair is *probable* only at ``≥ 0.9``, and
never on its name alone when the name is common (:func:`name_only_common`). Every hit keeps the
posterior and each field's Bayes factor (``log₂``) in its evidence.

Pure Python (no Django, no numpy): the EM runs over the distinct patterns of levels, weighted
by how many pairs have them (a few thousand patterns for a national roster).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ssrmonitor.vetting.matching.entry import Band, Hit, Thresholds
from ssrmonitor.vetting.matching.score import Evidence

PROBABLE_POSTERIOR = 0.9
FIELDS = ("names", "date of birth", "sex", "place of birth", "nationality", "unit")
NAME_EDGES = (0.0, 4.0, 8.0, 12.0, 16.0, 20.0, 24.0, 28.0)  # name weight bands (log2)
DATE_EDGES = (-5.5, -2.0, 0.0, 3.5, 5.5, 8.5)  # >5 years apart … same day
N_LEVELS = {
    "names": len(NAME_EDGES) + 1,
    "date of birth": len(DATE_EDGES) + 1,
    "sex": 2,
    "place of birth": 2,
    "nationality": 2,
    "unit": 2,
}
MIN_RANDOM_COUNT = 10  # fewer random pairs at a name level: u from the candidates instead
EM_ITERATIONS = 40
MIN_FIT_PAIRS = 200  # fewer candidate pairs: too few to fit, the engine's weights are used
RULE_NAME_LEVEL = 5  # the deterministic rule of the prior: name weight >= 16 …
RULE_DATE_LEVEL = 5  # … and dates of birth that agree to the month (or day and month swapped)
ORDERED = ("names", "date of birth")  # fields whose levels are ordered: m/u may not decrease
RULE_RECALL = 1.0  # the share of true pairs it is assumed to accept (1: a lower bound, prudent)
SMOOTHING = 0.5
CORROBORATING = frozenset({"date of birth", "place of birth", "unit"})


def _band(weight: float, edges: Sequence[float]) -> int:
    for i, edge in enumerate(edges):
        if weight < edge:
            return i
    return len(edges)


def levels(evidence: Iterable[Evidence]) -> tuple[int, ...]:
    """The comparison level of each field of :data:`FIELDS` (-1: unknown, a null level)."""
    out = [-1] * len(FIELDS)
    for item in evidence:
        if item.field not in FIELDS or item.detail in {"unknown", "no name"}:
            continue
        i = FIELDS.index(item.field)
        if item.field == "names":
            out[i] = _band(item.weight, NAME_EDGES)
        elif item.field == "date of birth":
            out[i] = _band(item.weight, DATE_EDGES)
        else:
            out[i] = 1 if item.weight > 0 else 0
    return tuple(out)


def name_weight_of(evidence: Iterable[Evidence]) -> float:
    return next((e.weight for e in evidence if e.field == "names"), 0.0)


def corroborated(evidence: Iterable[Evidence]) -> bool:
    """Whether a field other than the name agrees: a date of birth, a place or a unit."""
    return any(e.field in CORROBORATING and e.weight > 0 for e in evidence)


def name_only_common(evidence: Sequence[Evidence], population: int, namesakes: int = 0) -> bool:
    """A name-only agreement on a common name: it can never make a pair probable.

    The name is *common* if, by the frequencies of its tokens, at least one other person of a
    population this size is expected to bear it (its weight below ``log₂ population``), or if
    the roster itself has ``namesakes`` (others with the same name). *Name-only*: no date of
    birth, place of birth or unit agrees.
    """
    if corroborated(evidence):
        return False
    common = name_weight_of(evidence) < math.log2(max(2, population)) or namesakes > 0
    return common


@dataclass
class Model:
    """A fitted Fellegi–Sunter model: ``m`` and ``u`` per field and level, and the prior."""

    log2_prior: float  # log2 odds that a random (person, record) pair is a match
    m: dict[str, list[float]] = field(default_factory=dict)
    u: dict[str, list[float]] = field(default_factory=dict)
    name_mean: list[float] = field(default_factory=list)  # mean name weight per name level
    tf_levels: frozenset[int] = frozenset()  # name levels too rare for random pairs
    fitted_pairs: int = 0
    iterations: int = 0
    engine_weights: bool = False  # not fitted: each field's Bayes factor is the engine's weight
    expected_matches: float = 0.0  # the sum of the posteriors of the fitted pairs

    def field_log2_bf(self, name: str, level: int, name_weight: float = 0.0) -> float:
        """``log₂ m/u`` of one field at one level (0 for a null level)."""
        if level < 0 or name not in self.m:
            return 0.0
        value = math.log2(self.m[name][level] / self.u[name][level])
        if name == "names" and self.name_mean:
            value += name_weight - self.name_mean[level]  # term-frequency adjustment
        return value

    def explain(self, evidence: Sequence[Evidence]) -> tuple[float, tuple[Evidence, ...]]:
        """The posterior and the evidence with each field's Bayes factor (``log₂``)."""
        lv = levels(evidence)
        weight = name_weight_of(evidence)
        out = []
        total = self.log2_prior
        for item in evidence:
            if item.field in FIELDS:
                i = FIELDS.index(item.field)
                if self.engine_weights:
                    bf = round(item.weight, 2)
                else:
                    bf = round(self.field_log2_bf(item.field, lv[i], weight), 2)
                total += bf
                out.append(Evidence(item.field, item.weight, item.detail, bf))
            else:
                out.append(item)
        return posterior_of(total), tuple(out)

    def describe(self) -> dict[str, object]:
        """The model as plain data (for the run's record and the benchmark)."""
        return {
            "log2_prior": round(self.log2_prior, 2),
            "m": {k: [round(x, 4) for x in v] for k, v in self.m.items()},
            "u": {k: [round(x, 6) for x in v] for k, v in self.u.items()},
            "name_levels_u_from_candidates": sorted(self.tf_levels),
            "fitted_pairs": self.fitted_pairs,
            "engine_weights": self.engine_weights,
            "iterations": self.iterations,
            "expected_matches": round(self.expected_matches, 1),
        }


def posterior_of(log2_odds: float) -> float:
    if log2_odds > 60:
        return 1.0
    return 1.0 / (1.0 + math.pow(2.0, -log2_odds))


def engine_model(log2_prior: float) -> Model:
    """The model used before any run was fitted: the engine's own weights as Bayes factors."""
    return Model(log2_prior=log2_prior, engine_weights=True)


def _random_u(random_pairs: Sequence[tuple[int, ...]]) -> dict[str, list[float]]:
    u: dict[str, list[float]] = {}
    for i, name in enumerate(FIELDS):
        counts = Counter(lv[i] for lv in random_pairs if lv[i] >= 0)
        n = N_LEVELS[name]
        total = sum(counts.values()) + SMOOTHING * n
        u[name] = [(counts.get(k, 0) + SMOOTHING) / total for k in range(n)]
    return u


def fit(
    pairs: Sequence[Sequence[Evidence]],
    random_pairs: Sequence[Sequence[Evidence]],
    total_pairs: int,
    initial_matches: float,
) -> Model:
    """Fit ``m``, ``u`` and the prior on one run (see the module doc).

    Args:
        pairs: the evidence of every candidate pair scored in full.
        random_pairs: the evidence of random (person, record) pairs (``u``).
        total_pairs: persons × records (the prior is per pair of that product).
        initial_matches: the EM's starting guess of how many matches there are.
    """
    total_pairs = max(total_pairs, len(pairs) + 1)
    if len(pairs) < MIN_FIT_PAIRS:
        matches = max(1.0, min(initial_matches, len(pairs) / 2 + 1))
        return engine_model(math.log2(matches / total_pairs))
    random_levels = [levels(e) for e in random_pairs]
    u = _random_u(random_levels)
    name_counts = Counter(lv[0] for lv in random_levels if lv[0] >= 0)
    tf_levels = frozenset(
        k for k in range(N_LEVELS["names"]) if name_counts.get(k, 0) < MIN_RANDOM_COUNT
    )
    patterns: Counter[tuple[tuple[int, ...], float]] = Counter()
    name_sum = [0.0] * N_LEVELS["names"]
    name_n = [0] * N_LEVELS["names"]
    for evidence in pairs:
        lv = levels(evidence)
        w = name_weight_of(evidence)
        patterns[(lv, round(w * 4) / 4)] += 1
        if lv[0] >= 0:
            name_sum[lv[0]] += w
            name_n[lv[0]] += 1
    name_mean = [
        name_sum[k] / name_n[k] if name_n[k] else (NAME_EDGES[min(k, len(NAME_EDGES) - 1)])
        for k in range(N_LEVELS["names"])
    ]
    # u of the name levels random pairs never reach: every pair at such a level is a candidate
    # (blocking is on names), and nearly all pairs are non-matches, so u is their count over
    # all pairs — an upper bound, which can only make a Bayes factor smaller. (Letting the EM
    # re-estimate these u lets it slide into "every candidate is a match".) m starts from the
    # engine's weights: m ∝ u · 2^(mean weight).
    level_n = Counter(levels(e)[0] for e in pairs)
    for k in tf_levels:
        u["names"][k] = max(level_n.get(k, 0), SMOOTHING) / total_pairs
    m = {name: list(values) for name, values in u.items()}
    m["names"] = _normalised(
        [u["names"][k] * 2 ** min(40.0, name_mean[k]) for k in range(N_LEVELS["names"])]
    )
    m["date of birth"] = [0.02, 0.05, 0.15, 0.2, 0.2, 0.2, 0.2]
    for name in ("sex", "place of birth", "nationality", "unit"):
        m[name] = [0.1, 0.9]
    # The prior, as Splink estimates it: the pairs a strict deterministic rule accepts (a name
    # of weight 16 or more, and dates of birth agreeing to the month), over the share of
    # true pairs such a rule is assumed to find. The EM then estimates m with it fixed (letting
    # it move too lets the EM slide into "every namesake is a match").
    ruled = sum(
        n
        for (lv, _w), n in patterns.items()
        if lv[0] >= RULE_NAME_LEVEL and lv[1] >= RULE_DATE_LEVEL
    )
    matches = (
        max(1.0, ruled / RULE_RECALL) if ruled else max(1.0, min(initial_matches, len(pairs) / 2))
    )
    model = Model(
        log2_prior=math.log2(matches / (total_pairs - matches)),
        m=m,
        u=u,
        name_mean=name_mean,
        tf_levels=tf_levels,
        fitted_pairs=len(pairs),
    )
    items = list(patterns.items())
    for iteration in range(EM_ITERATIONS):
        model.iterations = iteration + 1
        counts = {name: [0.0] * N_LEVELS[name] for name in FIELDS}
        expected = 0.0
        for (lv, w), n in items:
            odds = model.log2_prior + sum(
                model.field_log2_bf(name, lv[i], w) for i, name in enumerate(FIELDS)
            )
            p = posterior_of(odds)
            expected += p * n
            for i, name in enumerate(FIELDS):
                if lv[i] >= 0:
                    counts[name][lv[i]] += p * n
        new_m = {name: _normalised([c + 1e-3 for c in counts[name]]) for name in FIELDS}
        for name in ORDERED:
            new_m[name] = _monotone(new_m[name], model.u[name])
        change = max(
            abs(a - b) for name in FIELDS for a, b in zip(new_m[name], model.m[name], strict=True)
        )
        model.m = new_m
        model.expected_matches = expected
        if change < 1e-4:
            break
    return model


def band_hit(
    hit: Hit, model: Model, thresholds: Thresholds, population: int, namesakes: int
) -> Hit:
    """The hit with its posterior, its evidence's Bayes factors and its calibrated band.

    Probable needs the administrator's score threshold *and* a posterior of at least
    :data:`~.PROBABLE_POSTERIOR`, and never rests on a common name alone.
    """
    posterior, evidence = model.explain(hit.evidence)
    weight = model.log2_prior + sum(e.bayes_factor or 0.0 for e in evidence)
    band = thresholds.band(hit.score)
    if band == Band.PROBABLE and (
        posterior < PROBABLE_POSTERIOR or name_only_common(evidence, population, namesakes)
    ):
        band = Band.POSSIBLE
    return Hit(hit.person_id, hit.record_id, hit.score, band, evidence, posterior, round(weight, 2))


def _monotone(m: list[float], u: list[float]) -> list[float]:
    """``m`` such that ``m/u`` does not decrease with the level: a closer agreement is never
    weaker evidence (keeps the EM from taking a crowd of same-year namesakes for the matches)."""
    ratio = 0.0
    out = []
    for mk, uk in zip(m, u, strict=True):
        ratio = max(ratio, mk / uk)
        out.append(ratio * uk)
    return _normalised(out)


def _normalised(values: list[float]) -> list[float]:
    total = sum(values) or 1.0
    return [max(v / total, 1e-6) for v in values]
