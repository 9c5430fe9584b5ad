"""The support list's filters (partner, sector, year, status) and each activity's amounts.

The form is a :class:`ssrmonitor.core.filters.FilterForm`: GET parameters, so a link keeps
them, and a value that does not validate is ignored and shown beside its field. Choices are the
values present among the country's activities, labelled from the IATI codelists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.filters import FilterForm, choices_with_any
from ssrmonitor.core.models import Organisation
from ssrmonitor.support import codelists
from ssrmonitor.support.models import Activity, SectorAllocation

#: IATI TransactionType codes: what was committed, and what was spent (disbursed or expended).
COMMITMENT = "2"
SPENT = ("3", "4")
#: Sector vocabularies labelled from the DAC codelist (5-digit purpose codes).
DAC_VOCABULARIES = ("", "1")


@dataclass(frozen=True)
class Facets:
    """The values the filters offer: those present among a country's activities."""

    partners: list[tuple[int, str]]  # (organisation id, name), by name
    sectors: list[str]  # DAC codes
    statuses: list[str]  # ActivityStatus codes


def facets_of(activities: QuerySet[Activity]) -> Facets:
    """The partners, DAC sectors and statuses present among ``activities``."""
    partners = Organisation.objects.filter(reported_activities__in=activities.values("pk"))
    sectors = SectorAllocation.objects.filter(
        activity__in=activities.values("pk"), vocabulary__in=DAC_VOCABULARIES
    )
    statuses = activities.exclude(status="").order_by().values_list("status", flat=True)
    return Facets(
        partners=sorted(set(partners.values_list("pk", "name")), key=lambda p: (p[1], p[0])),
        sectors=sorted(set(sectors.order_by().values_list("code", flat=True).distinct())),
        statuses=sorted(set(statuses.distinct())),
    )


class SupportFilters(FilterForm):
    """Activities by partner (reporting organisation), DAC sector, year and status."""

    partner = forms.TypedChoiceField(label=_("Partner"), coerce=int)
    sector = forms.ChoiceField(label=_("Sector"))
    year = forms.IntegerField(label=_("Active in year"), min_value=1960, max_value=2100)
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, params: Any, *, facets: Facets, language: str) -> None:
        super().__init__(params)
        self._set_choices("partner", [(str(pk), name) for pk, name in facets.partners])
        self._set_choices(
            "sector",
            [(c, f"{c} {codelists.label('Sector', c, language)}") for c in facets.sectors],
        )
        self._set_choices(
            "status",
            [(s, codelists.label("ActivityStatus", s, language)) for s in facets.statuses],
        )
        self.fields["year"].widget.attrs.update({"inputmode": "numeric", "placeholder": "2019"})

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        found = cast(forms.ChoiceField, self.fields[name])
        found.choices = choices_with_any(choices)


def filter_activities(
    activities: QuerySet[Activity], selected: dict[str, Any]
) -> QuerySet[Activity]:
    """The activities the filters keep (an activity is active in a year it overlaps)."""
    if selected.get("partner"):
        activities = activities.filter(reporting_org_id=selected["partner"])
    if selected.get("sector"):
        # a semi-join: no duplicate rows, so no DISTINCT over every column of the activities
        activities = activities.filter(
            pk__in=SectorAllocation.objects.filter(
                code=selected["sector"], vocabulary__in=DAC_VOCABULARIES
            ).values("activity_id")
        )
    if selected.get("status"):
        activities = activities.filter(status=selected["status"])
    if selected.get("year") is not None:
        year = selected["year"]
        activities = activities.annotate(
            _start=Coalesce("actual_start", "planned_start"),
            _end=Coalesce("actual_end", "planned_end"),
        ).filter(
            Q(_start__isnull=True) | Q(_start__year__lte=year),
            Q(_end__isnull=True) | Q(_end__year__gte=year),
        )
    return activities


@dataclass
class Amounts:
    """What an activity committed and spent for one country, per currency (never converted)."""

    committed: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    spent: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    @property
    def is_empty(self) -> bool:
        return not self.committed and not self.spent


def amounts_of(activity: Activity, iso2: str) -> Amounts:
    """The activity's commitments and spending for ``iso2`` (prefetched transactions).

    A transaction naming another recipient country is not counted; one naming none counts for
    every country of the activity.
    """
    found = Amounts()
    for transaction in activity.transactions.all():
        if transaction.recipient_country not in ("", iso2):
            continue
        if transaction.transaction_type == COMMITMENT:
            found.committed[transaction.currency] += transaction.value
        elif transaction.transaction_type in SPENT:
            found.spent[transaction.currency] += transaction.value
    return found


def distinct_sectors(activity: Activity) -> list[SectorAllocation]:
    """Each (vocabulary, code) of the activity once, whether given on it or on its transactions."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for sector in activity.sectors.all():
        key = (sector.vocabulary or "1", sector.code)
        if key not in seen:
            seen.add(key)
            kept.append(sector)
    return kept


def names_pattern(names: list[str]) -> re.Pattern[str]:
    """A pattern of whole country names (the longest first: "Guinea-Bissau" before "Guinea")."""
    words = sorted({n for n in names if len(n) > 3}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in words) + r")\b")


def other_country_named(title: str, own_name: str, names: re.Pattern[str]) -> str:
    """The other country a title names when it does not name ``own_name`` (else empty).

    IATI publishers may give the recipient country on each transaction only; a wrong code there
    (an activity for Guyana coded Haiti) is still the publisher's statement, so the activity is
    listed, with this flag beside it, rather than silently dropped.
    """
    if own_name and own_name in title:
        return ""
    found = names.search(title)
    return found.group(1) if found and found.group(1) != own_name else ""
