"""An activity record packed into plain row tuples, ready for the database (no Django here).

The parser side of the import (possibly a second process, see
:mod:`ssrmonitor.support.iati.pipeline`) turns each kept :class:`ActivityRecord` into an
:class:`ActivityRows`: the activity's own columns and one list of tuples per child table, in
the column order of the writer (:mod:`ssrmonitor.support.iati.store`). Only what needs the
database is left to the writer: the activity's primary key (prepended to every child row) and
the partner organisations, given as :data:`OrgKey` and looked up or created there. Text is
cut to the column widths here, so the writer copies the tuples as they are.

Plain tuples of strings, numbers, dates and ``Decimal`` values pickle several times faster than
the dataclasses of :mod:`ssrmonitor.support.iati.records`, which is what makes handing them from
one process to the other cheap.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from datetime import date, datetime
from typing import Any, NamedTuple

from ssrmonitor.support.iati.records import ActivityRecord, OrgRef, TransactionRecord

OrgKey = tuple[str, str, str]  # (identifier or "", name, IATI organisation type)
Row = tuple[Any, ...]

DATE_FIELDS = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}

# Activity columns set from the record (attribute names of ``support.Activity``).
ACTIVITY_FIELDS = (
    "reporting_org_ref",
    "reporting_org_name",
    "reporting_org_type",
    "default_language",
    "default_currency",
    "hierarchy",
    "humanitarian",
    "status",
    "planned_start",
    "actual_start",
    "planned_end",
    "actual_end",
    "collaboration_type",
    "flow_type",
    "finance_type",
    "aid_type",
    "aid_type_vocabulary",
    "tied_status",
    "last_updated",
    "iati_version",
    "content_digest",  # computed by :func:`pack`, last
)

# Child columns after the activity id, per table (attribute names of the support models).
TEXT_COLUMNS = ("kind", "description_type", "language", "text", "position")
PARTICIPANT_COLUMNS = ("organisation", "ref", "name", "role", "org_type", "position")
COUNTRY_COLUMNS = ("code", "country", "percentage")
REGION_COLUMNS = ("code", "vocabulary", "percentage")
SECTOR_COLUMNS = ("transaction", "vocabulary", "code", "percentage")
MARKER_COLUMNS = ("vocabulary", "code", "significance")
BUDGET_COLUMNS = (
    "budget_type",
    "status",
    "period_start",
    "period_end",
    "value",
    "currency",
    "value_date",
)
TRANSACTION_COLUMNS = (
    "ref",
    "transaction_type",
    "date",
    "value",
    "currency",
    "value_date",
    "description",
    "provider_ref",
    "provider_name",
    "provider_org",
    "provider_type",
    "receiver_ref",
    "receiver_name",
    "receiver_org",
    "receiver_type",
    "recipient_country",
    "flow_type",
    "finance_type",
    "aid_type",
    "position",
)
RESULT_COLUMNS = ("result_type", "aggregation_status", "title", "description", "position")

# Positions of the organisation keys the writer replaces by organisation ids.
PARTICIPANT_ORG = PARTICIPANT_COLUMNS.index("organisation")
PROVIDER_ORG = TRANSACTION_COLUMNS.index("provider_org")
RECEIVER_ORG = TRANSACTION_COLUMNS.index("receiver_org")
COUNTRY_FK = COUNTRY_COLUMNS.index("country")
PICKLE_PROTOCOL = 5  # fixed: the content digest is computed over the pickle


class ActivityRows(NamedTuple):
    """One activity as rows. Organisation columns hold an :data:`OrgKey` (or ``None``);
    ``countries`` rows hold the ISO code in the ``country`` column; ``transaction_sectors``
    rows are ``(transaction position, vocabulary, code)``."""

    identifier: str
    line: int | None
    last_updated: datetime | None
    digest: str
    reporting_org: OrgKey
    fields: Row
    texts: list[Row]
    participants: list[Row]
    countries: list[Row]
    regions: list[Row]
    sectors: list[Row]
    markers: list[Row]
    budgets: list[Row]
    transactions: list[Row]
    transaction_sectors: list[Row]
    results: list[Row]

    def org_keys(self) -> list[OrgKey]:
        """Every organisation the rows name: reporting, participating, providers, receivers."""
        keys = [self.reporting_org]
        keys.extend(row[PARTICIPANT_ORG] for row in self.participants)
        for row in self.transactions:
            keys.extend(key for key in (row[PROVIDER_ORG], row[RECEIVER_ORG]) if key is not None)
        return keys


def org_key(org: OrgRef) -> OrgKey:
    """How the writer finds a partner: by IATI identifier when there is one, else by name."""
    ref = org.ref if is_org_identifier(org.ref) else ""
    return ref, (org.name or org.ref or "?")[:250], org.org_type[:3]


def is_org_identifier(ref: str) -> bool:
    """IATI organisation identifiers are ``<agency prefix>-<number>``; bare codes are not."""
    return "-" in ref and len(ref) <= 100


def pack(record: ActivityRecord) -> PackedActivity:
    """The rows of ``record``, cut to the column widths of the support models, packed."""
    fields = _fields(record)
    children = (
        [
            (t.kind, t.description_type[:2], t.language[:10], t.text, i)
            for i, t in enumerate(record.texts)
        ],
        [
            (org_key(p.org), p.org.ref[:200], p.org.name[:500], p.role[:2], p.org.org_type[:3], i)
            for i, p in enumerate(record.participants)
        ],
        [(c.code[:2], c.code, c.percentage) for c in record.countries],
        [(r.code[:10], r.vocabulary[:3], r.percentage) for r in record.regions],
        [(None, s.vocabulary[:3], s.code[:50], s.percentage) for s in record.sectors],
        [(m.vocabulary[:3], m.code[:20], m.significance[:2]) for m in record.markers],
        [
            (
                b.budget_type[:2],
                b.status[:2],
                b.period_start,
                b.period_end,
                b.money.value,
                b.money.currency[:3],
                b.money.value_date,
            )
            for b in record.budgets
        ],
        [_transaction(t, i) for i, t in enumerate(record.transactions)],
        [
            (i, s.vocabulary[:3], s.code[:50])
            for i, t in enumerate(record.transactions)
            for s in t.sectors
        ],
        [
            (r.result_type[:2], r.aggregation_status, r.title, r.description, i)
            for i, r in enumerate(record.results)
        ],
    )
    blob = _pickled((org_key(record.reporting_org), fields, *children))
    return PackedActivity(
        record.identifier,
        record.line,
        record.last_updated,
        hashlib.sha256(blob).hexdigest(),
        blob,
    )


class PackedActivity(NamedTuple):
    """What a parser hands to the writer: what the writer decides on (identifier, date of the
    last update, content digest) and the rest of the rows, pickled once.

    The digest is the SHA-256 of that pickle, i.e. of what SSR Monitor keeps of the activity:
    re-importing an activity whose kept content is unchanged writes nothing, even when the
    publisher changed parts of the XML that SSR Monitor does not model. The pickle is made
    without its memo (``Pickler.fast``), so that it depends on the values alone. An activity
    the writer leaves unchanged is never unpickled.
    """

    identifier: str
    line: int | None
    last_updated: datetime | None
    digest: str
    blob: bytes

    def rows(self) -> ActivityRows:
        """The activity's rows (the digest as the last activity column)."""
        reporting, fields, *children = pickle.loads(self.blob)  # noqa: S301 - made by pack()
        return ActivityRows(
            self.identifier,
            self.line,
            self.last_updated,
            self.digest,
            reporting,
            (*fields, self.digest),
            *children,
        )


