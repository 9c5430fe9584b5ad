"""Writing activity records into the database: upsert by IATI identifier.

Runs inside the caller's transaction (one per file). The rule, in order:

1. no activity with this identifier → **created**;
2. the stored activity was recorded in SSR Monitor (``source = national``) → **skipped** with a
   warning: published IATI data never overwrites a national entry;
3. same content digest, or the incoming ``last-updated-datetime`` is not newer than the stored
   one → **unchanged** (re-importing a file changes nothing);
4. otherwise → **updated**: the activity is replaced wholly (its texts, organisations,
   countries, sectors, markers, budgets, transactions and results are deleted and written
   again, so no transaction is duplicated). Alignment and component links made by people are
   kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection, models
from django.utils import timezone

from ssrmonitor.core.models import Country, Organisation
from ssrmonitor.support.iati.records import ActivityRecord, OrgRef, TransactionRecord
from ssrmonitor.support.iati.rows import RowInserter
from ssrmonitor.support.models import (
    Activity,
    ActivityText,
    Budget,
    ParticipatingOrg,
    PolicyMarker,
    RecipientCountry,
    RecipientRegion,
    Result,
    SectorAllocation,
    Source,
    Transaction,
)

CHILDREN = (
    ActivityText,
    ParticipatingOrg,
    RecipientCountry,
    RecipientRegion,
    SectorAllocation,
    PolicyMarker,
    Budget,
    Transaction,
    Result,
)
DATE_FIELDS = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}


def is_org_identifier(ref: str) -> bool:
    """IATI organisation identifiers are ``<agency prefix>-<number>``; bare codes are not."""
    return "-" in ref and len(ref) <= 100


BATCH = 250


class ActivityWriter:
    """Stores the records of one file in batches; caches organisations and countries.

    Records are buffered and written :data:`BATCH` at a time: one query finds the existing
    activities of a batch, and each kind of child row is inserted with one ``bulk_create`` per
    batch. ``counts`` holds the outcome of every record once :meth:`flush` has run.
    """

    def __init__(self, *, source_file: str, warn: Callable[[str], None]) -> None:
        self.source_file = source_file
        self.warn = warn
        self.orgs: dict[tuple[str, str], Organisation] = {}
        self.countries = dict(Country.objects.values_list("iso2", "pk"))
        self.created_ids: list[str] = []
        self.updated_ids: list[str] = []
        self.counts: dict[str, int] = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
        self.buffer: dict[str, ActivityRecord] = {}

    def add(self, record: ActivityRecord) -> None:
        """Queue ``record``; a full batch (or a repeated identifier) is written at once."""
        if record.identifier in self.buffer:
            self.flush()
        self.buffer[record.identifier] = record
        if len(self.buffer) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the queued records (see the module docstring for the rule)."""
        if not self.buffer:
            return
        records, self.buffer = list(self.buffer.values()), {}
        existing = Activity.objects.in_bulk(
            [r.identifier for r in records], field_name="iati_identifier"
        )
        pending: list[tuple[Activity, ActivityRecord]] = []
        replaced: list[int] = []
        for record in records:
            outcome, activity = self.decide(record, existing.get(record.identifier))
            self.counts[outcome] += 1
            if activity is not None:
                pending.append((activity, record))
                if activity.pk is not None:
                    replaced.append(activity.pk)
        for model in CHILDREN:
            model._default_manager.filter(activity_id__in=replaced).delete()
        self.prefetch_organisations([record for _activity, record in pending])
        self.save_activities(pending)
        write_children(pending, self)

    def decide(
        self, record: ActivityRecord, existing: Activity | None
    ) -> tuple[str, Activity | None]:
        if existing is None:
            self.created_ids.append(record.identifier)
            return "created", Activity(iati_identifier=record.identifier)
        if existing.source != Source.IATI:
            self.warn(f"{record.identifier}: recorded in SSR Monitor; IATI data not applied")
            return "skipped", None
        if not is_newer(record, existing):
            return "unchanged", None
        self.updated_ids.append(record.identifier)
        return "updated", existing

    def save_activities(self, pending: list[tuple[Activity, ActivityRecord]]) -> None:
        now = timezone.now()
        for activity, record in pending:
            apply_record(activity, record, self.organisation(record.reporting_org))
            activity.source = Source.IATI
            activity.source_file = self.source_file[:255]
            activity.imported_at = now
        new = [a for a, _ in pending if a.pk is None]
        old = [a for a, _ in pending if a.pk is not None]
        insert_activities(new)
        for activity in old:
            activity.save()

    def prefetch_organisations(self, records: list[ActivityRecord]) -> None:
        """Read the batch's known partners in two queries instead of one per organisation."""
        refs: set[str] = set()
        names: set[str] = set()
        for record in records:
            parties = [record.reporting_org, *(p.org for p in record.participants)]
            for t in record.transactions:
                parties.extend(org for org in (t.provider, t.receiver) if org is not None)
            for org in parties:
                ref, name = _org_key(org)
                if (ref, "" if ref else name) in self.orgs:
                    continue
                (refs if ref else names).add(ref or name)
        for chunk in _chunks(sorted(refs)):
            for found in Organisation.objects.filter(iati_identifier__in=chunk):
                self.orgs[(found.iati_identifier or "", "")] = found
        for chunk in _chunks(sorted(names)):
            rows = Organisation.objects.filter(iati_identifier=None, name__in=chunk)
            for found in rows.order_by("pk"):
                self.orgs.setdefault(("", found.name), found)

    def organisation(self, org: OrgRef) -> Organisation:
        """The partner organisation: by IATI identifier when there is one, else by name."""
        ref, name = _org_key(org)
        key = (ref, "" if ref else name)
        if key in self.orgs:
            return self.orgs[key]
        if ref:
            found, _ = Organisation.objects.get_or_create(
                iati_identifier=ref, defaults={"name": name, "iati_type": org.org_type[:3]}
            )
        else:
            named = Organisation.objects.filter(iati_identifier=None, name=name).first()
            found = named or Organisation.objects.create(name=name, iati_type=org.org_type[:3])
        self.orgs[key] = found
        return found


