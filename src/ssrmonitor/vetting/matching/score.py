"""Scoring one person against one record, in the Fellegi–Sunter manner, field by field.

Every field gives a weight in log₂ odds — how much likelier the observed agreement or
disagreement is if the two are the same person than if they are not — and a reason. The score
is the sum; :class:`Evidence` keeps each term so that a hit explains itself.

**Names.** Each name of the person is aligned with each name (and weak alias) of the record,
token by token, whatever their order (:func:`align`): the best pairs first, a pair counting when
the two tokens are the same, read alike (:func:`token_similarity`: phonetic key, Jaro–Winkler,
bundled equivalences such as Boubacar ≈ Abubakar), or are an initial and a name that starts with
it; a token glued from two (``FridrichBuchenberg``) may match two. An agreeing token weighs
``log₂(m/u)`` where ``u`` is the share of people bearing it (counted in the records and the roster,
floored by the bundled priors), so that a common name counts little and a rare one much. Tokens
left over on one side only (a record that gives two of the person's four names) cost little;
tokens left over on *both* sides are conflicting names and cost much.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel, JaroWinkler

from ssrmonitor.vetting.matching import equivalence
from ssrmonitor.vetting.matching.dates import BirthDate, compare_birth_dates
from ssrmonitor.vetting.matching.normalise import fold, name_tokens, phonetic, skeleton

# Name weights (log2 odds).
M_PROBABILITY = 0.95  # chance that a true match agrees on a given name token
U_FLOOR = 1 / 20_000  # no token is rarer than this as far as weights go
MIN_POPULATION = 5_000  # shares are counted as if among at least this many people
W_MAX = 11.0
MATCH_FLOOR = 0.85  # token similarity from which two tokens agree
INITIAL_WEIGHT = 0.8
MISSING_PART = -0.6  # a token only one side gives
CONFLICT = -3.0  # a token of each side that agree with nothing
FIRST_NAME_CONFLICT = -3.0  # more when both names' first tokens are in conflict (brothers)
WEAK_ALIAS = -1.5  # the record's name is a low-quality alias
# Other fields: agreement weighs log2(m/u) with u the value's share, at most these.
SEX_AGREE = 0.5
SEX_DIFFER = -8.0
PLACE_AGREE = 2.0
PLACE_DIFFER = -0.5
NATIONALITY_AGREE = 1.0
NATIONALITY_DIFFER = -1.5
UNIT_AGREE = 1.5


@dataclass(frozen=True, slots=True)
class Evidence:
    """One field's weight (log₂ odds, + for, − against) and its reason."""

    field: str
    weight: float
    detail: str
    bayes_factor: float | None = None  # log2 m/u under the run's calibrated model, if any

    def __str__(self) -> str:
        sign = "+" if self.weight > 0 else ""
        weight = f"{sign}{self.weight:.1f}" if self.weight else "0"
        return f"{self.field}: {weight} ({self.detail})"


@lru_cache(maxsize=1_000_000)
def token_similarity(a: str, b: str) -> float:
    """How alike two normalised tokens are, 0–1 (1: identical; ≥ 0.85: the same name)."""
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.0
    pa, pb = phonetic(a), phonetic(b)
    if pa == pb:
        return 0.97
    if equivalence.equivalent(a, b):
        return 0.95
    sim = max(JaroWinkler.normalized_similarity(pa, pb), Indel.normalized_similarity(pa, pb))
    if min(len(pa), len(pb)) <= 3:
        sim = min(sim, Indel.normalized_similarity(pa, pb))
    if sim < MATCH_FLOOR and min(len(a), len(b)) >= 4:
        # A one-letter slip the reading magnifies ("cook"/"cock" read "kuk"/"kok").
        sim = max(sim, JaroWinkler.normalized_similarity(a, b))
    if sim < MATCH_FLOOR and len(skeleton(a)) >= 3 and skeleton(a) == skeleton(b):
        sim = MATCH_FLOOR
    return sim


