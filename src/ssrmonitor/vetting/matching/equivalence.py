"""The bundled name data: Arabic→Latin token table, cross-language equivalence clusters, priors.

The files live in ``ssrmonitor/vetting/data/`` and are built by
``scripts/build_name_equivalences.py`` from real variant clusters (the *learn* half only, see
``vetting/data/PROVENANCE.md``). They are read once, lazily, on first use.

- ``arabic_latin.txt``: ``arabic<TAB>latin`` — the usual Latin spelling of an Arabic name token;
- ``name_equivalences.txt``: ``source<TAB>token token …`` — one cluster of spellings of one
  name per line (tokens already normalised by ``normalise.name_tokens``);
  a token may belong to several clusters; two tokens are equivalent when they share one;
- ``name_frequencies.txt``: ``token<TAB>share`` — prior share of persons bearing a common name
  token, used when the records and the roster are too few to estimate it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

_DATA = "ssrmonitor.vetting.data"


def _lines(name: str) -> list[str]:
    text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@cache
def arabic_to_latin() -> dict[str, str]:
    """Arabic token (normalised by ``normalise.arabic_key``) → its usual Latin spelling."""
    table: dict[str, str] = {}
    for line in _lines("arabic_latin.txt"):
        arabic, _, latin = line.partition("\t")
        table[arabic] = latin
    return table


@cache
def clusters() -> dict[str, frozenset[int]]:
    """Normalised token → ids of the equivalence clusters it belongs to."""
    members: dict[str, set[int]] = {}
    for number, line in enumerate(_lines("name_equivalences.txt")):
        _, _, tokens = line.partition("\t")
        for token in tokens.split():
            members.setdefault(token, set()).add(number)
    return {token: frozenset(ids) for token, ids in members.items()}


def cluster_ids(token: str) -> frozenset[int]:
    """The equivalence clusters of one normalised token (empty if it is in none)."""
    return clusters().get(token, frozenset())


def equivalent(a: str, b: str) -> bool:
    """True when the two normalised tokens are spellings of one name in the bundled data."""
    table = clusters()
    ids = table.get(a)
    return ids is not None and not ids.isdisjoint(table.get(b, ()))


@cache
def prior_shares() -> dict[str, float]:
    """Prior share of persons bearing each common name token (bundled, small)."""
    shares: dict[str, float] = {}
    for line in _lines("name_frequencies.txt"):
        token, _, share = line.partition("\t")
        shares[token] = float(share)
    return shares