def insert_activities(activities: list[Activity]) -> None:
    """Insert new activities with one prepared statement, then read their ids back (one query)."""
    if not activities:
        return
    fields = [f for f in Activity._meta.concrete_fields if not f.primary_key]
    insert(
        Activity,
        tuple(f.name for f in fields),
        (tuple(getattr(a, f.attname) for f in fields) for a in activities),
    )
    wanted = [a.iati_identifier for a in activities]
    ids: dict[str, int] = {}
    for chunk in _chunks(wanted):
        rows = Activity.objects.filter(iati_identifier__in=chunk)
        ids.update(rows.values_list("iati_identifier", "pk"))
    for activity in activities:
        activity.pk = ids[activity.iati_identifier]
        activity._state.adding = False
        activity._state.db = "default"


def _org_key(org: OrgRef) -> tuple[str, str]:
    """(IATI identifier or "", name) by which a partner organisation is found."""
    ref = org.ref if is_org_identifier(org.ref) else ""
    return ref, (org.name or org.ref or "?")[:250]


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def is_newer(record: ActivityRecord, existing: Activity) -> bool:
    """Whether ``record`` should replace ``existing`` (see the module docstring)."""
    if record.digest and record.digest == existing.content_digest:
        return False
    if record.last_updated is not None and existing.last_updated is not None:
        return record.last_updated > existing.last_updated
    return True


def apply_record(activity: Activity, record: ActivityRecord, reporter: Organisation) -> None:
    """Copy the activity-level fields of ``record`` onto ``activity`` (not saved)."""
    activity.reporting_org = reporter
    activity.reporting_org_ref = record.reporting_org.ref[:200]
    activity.reporting_org_name = record.reporting_org.name[:500]
    activity.reporting_org_type = record.reporting_org.org_type[:3]
    activity.default_language = record.default_language[:10]
    activity.default_currency = record.default_currency[:3]
    activity.hierarchy = record.hierarchy
    activity.humanitarian = record.humanitarian
    activity.status = record.status[:2]
    for code, name in DATE_FIELDS.items():
        setattr(activity, name, record.dates.get(code))
    activity.collaboration_type = record.collaboration_type[:2]
    activity.flow_type = record.flow_type[:4]
    activity.finance_type = record.finance_type[:4]
    activity.aid_type = record.aid_type[:10]
    activity.aid_type_vocabulary = record.aid_type_vocabulary[:3]
    activity.tied_status = record.tied_status[:2]
    activity.last_updated = record.last_updated
    activity.iati_version = record.version[:5]
    activity.content_digest = record.digest


Pending = list[tuple[Activity, ActivityRecord]]

INSERTERS: dict[tuple[type[models.Model], tuple[str, ...], str], RowInserter] = {}


def insert(
    model: type[models.Model], names: tuple[str, ...], rows: Iterable[tuple[Any, ...]]
) -> int:
    """Insert plain-tuple ``rows`` into ``model``'s table with a prepared statement (cached)."""
    key = (model, names, connection.vendor)
    inserter = INSERTERS.get(key)
    if inserter is None:
        inserter = INSERTERS[key] = RowInserter(model, names)
    return inserter.insert(rows)