class TokenStats:
    """How common each name token is: its share of the people counted (records, roster)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.people = 0
        self._weights: dict[str, float] = {}
        self.values: dict[str, int] = {}
        self.aligned: dict[tuple[tuple[str, ...], tuple[str, ...]], NameMatch] = {}

    def add(self, names: Iterable[tuple[str, ...]], values: Iterable[str] = ()) -> None:
        """Count one person (or record): each reading of a token once, and the values of its
        other fields (:func:`field_values`)."""
        self.people += 1
        for key in values:
            self.values[key] = self.values.get(key, 0) + 1
        seen = {phonetic(token) for tokens in names for token in tokens}
        counts = self.counts
        for reading in seen:
            counts[reading] = counts.get(reading, 0) + 1
        self._weights.clear()
        self.aligned.clear()

    def value_weight(self, key: str, m: float, most: float) -> float:
        """Agreement weight ``log₂(m/u)`` of a field value (place, sex …), from 0.1 to ``most``."""
        found = self._weights.get(key)
        if found is None:
            share = max(self.values.get(key, 0) / max(self.people, MIN_POPULATION), 0.001)
            found = round(max(0.1, min(most, math.log2(m / share))), 1)
            self._weights[key] = found
        return found

    def weight(self, token: str) -> float:
        """Agreement weight ``log₂(m/u)`` of one token, between 0.5 and :data:`W_MAX`."""
        found = self._weights.get(token)
        if found is not None:
            return found
        reading = phonetic(token)
        share = self.counts.get(reading, 0) / max(self.people, MIN_POPULATION)
        prior = equivalence.prior_shares().get(token, 0.0)
        share = max(share, prior, U_FLOOR)
        value = max(0.5, min(W_MAX, math.log2(M_PROBABILITY / share)))
        self._weights[token] = value
        return value


@dataclass(frozen=True, slots=True)
class NameMatch:
    weight: float  # agreement + penalties
    pairs: tuple[str, ...]  # "ABUBAKAR≈BOUBACAR", "SANI=SANI", "J~JOACHIM", "MOUSSA≠ALI" …
    agreement: float = 0.0  # the agreeing tokens' weights alone


def _pair_weight(sim: float, a: str, b: str, stats: TokenStats) -> float:
    base = min(stats.weight(a), stats.weight(b))
    if sim >= 0.97:
        return base
    return base * (0.55 + 0.45 * (sim - MATCH_FLOOR) / (0.97 - MATCH_FLOOR))


def name_weight(person: tuple[str, ...], record: tuple[str, ...], stats: TokenStats) -> NameMatch:
    """:func:`align` without the explanation (memoised per ``stats``: rosters repeat names)."""
    key = (person, record)
    found = stats.aligned.get(key)
    if found is None:
        found = align(person, record, stats, explain=False)
        if len(stats.aligned) >= ALIGN_CACHE_SIZE:
            stats.aligned.clear()
        stats.aligned[key] = found
    return found


ALIGN_CACHE_SIZE = 500_000


def align(
    person: tuple[str, ...], record: tuple[str, ...], stats: TokenStats, explain: bool = True
) -> NameMatch:
    """Align two tokenised names, order-free (see the module doc), and weigh the result."""
    if len(person) != len(record):
        person, record = _unglue(person, record)
    candidates = []
    for i, a in enumerate(person):
        for j, b in enumerate(record):
            if len(a) == 1 or len(b) == 1:
                if a[0] == b[0]:
                    candidates.append((0.5, i, j))
                continue
            sim = token_similarity(a, b)
            if sim >= MATCH_FLOOR:
                candidates.append((sim, i, j))
    candidates.sort(reverse=True)
    used_p: set[int] = set()
    used_r: set[int] = set()
    weight = agreement = 0.0
    shown: list[str] = []
    for sim, i, j in candidates:
        if i in used_p or j in used_r:
            continue
        used_p.add(i)
        used_r.add(j)
        a, b = person[i], record[j]
        if sim == 0.5:
            weight += INITIAL_WEIGHT
            agreement += INITIAL_WEIGHT
            if explain:
                shown.append(f"{a.upper()}~{b.upper()}")
        else:
            gained = _pair_weight(sim, a, b, stats)
            weight += gained
            agreement += gained
            if explain:
                shown.append(f"{a.upper()}{'=' if sim == 1.0 else '≈'}{b.upper()}")
    left_p = [i for i in range(len(person)) if i not in used_p]
    left_r = [j for j in range(len(record)) if j not in used_r]
    conflicts = min(len(left_p), len(left_r))
    missing = len(left_p) + len(left_r) - 2 * conflicts
    if conflicts:
        weight += CONFLICT * conflicts
        if left_p[0] == 0 and left_r[0] == 0:
            weight += FIRST_NAME_CONFLICT
        if explain:
            shown.extend(
                f"{person[i].upper()}≠{record[j].upper()}"
                for i, j in zip(left_p, left_r, strict=False)
            )
    if missing:
        weight += MISSING_PART * missing
    return NameMatch(round(weight, 2), tuple(shown), round(agreement, 2))


def _unglue(
    one: tuple[str, ...], other: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a token of the shorter name that is two adjacent tokens of the longer one glued
    (``FridrichBuchenberg`` / ``Friedrich Buchenberg``), so that both may agree."""
    swap = len(one) > len(other)
    short, long = (other, one) if swap else (one, other)
    for i, token in enumerate(short):
        if len(token) < 6:
            continue
        for j in range(len(long) - 1):
            glued = long[j] + long[j + 1]
            if abs(len(glued) - len(token)) > 2:
                continue
            cuts = range(max(2, len(long[j]) - 2), min(len(token) - 1, len(long[j]) + 3))
            if cuts and token_similarity(token, glued) >= 0.9:
                cut = max(
                    cuts,
                    key=lambda k: (
                        token_similarity(token[:k], long[j])
                        + token_similarity(token[k:], long[j + 1])
                    ),
                )
                split = (*short[:i], token[:cut], token[cut:], *short[i + 1 :])
                return (long, split) if swap else (split, long)
    return one, other


