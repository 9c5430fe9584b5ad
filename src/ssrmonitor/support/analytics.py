"""Coordination analytics of one country and period: who funds what, coverage, gaps, overlaps.

The rules, so that every figure can be explained:

* **Country share.** A transaction counts for the country when it names the country itself
  (transaction-level ``recipient-country``), or, with no country of its own, in proportion to the
  activity's ``recipient-country`` percentage for the country (100 % for a single recipient
  country without a percentage, an equal split between several without percentages, 100 % for a
  national entry recorded for the country).
* **Commitments** are transactions of type 2; **disbursements** are types 3 (disbursement) and
  4 (expenditure). A transaction counts in the period when its date is in it.
* **Active** activities have a transaction in the period or dates that overlap it.
* **Alignment.** Money of an activity goes to a strategy element in proportion to the confirmed
  link's share; to a component likewise (unclassified when no one classified it).
* **Gap**: a priority with no active linked activity. **Little support**: a priority whose
  aligned commitments and disbursements are below ``LITTLE_SUPPORT`` (5 %) of all aligned money
  of the country in the period; judged only when all its money could be converted to USD.
* **Possible overlap**: two or more reporting partners with active activities linked to the same
  priority and classified in the same component (the component of the link, else the priority's).
* Money is summed in a :class:`~ssrmonitor.support.money.MoneyBag`: converted to USD with a
  loaded rate, else kept per currency.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.datacache import cached
from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.support.codelists import COMMITMENT, DISBURSEMENT, EXPENDITURE, GENDER_EQUALITY
from ssrmonitor.support.models import (
    Activity,
    PriorityLink,
    RecipientCountry,
    StrategyLevel,
    StrategyNode,
    Transaction,
)
from ssrmonitor.support.money import MoneyBag, RateTable
from ssrmonitor.support.permissions import activities_visible_to, support_scope

HUNDRED = Decimal(100)
LITTLE_SUPPORT = Decimal("0.05")
UNCLASSIFIED = "unclassified"
SPENT = (DISBURSEMENT, EXPENDITURE)


@dataclass(frozen=True)
class Window:
    """A period of analysis: a reporting period, a span of years ``2019..2024``, or everything."""

    start: date | None = None
    end: date | None = None
    label: str = ""

    @classmethod
    def parse(cls, text: str) -> Window:
        """``""`` (all time), ``2024``, ``2024-H1``, ``2024-Q3``, ``2024-07`` or ``2019..2024``."""
        text = (text or "").strip()
        if not text:
            return cls()
        if ".." in text:
            first, last = text.split("..", 1)
            start, end = ReportingPeriod.parse(first), ReportingPeriod.parse(last)
            return cls(start.start, end.end, text)
        period = ReportingPeriod.parse(text)
        return cls(period.start, period.end, text)

    def contains(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def overlaps(self, first: date | None, last: date | None) -> bool:
        after_start = self.start is None or last is None or last >= self.start
        before_end = self.end is None or first is None or first <= self.end
        return after_start and before_end


@dataclass
class Flows:
    commitments: MoneyBag = field(default_factory=MoneyBag)
    disbursements: MoneyBag = field(default_factory=MoneyBag)


@dataclass
class PriorityCoverage:
    node: StrategyNode
    money: Flows = field(default_factory=Flows)
    activities: set[int] = field(default_factory=set)
    partners: set[str] = field(default_factory=set)
    status: str = "covered"  # covered | gap | little | unknown


@dataclass
class Overlap:
    node: StrategyNode
    component: str
    partners: list[str]
    activities: list[str]


@dataclass
class CountryAnalysis:
    """Everything the coordination page, API and downloads show."""

    country: Country
    window: Window
    activity_count: int = 0
    by_partner: dict[tuple[str, str, int], Flows] = field(default_factory=dict)
    coverage: list[PriorityCoverage] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)
    aligned_activities: int = 0
    aligned: Flows = field(default_factory=Flows)
    total: Flows = field(default_factory=Flows)
    gender: dict[str, int] = field(default_factory=dict)
    who_does_what: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def gaps(self) -> list[PriorityCoverage]:
        return [c for c in self.coverage if c.status in ("gap", "little")]


RELATED = ("countries", "transactions", "policy_markers", "component_links", "priority_links")


def country_activities(
    country: Country, activities: QuerySet[Activity], *, as_lists: bool = False
) -> QuerySet[Activity]:
    """The activities of ``activities`` that concern ``country``, with what analysis reads.

    With ``as_lists`` the related rows are plain lists in ``<relation>_list`` attributes (read
    them with :func:`related`) instead of prefetched managers: Django then does not build a
    queryset per activity and relation, which took most of the coordination page's time with
    a thousand activities or more.
    """
    return (
        activities.filter(pk__in=concerning_ids(country))
        .select_related("reporting_org")
        .prefetch_related(*_related_lookups(country, as_lists=as_lists))
    )


def concerning_ids(country: Country) -> QuerySet[Any]:
    """The ids of the activities that concern ``country``, as one subquery: its national entries,
    and the activities naming it as a recipient country or in a transaction.

    A union of three indexed look-ups, not a filter with three ORed semi-joins: with 50,000
    activities the ORed form made the database read every activity for every query of a
    support page (27–40 ms each on PostgreSQL, 9 ms for the union).
    """
    return (
        Activity.objects.filter(country=country)
        .order_by()
        .values("pk")
        .union(
            RecipientCountry.objects.filter(code=country.iso2).order_by().values("activity_id"),
            Transaction.objects.filter(recipient_country=country.iso2)
            .order_by()
            .values("activity_id"),
            all=True,
        )
    )


def _related_lookups(country: Country, *, as_lists: bool) -> list[Prefetch[Any]]:
    links = PriorityLink.objects.filter(node__country=country).select_related("node")
    lookups = [Prefetch(name, to_attr=f"{name}_list" if as_lists else None) for name in RELATED]
    lookups[-1] = Prefetch(
        "priority_links", links, to_attr="priority_links_list" if as_lists else None
    )
    return lookups


def related(activity: Activity, name: str) -> list[Any]:
    """The ``name`` rows of ``activity``: its ``<name>_list`` when fetched as lists
    (:func:`country_activities` with ``as_lists``), else through its manager."""
    rows = getattr(activity, f"{name}_list", None)
    return list(getattr(activity, name).all()) if rows is None else rows


def country_share(activity: Activity, iso2: str) -> Decimal:
    """The fraction (0–1) of the activity's money, without a country of its own, for ``iso2``."""
    countries: list[RecipientCountry] = related(activity, "countries")
    if not countries:
        return Decimal(1) if activity.country_id is not None else Decimal(0)
    mine = [c for c in countries if c.code == iso2]
    if not mine:
        return Decimal(0)
    if mine[0].percentage is not None:
        return mine[0].percentage / HUNDRED
    return Decimal(1) / len(countries)


