"""Plain records an importer hook produces and the writer stores (no database here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass
class Text:
    kind: str  # "title" | "description"
    text: str
    language: str = ""
    description_type: str = ""


@dataclass
class OrgRef:
    """An organisation as published: its identifier (may be empty), name and type."""

    ref: str
    name: str
    org_type: str = ""


@dataclass
class Participant:
    org: OrgRef
    role: str


@dataclass
class Coded:
    """A coded element with an optional vocabulary and percentage (sector, region, country)."""

    code: str
    vocabulary: str = ""
    percentage: Decimal | None = None


@dataclass
class Marker:
    code: str
    vocabulary: str = ""
    significance: str = ""


@dataclass
class Money:
    value: Decimal
    currency: str
    value_date: date


@dataclass
class BudgetRecord:
    period_start: date
    period_end: date
    money: Money
    budget_type: str = ""
    status: str = ""


@dataclass
class TransactionRecord:
    transaction_type: str
    date: date
    money: Money
    ref: str = ""
    description: str = ""
    provider: OrgRef | None = None
    receiver: OrgRef | None = None
    recipient_country: str = ""
    flow_type: str = ""
    finance_type: str = ""
    aid_type: str = ""
    sectors: list[Coded] = field(default_factory=list)


@dataclass
class ResultRecord:
    result_type: str
    title: str
    description: str = ""
    aggregation_status: bool | None = None


@dataclass
class ActivityRecord:
    """Everything the support app keeps of one IATI activity."""

    identifier: str
    reporting_org: OrgRef
    line: int | None = None
    version: str = ""
    last_updated: datetime | None = None
    default_language: str = ""
    default_currency: str = ""
    hierarchy: int | None = None
    humanitarian: bool | None = None
    status: str = ""
    dates: dict[str, date] = field(default_factory=dict)  # ActivityDateType code → date
    collaboration_type: str = ""
    flow_type: str = ""
    finance_type: str = ""
    aid_type: str = ""
    aid_type_vocabulary: str = ""
    tied_status: str = ""
    texts: list[Text] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    countries: list[Coded] = field(default_factory=list)
    regions: list[Coded] = field(default_factory=list)
    sectors: list[Coded] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    budgets: list[BudgetRecord] = field(default_factory=list)
    transactions: list[TransactionRecord] = field(default_factory=list)
    results: list[ResultRecord] = field(default_factory=list)

    def all_sectors(self) -> list[Coded]:
        """Sectors at activity level and on every transaction."""
        found = list(self.sectors)
        for transaction in self.transactions:
            found.extend(transaction.sectors)
        return found

    def country_codes(self) -> set[str]:
        """Recipient countries at activity level and on every transaction."""
        codes = {c.code for c in self.countries}
        codes.update(t.recipient_country for t in self.transactions if t.recipient_country)
        return codes