def _pickled(content: tuple[Any, ...]) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=PICKLE_PROTOCOL)
    pickler.fast = True  # no memo: the bytes depend on the values only
    pickler.dump(content)
    return buffer.getvalue()


def _fields(record: ActivityRecord) -> Row:
    reporting = record.reporting_org
    dates: dict[str, date | None] = {
        name: record.dates.get(code) for code, name in DATE_FIELDS.items()
    }
    return (
        reporting.ref[:200],
        reporting.name[:500],
        reporting.org_type[:3],
        record.default_language[:10],
        record.default_currency[:3],
        record.hierarchy,
        record.humanitarian,
        record.status[:2],
        dates["planned_start"],
        dates["actual_start"],
        dates["planned_end"],
        dates["actual_end"],
        record.collaboration_type[:2],
        record.flow_type[:4],
        record.finance_type[:4],
        record.aid_type[:10],
        record.aid_type_vocabulary[:3],
        record.tied_status[:2],
        record.last_updated,
        record.version[:5],
    )


def _transaction(t: TransactionRecord, position: int) -> Row:
    return (
        t.ref[:200],
        t.transaction_type[:2],
        t.date,
        t.money.value,
        t.money.currency[:3],
        t.money.value_date,
        t.description,
        *_party(t.provider),
        *_party(t.receiver),
        t.recipient_country[:2],
        t.flow_type[:4],
        t.finance_type[:4],
        t.aid_type[:10],
        position,
    )


def _party(org: OrgRef | None) -> tuple[str, str, OrgKey | None, str]:
    """(reference, name, organisation key, type) of a transaction's provider or receiver."""
    if org is None:
        return "", "", None, ""
    key = org_key(org) if (org.ref or org.name) else None
    return org.ref[:200], org.name[:500], key, org.org_type[:3]
