"""Reading the UN consolidated list: regimes, a regime's listed parties, a party, name search.

The list is public (published by the Security Council), so these pages answer everybody.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, render_page
from ssrmonitor.sanctions.models import ListImport, Regime
from ssrmonitor.sanctions.permissions import access_party_by_id, access_regime_by_code
from ssrmonitor.sanctions.watchlist import search_parties

SEARCH_PAGE_SIZE = 50
MIN_QUERY = 2


@require_safe
def regimes(request: HtmxHttpRequest) -> HttpResponse:
    """Every regime with its counts of listed and delisted individuals and entities."""
    rows = Regime.objects.annotate(
        listed=Count("parties", filter=Q(parties__delisted_on__isnull=True)),
        delisted=Count("parties", filter=Q(parties__delisted_on__isnull=False)),
    ).order_by("delisted_on", "code")
    context = {"regimes": rows, "latest": ListImport.objects.first()}
    return render_page(request, "sanctions/regimes.html", context)


@require_safe
@domain_errors
def regime(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """One regime and its listed (and formerly listed) individuals and entities."""
    found = access_regime_by_code(request.user, code)
    parties = found.parties.order_by("delisted_on", "kind", "name")
    listed = [p for p in parties if p.delisted_on is None]
    delisted = [p for p in parties if p.delisted_on is not None]
    context = {"regime": found, "listed": listed, "delisted": delisted}
    return render_page(request, "sanctions/regime.html", context)


@require_safe
@domain_errors
def party(request: HtmxHttpRequest, party_id: int) -> HttpResponse:
    """A listed individual or entity with aliases, dates and places of birth."""
    found = access_party_by_id(request.user, party_id)
    context = {
        "party": found,
        "aliases": list(found.aliases.all()),
        "birth_dates": list(found.birth_dates.all()),
        "birth_places": list(found.birth_places.all()),
    }
    return render_page(request, "sanctions/party.html", context)


@require_safe
def search(request: HtmxHttpRequest) -> HttpResponse:
    """Search the list by name or alias; HTMX swaps only the results."""
    query = request.GET.get("q", "").strip()[:100]
    page = None
    if len(query) >= MIN_QUERY:
        paginator = Paginator(search_parties(query), SEARCH_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
    context = {"query": query, "page": page, "min_query": MIN_QUERY}
    return render_page(request, "sanctions/search.html", context, fragment="results")