def write_children(pending: Pending, writer: ActivityWriter) -> None:
    """Create every repeated part of the records under their activities, one insert per kind."""
    insert(
        ActivityText,
        ("activity", "kind", "description_type", "language", "text", "position"),
        (
            (activity.pk, t.kind, t.description_type[:2], t.language[:10], t.text, i)
            for activity, record in pending
            for i, t in enumerate(record.texts)
        ),
    )
    insert(
        ParticipatingOrg,
        ("activity", "organisation", "ref", "name", "role", "org_type", "position"),
        (
            (
                activity.pk,
                writer.organisation(p.org).pk,
                p.org.ref[:200],
                p.org.name[:500],
                p.role[:2],
                p.org.org_type[:3],
                i,
            )
            for activity, record in pending
            for i, p in enumerate(record.participants)
        ),
    )
    _write_places(pending, writer)
    insert(
        SectorAllocation,
        ("activity", "transaction", "vocabulary", "code", "percentage"),
        (
            (activity.pk, None, s.vocabulary[:3], s.code[:50], s.percentage)
            for activity, record in pending
            for s in record.sectors
        ),
    )
    insert(
        PolicyMarker,
        ("activity", "vocabulary", "code", "significance"),
        (
            (activity.pk, m.vocabulary[:3], m.code[:20], m.significance[:2])
            for activity, record in pending
            for m in record.markers
        ),
    )
    _write_money(pending, writer)
    insert(
        Result,
        ("activity", "result_type", "aggregation_status", "title", "description", "position"),
        (
            (activity.pk, r.result_type[:2], r.aggregation_status, r.title, r.description, i)
            for activity, record in pending
            for i, r in enumerate(record.results)
        ),
    )


def _write_places(pending: Pending, writer: ActivityWriter) -> None:
    insert(
        RecipientCountry,
        ("activity", "code", "country", "percentage"),
        (
            (activity.pk, c.code[:2], writer.countries.get(c.code), c.percentage)
            for activity, record in pending
            for c in record.countries
        ),
    )
    insert(
        RecipientRegion,
        ("activity", "code", "vocabulary", "percentage"),
        (
            (activity.pk, r.code[:10], r.vocabulary[:3], r.percentage)
            for activity, record in pending
            for r in record.regions
        ),
    )


def _write_money(pending: Pending, writer: ActivityWriter) -> None:
    insert(
        Budget,
        BUDGET_COLUMNS,
        (
            (
                activity.pk,
                b.budget_type[:2],
                b.status[:2],
                b.period_start,
                b.period_end,
                b.money.value,
                b.money.currency[:3],
                b.money.value_date,
            )
            for activity, record in pending
            for b in record.budgets
        ),
    )
    insert(
        Transaction,
        TRANSACTION_COLUMNS,
        (
            _transaction(activity.pk, t, i, writer)
            for activity, record in pending
            for i, t in enumerate(record.transactions)
        ),
    )
    _write_transaction_sectors(pending)


def _write_transaction_sectors(pending: Pending) -> None:
    """Sectors declared on transactions, under the transactions just inserted."""
    wanted = [
        (activity.pk, i, t)
        for activity, record in pending
        for i, t in enumerate(record.transactions)
        if t.sectors
    ]
    if not wanted:
        return
    ids = {
        (activity_id, position): pk
        for pk, activity_id, position in Transaction.objects.filter(
            activity_id__in={activity_id for activity_id, _, _ in wanted}
        ).values_list("pk", "activity_id", "position")
    }
    insert(
        SectorAllocation,
        ("activity", "transaction", "vocabulary", "code", "percentage"),
        (
            (activity_id, ids[(activity_id, i)], s.vocabulary[:3], s.code[:50], None)
            for activity_id, i, t in wanted
            for s in t.sectors
        ),
    )


BUDGET_COLUMNS = (
    "activity",
    "budget_type",
    "status",
    "period_start",
    "period_end",
    "value",
    "currency",
    "value_date",
)
TRANSACTION_COLUMNS = (
    "activity",
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


def _transaction(
    activity_id: int, t: TransactionRecord, position: int, writer: ActivityWriter
) -> tuple[Any, ...]:
    return (
        activity_id,
        t.ref[:200],
        t.transaction_type[:2],
        t.date,
        t.money.value,
        t.money.currency[:3],
        t.money.value_date,
        t.description,
        *_party(t.provider, writer),
        *_party(t.receiver, writer),
        t.recipient_country[:2],
        t.flow_type[:4],
        t.finance_type[:4],
        t.aid_type[:10],
        position,
    )


def _party(org: OrgRef | None, writer: ActivityWriter) -> tuple[str, str, int | None, str]:
    """(reference, name, organisation id, type) of a transaction's provider or receiver."""
    if org is None:
        return "", "", None, ""
    found = writer.organisation(org).pk if (org.ref or org.name) else None
    return org.ref[:200], org.name[:500], found, org.org_type[:3]
