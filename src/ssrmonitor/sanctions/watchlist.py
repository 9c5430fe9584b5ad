"""The imported UN list as a watchlist, for name search here and for screening (vetting).

:func:`search_parties` is the one name search (pages, API). :func:`watchlist` yields every
currently listed party with all its names, the shape a screening module needs to compare a
candidate's name against the list. Matching is case-insensitive substring matching; a hit is a
lead to check against dates and places of birth, never a decision.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ssrmonitor.sanctions.models import ListedParty


def search_parties(query: str) -> QuerySet[ListedParty]:
    """Listed parties whose name, original-script name or an alias contains every word.

    Case-insensitive substring match, the same on SQLite and PostgreSQL; listed parties first.
    """
    matches = Q()
    for word in query.split():
        matches &= (
            Q(name__icontains=word)
            | Q(name_original_script__icontains=word)
            | Q(aliases__name__icontains=word)
        )
    ids = ListedParty.objects.filter(matches).values("pk")
    return (
        ListedParty.objects.filter(pk__in=ids)
        .select_related("regime")
        .order_by("delisted_on", "name")
    )


@dataclass(frozen=True)
class WatchlistEntry:
    """A listed individual or entity with every name it is known by."""

    party_id: int
    reference_number: str
    regime: str
    kind: str
    names: tuple[str, ...]


def watchlist() -> Iterator[WatchlistEntry]:
    """Every party listed now, with its name, original-script name and aliases (two queries)."""
    parties = ListedParty.objects.filter(delisted_on__isnull=True).select_related("regime")
    for party in parties.prefetch_related("aliases").order_by("pk"):
        names = [party.name, party.name_original_script, *(a.name for a in party.aliases.all())]
        yield WatchlistEntry(
            party.pk,
            party.reference_number,
            party.regime.code,
            party.kind,
            tuple(name for name in names if name),
        )