def compare_names(a: str, b: str, stats: TokenStats | None = None) -> float:
    """Name-only likeness of two full names, 0–1 (the share of the names' weight that agrees).

    The threshold :data:`NAME_MATCH_THRESHOLD` separates matches from non-matches on the
    nomenklatura name-pair benchmark (see docs/vetting-screening.md).
    """
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return 0.0
    stats = stats or _EMPTY_STATS
    match = align(ta, tb, stats)
    total = min(
        sum(stats.weight(t) if len(t) > 1 else INITIAL_WEIGHT for t in ta),
        sum(stats.weight(t) if len(t) > 1 else INITIAL_WEIGHT for t in tb),
    )
    return max(0.0, min(1.0, match.weight / total)) if total else 0.0


_EMPTY_STATS = TokenStats()
NAME_MATCH_THRESHOLD = 0.74


# ----------------------------------------------------------------------------- other fields

_SEX = {"m": "M", "male": "M", "h": "M", "homme": "M", "masculin": "M", "f": "F", "female": "F"}
_SEX |= {"femme": "F", "feminin": "F", "féminin": "F"}


def norm_sex(value: str) -> str:
    """``M``, ``F`` or ``""`` (other values do not count as evidence)."""
    return _SEX.get(value.strip().lower(), "")


@lru_cache(maxsize=10_000)
def norm_country(value: str) -> str:
    """ISO 3166 alpha-2 code of a country name or code, or its folded text if unknown."""
    value = value.strip()
    if not value:
        return ""
    try:
        import pycountry

        return str(pycountry.countries.lookup(value).alpha_2)
    except LookupError:
        return fold(value)


_PLACE_WORDS = frozenset({"province", "district", "region", "city", "village", "state", "town"})


def place_tokens(value: str) -> tuple[str, ...]:
    return tuple(t for t in fold(value).split() if len(t) > 2 and t not in _PLACE_WORDS)


def compare_places(a: tuple[str, ...], b: tuple[str, ...], stats: TokenStats) -> Evidence:
    """A place token of each side that agree: ``log₂(m/u)`` with ``u`` that place's share."""
    if not a or not b:
        return Evidence("place of birth", 0.0, "unknown")
    for x in a:
        for y in b:
            if token_similarity(x, y) >= 0.9:
                weight = stats.value_weight("p:" + x, 0.9, PLACE_AGREE)
                return Evidence("place of birth", weight, f"{x.upper()}≈{y.upper()}")
    return Evidence("place of birth", PLACE_DIFFER, f"{' '.join(a)} vs {' '.join(b)}")


def compare_sex(a: str, b: str, stats: TokenStats) -> Evidence:
    if not a or not b:
        return Evidence("sex", 0.0, "unknown")
    if a == b:
        return Evidence("sex", stats.value_weight("x:" + a, 0.98, SEX_AGREE), f"{a}={b}")
    return Evidence("sex", SEX_DIFFER, f"{a}≠{b}")


def compare_nationality(a: str, b: str, stats: TokenStats) -> Evidence | None:
    if not a or not b:
        return None
    if a == b:
        weight = stats.value_weight("n:" + a, 0.95, NATIONALITY_AGREE)
        return Evidence("nationality", weight, f"{a}={b}")
    return Evidence("nationality", NATIONALITY_DIFFER, f"{a}≠{b}")


def compare_units(a: tuple[str, ...], b: tuple[str, ...], stats: TokenStats) -> Evidence | None:
    if not a or not b:
        return None
    shared = set(a) & set(b)
    if len(shared) * 2 >= min(len(a), len(b)) + 1 or set(a) == set(b):
        weight = stats.value_weight("u:" + " ".join(a), 0.7, UNIT_AGREE)
        return Evidence("unit", weight, " ".join(sorted(shared)))
    return Evidence("unit", 0.0, f"{' '.join(a)} vs {' '.join(b)}")


def field_values(
    place: tuple[str, ...], sex: str, nationality: str, unit: tuple[str, ...]
) -> list[str]:
    """The keys under which :class:`TokenStats` counts an entry's other fields."""
    keys = ["p:" + t for t in place]
    if sex:
        keys.append("x:" + sex)
    if nationality:
        keys.append("n:" + nationality)
    if unit:
        keys.append("u:" + " ".join(unit))
    return keys


def compare_dates(a: tuple[BirthDate, ...], b: tuple[BirthDate, ...]) -> Evidence:
    weight, detail = compare_birth_dates(a, b)
    return Evidence("date of birth", weight, detail)