def _is_active(
    activity: Activity, window: Window, in_window: list[tuple[Transaction, Decimal]]
) -> bool:
    if in_window:
        return True
    first = activity.actual_start or activity.planned_start
    last = activity.actual_end or activity.planned_end
    return window.overlaps(first, last)


def _component_shares(activity: Activity) -> dict[str, Decimal]:
    links = related(activity, "component_links")
    if not links:
        return {UNCLASSIFIED: Decimal(1)}
    return {link.component: link.share / HUNDRED for link in links}


class _Analyser:
    def __init__(self, country: Country, window: Window, nodes: list[StrategyNode]) -> None:
        self.result = CountryAnalysis(country, window)
        self.rates = RateTable()
        self.coverage = {
            n.pk: PriorityCoverage(n) for n in nodes if n.level == StrategyLevel.PRIORITY
        }
        self.pairs: dict[tuple[int, str], dict[str, set[str]]] = defaultdict(
            lambda: defaultdict(set)
        )

    def add(self, activity: Activity) -> None:
        iso2 = self.result.country.iso2
        share = country_share(activity, iso2)
        transactions = [
            (t, Decimal(1) if t.recipient_country == iso2 else share)
            for t in related(activity, "transactions")
            if (t.recipient_country in ("", iso2)) and self.result.window.contains(t.date)
        ]
        if not _is_active(activity, self.result.window, transactions):
            return
        self.result.activity_count += 1
        partner = activity.reporting_org.name
        components = _component_shares(activity)
        links = related(activity, "priority_links")
        self._count(activity, partner, components, bool(links))
        for transaction, weight in transactions:
            if weight:
                self._money(transaction, weight, partner, components, links)
        for link in links:
            self._link(activity, partner, link, components)

    def _count(
        self, activity: Activity, partner: str, components: dict[str, Decimal], aligned: bool
    ) -> None:
        self.result.aligned_activities += int(aligned)
        row = self.result.who_does_what.setdefault(partner, defaultdict(int))
        for component in components:
            row[component] += 1
        markers = [
            m
            for m in related(activity, "policy_markers")
            if m.code == GENDER_EQUALITY and m.vocabulary in ("", "1")
        ]
        key = markers[0].significance if markers else "none"
        self.result.gender[key] = self.result.gender.get(key, 0) + 1

    def _money(
        self,
        transaction: Transaction,
        weight: Decimal,
        partner: str,
        components: dict[str, Decimal],
        links: list[PriorityLink],
    ) -> None:
        kind = transaction.transaction_type
        if kind != COMMITMENT and kind not in SPENT:
            return
        value, currency, day = (
            transaction.value * weight,
            transaction.currency,
            transaction.value_date,
        )
        year = transaction.date.year
        for component, part in components.items():
            flows = self.result.by_partner.setdefault((partner, component, year), Flows())
            _bag(flows, kind).add(value * part, currency, day, self.rates)
        _bag(self.result.total, kind).add(value, currency, day, self.rates)
        for link in links:
            aligned = value * link.share / HUNDRED
            _bag(self.result.aligned, kind).add(aligned, currency, day, self.rates)
            coverage = self.coverage.get(link.node_id)
            if coverage is not None:
                _bag(coverage.money, kind).add(aligned, currency, day, self.rates)

    def _link(
        self, activity: Activity, partner: str, link: PriorityLink, components: dict[str, Decimal]
    ) -> None:
        coverage = self.coverage.get(link.node_id)
        if coverage is None:
            return
        coverage.activities.add(activity.pk)
        coverage.partners.add(partner)
        for component in components:
            effective = (
                component if component != UNCLASSIFIED else (link.node.component or UNCLASSIFIED)
            )
            self.pairs[(link.node_id, effective)][partner].add(activity.iati_identifier)

    def finish(self) -> CountryAnalysis:
        total = self.result.aligned.commitments.usd + self.result.aligned.disbursements.usd
        for coverage in self.coverage.values():
            coverage.status = _status(coverage, total)
        self.result.coverage = list(self.coverage.values())
        for (node_id, component), partners in sorted(
            self.pairs.items(), key=lambda i: (self.coverage[i[0][0]].node.position, i[0][1])
        ):
            if len(partners) >= 2 and component != UNCLASSIFIED:
                activities = sorted(a for ids in partners.values() for a in ids)
                self.result.overlaps.append(
                    Overlap(self.coverage[node_id].node, component, sorted(partners), activities)
                )
        return self.result


