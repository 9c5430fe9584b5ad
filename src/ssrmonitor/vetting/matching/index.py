"""Candidate generation: which records are worth scoring for one person (built for recall).

A true match lost here is lost for good, so the index is keyed on *spelling-tolerant* keys of
every name token of every record (names and weak aliases):

- ``s`` the token's consonant skeleton (``Mohamed``, ``Muhammad``, ``Mamadou`` share ``mt``), and
  for skeletons of five consonants or more the skeleton with one consonant deleted (a typo that
  changes the skeleton still shares one of these: ``Sadruddin``/``Saduddin``);
- ``f`` its phonetic reading (an agreement through it counts in full, through the others at
  :data:`LOOSE_SHARE`);
- ``e`` the ids of the bundled equivalence clusters it belongs to (``Boubacar``/``Abubakar``).

A person's token has a *support*: the set of records sharing one of its keys. A record is a
candidate if it is in the supports of two of the person's tokens (set intersections, in C), or in
the support of one token rare enough to make a match alone. Common names never blow the work up:
"Mohamed" in a fifth of the records is only intersected, never walked; and when the tokens found
together are common, the record must also have a compatible date of birth (the caller's
``compatible`` set).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import combinations

from ssrmonitor.vetting.matching import equivalence
from ssrmonitor.vetting.matching.normalise import phonetic, skeleton

SUPPORT_CACHE_FROM = 256  # a token's record set is kept for re-use from this size on
SUPPORT_CACHE_SIZE = 20_000
LOOSE_SHARE = 0.6  # cheap weight of a token matched through a loose key only
TOKEN_UNIT = 1000.0


@lru_cache(maxsize=500_000)
def token_keys(token: str) -> tuple[str, ...]:
    """The index keys of one normalised token (none for an initial)."""
    if len(token) < 2:
        return ()
    skel = skeleton(token)
    keys = {"s" + skel, "f" + phonetic(token)}
    if len(skel) >= 5 and not skel.startswith("~"):
        keys.update("s" + _RUNS.sub(r"\1", skel[:i] + skel[i + 1 :]) for i in range(len(skel)))
    keys.update(f"e{cid}" for cid in equivalence.cluster_ids(token))
    return tuple(sorted(keys))


_RUNS = re.compile(r"(.)\1+")


class CandidateIndex:
    """Inverted index from token keys to record numbers (see module doc)."""

    def __init__(self, names_per_record: Sequence[tuple[tuple[str, ...], ...]]) -> None:
        postings: dict[str, list[int]] = {}
        for number, names in enumerate(names_per_record):
            keys = {k for tokens in names for t in tokens for k in token_keys(t)}
            for key in keys:
                postings.setdefault(key, []).append(number)
        self.postings: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in postings.items()}
        self._support: dict[str, tuple[frozenset[int], frozenset[int]]] = {}

    def support(self, token: str) -> tuple[frozenset[int], frozenset[int]]:
        """The records holding a token that shares a key with ``token``, and among them those
        holding one that reads the same (cached if large)."""
        found = self._support.get(token)
        if found is not None:
            return found
        postings = self.postings
        rows: set[int] = set()
        for key in token_keys(token):
            hit = postings.get(key)
            if hit:
                rows.update(hit)
        result = (frozenset(rows), frozenset(postings.get("f" + phonetic(token), ())))
        if len(result[0]) > SUPPORT_CACHE_FROM:
            if len(self._support) >= SUPPORT_CACHE_SIZE:
                self._support.clear()
            self._support[token] = result
        return result

    def candidates(
        self,
        tokens: Sequence[tuple[str, float]],
        single_floor: float,
        compatible: tuple[frozenset[int], frozenset[int]] | None = None,
        dob_free: float = 0.0,
    ) -> dict[int, float]:
        """Record number → cheap weight + ``TOKEN_UNIT`` × number of the person's tokens it
        shares keys with.

        ``tokens`` are the person's distinct tokens with their agreement weights. A record is a
        candidate if it shares two tokens with the person, or one whose weight reaches
        ``single_floor`` (a rare name can make a match on its own, a common one cannot). If
        ``compatible`` is given (the records whose date of birth does not contradict the
        person's, as two sets), a candidate found through tokens weighing less than
        ``dob_free`` together must be in one of them: common names alone cannot outweigh a
        contradictory date of birth. A
        token counts its full weight where the record has the same reading, else
        :data:`LOOSE_SHARE` of it.
        """
        supports = [(*self.support(t), w) for t, w in tokens]
        rows: set[int] = set()
        for (one, _, w1), (two, _, w2) in combinations(supports, 2):
            both = one & two if len(one) <= len(two) else two & one
            if compatible is not None and w1 + w2 < dob_free:
                rows.update(both & compatible[0], both & compatible[1])
            else:
                rows.update(both)
        for one, _, w in supports:
            if w >= single_floor:
                if compatible is None or w >= dob_free:
                    rows.update(one)
                else:
                    rows.update(one & compatible[0], one & compatible[1])
        # One float per record carries the summed weight and, in units of TOKEN_UNIT, the
        # number of tokens shared (weights stay far below TOKEN_UNIT).
        out = dict.fromkeys(rows, 0.0)
        for one, same, w in supports:
            hit = rows & one
            if not hit:
                continue
            full = w + TOKEN_UNIT
            for row in hit & same:
                out[row] += full
            loose = LOOSE_SHARE * w + TOKEN_UNIT
            for row in hit - same:
                out[row] += loose
        return out
