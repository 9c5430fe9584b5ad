"""Candidate generation: which records are worth scoring for one person (built for recall).

A true match lost here is lost for good, so the index is keyed on *spelling-tolerant* keys of
every name token of every record (names and weak aliases):

- ``s`` the token's consonant skeleton (``Mohamed``, ``Muhammad``, ``Mamadou`` share ``mt``), and
  for skeletons of five consonants or more the skeleton with one consonant deleted (a typo that
  changes the skeleton still shares one of these: ``Sadruddin``/``Saduddin``);
- ``f`` its phonetic reading (an agreement through it counts in full, through the others at
  :data:`LOOSE_SHARE`);
- ``e`` the ids of the bundled equivalence clusters it belongs to (``Boubacar``/``Abubakar``).

A person's token has a *support*: the records sharing one of its keys, a sorted numpy array
(cached). Candidate generation for one person is a handful of whole-array operations over the
records (numpy, in C): each support adds its token to the records it holds — a count of the
person's tokens shared, their summed weights, and the cheap weight (full through the same
reading, :data:`LOOSE_SHARE` of it otherwise). A record is a candidate if it shares two of the
person's tokens, or one rare enough to make a match alone. Common names never blow the work up:
"Mohamed" in a fifth of the records costs one vectorised addition, never a Python loop; and when
the tokens found together are common, the record must also have a compatible date of birth (the
caller's ``compatible`` mask).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ssrmonitor.vetting.matching import equivalence
from ssrmonitor.vetting.matching.normalise import phonetic, skeleton

SUPPORT_CACHE_SIZE = 50_000  # supports kept for re-use (a roster repeats its tokens)
LOOSE_SHARE = 0.6  # cheap weight of a token matched through a loose key only

IntArray = Any  # numpy.ndarray of int32 record numbers (numpy's stubs are not required)
FloatArray = Any
BoolArray = Any
_EMPTY = np.zeros(0, dtype=np.int32)


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
        self.size = len(names_per_record)
        # Record numbers were appended in increasing order: each array is sorted and unique.
        self.postings: dict[str, IntArray] = {
            k: np.asarray(v, dtype=np.int32) for k, v in postings.items()
        }
        self._support: dict[str, tuple[IntArray, IntArray]] = {}

    def support(self, token: str) -> tuple[IntArray, IntArray]:
        """The records holding a token that shares a key with ``token``, and among them those
        holding one that reads the same (sorted arrays of record numbers; cached)."""
        found = self._support.get(token)
        if found is not None:
            return found
        postings = self.postings
        parts = [hit for key in token_keys(token) if (hit := postings.get(key)) is not None]
        if not parts:
            rows = _EMPTY
        elif len(parts) == 1:
            rows = parts[0]
        else:
            rows = np.unique(np.concatenate(parts))
        result = (rows, postings.get("f" + phonetic(token), _EMPTY))
        if len(self._support) >= SUPPORT_CACHE_SIZE:
            self._support.clear()
        self._support[token] = result
        return result

    def candidates(
        self,
        tokens: Sequence[tuple[str, float, int]],
        single_floor: float,
        compatible: BoolArray | None = None,
        dob_free: float = 0.0,
    ) -> tuple[IntArray, FloatArray, FloatArray, IntArray]:
        """The candidate records of one person: their numbers, cheap weights, full weights and
        the number of the person's tokens each shares keys with (four aligned arrays).

        ``tokens`` are the person's distinct tokens with their agreement weights and how many
        times a name of the person gives them (``Kavira wa Kavira``: twice). A record is a
        candidate if it shares two tokens with the person, or one whose weight reaches
        ``single_floor`` (a rare name can make a match on its own, a common one cannot). If
        ``compatible`` is given (a mask over the records: those whose date of birth does not
        contradict the person's), a candidate found through tokens weighing less than
        ``dob_free`` together must be in it: common names alone cannot outweigh a
        contradictory date of birth. A token counts its full weight in the cheap weight where
        the record has the same reading, else :data:`LOOSE_SHARE` of it; the full weights
        (every shared token in full) bound what the names can give.
        """
        n = self.size
        count = np.zeros(n, dtype=np.int8)
        summed = np.zeros(n, dtype=np.float32)
        cheap = np.zeros(n, dtype=np.float32)
        alone = free = None
        for token, weight, times in tokens:
            rows, same = self.support(token)
            if not len(rows):
                continue
            count[rows] += times
            summed[rows] += weight * times
            cheap[rows] += LOOSE_SHARE * weight * times
            if len(same):
                cheap[same] += (1.0 - LOOSE_SHARE) * weight * times
            if weight >= single_floor:
                if weight >= dob_free or compatible is None:
                    if free is None:
                        free = np.zeros(n, dtype=bool)
                    free[rows] = True
                else:
                    if alone is None:
                        alone = np.zeros(n, dtype=bool)
                    alone[rows] = True
        several = count >= 2
        if compatible is None:
            accepted = several
        else:
            accepted = several & ((summed >= dob_free) | compatible)
            if alone is not None:
                accepted |= alone & compatible
        if free is not None:
            accepted |= free
        found = np.flatnonzero(accepted)
        return found, cheap[found], summed[found], count[found]