def _bag(flows: Flows, kind: str) -> MoneyBag:
    return flows.commitments if kind == COMMITMENT else flows.disbursements


def _status(coverage: PriorityCoverage, total_usd: Decimal) -> str:
    if not coverage.activities:
        return "gap"
    money = coverage.money
    if not (money.commitments.fully_converted and money.disbursements.fully_converted):
        return "unknown"
    mine = money.commitments.usd + money.disbursements.usd
    if total_usd > 0 and mine < total_usd * LITTLE_SUPPORT:
        return "little"
    return "covered"


def analyse_country(
    country: Country, activities: QuerySet[Activity], window: Window
) -> CountryAnalysis:
    """The coordination analysis of ``country`` over ``window``, from the visible activities."""
    nodes = list(StrategyNode.objects.filter(country=country).order_by("position", "code"))
    analyser = _Analyser(country, window, nodes)
    for activity in country_activities(country, activities, as_lists=True):
        analyser.add(activity)
    return analyser.finish()


def visible_analysis(viewer: Viewer, country: Country, window: Window) -> CountryAnalysis:
    """:func:`analyse_country` over the activities ``viewer`` may see, from the cache when the
    support data has not changed since (:mod:`ssrmonitor.core.datacache`).

    The key holds what decides the activities the viewer sees: all of them, or the IATI
    activities and the national entries of the countries whose internal data they see.
    """
    parts = (country.pk, window.start, window.end, window.label, support_scope(viewer))
    return cached(
        "support.analysis",
        ("support",),
        parts,
        lambda: analyse_country(country, activities_visible_to(viewer), window),
    )


COMPONENT_LABELS = dict(Component.choices)
