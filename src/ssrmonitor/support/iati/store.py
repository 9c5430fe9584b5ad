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

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from ssrmonitor.core.models import Country, Organisation
from ssrmonitor.support.iati.records import ActivityRecord, OrgRef, TransactionRecord
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
        Activity.objects.bulk_create(new)
        for activity, _ in pending:
            if activity not in new:
                activity.save()

    def organisation(self, org: OrgRef) -> Organisation:
        """The partner organisation: by IATI identifier when there is one, else by name."""
        ref = org.ref if is_org_identifier(org.ref) else ""
        name = (org.name or org.ref or "?")[:250]
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


def write_children(pending: Pending, writer: ActivityWriter) -> None:
    """Create every repeated part of the records under their activities, one insert per kind."""
    ActivityText.objects.bulk_create(
        ActivityText(
            activity=activity,
            kind=t.kind,
            description_type=t.description_type[:2],
            language=t.language[:10],
            text=t.text,
            position=i,
        )
        for activity, record in pending
        for i, t in enumerate(record.texts)
    )
    ParticipatingOrg.objects.bulk_create(
        ParticipatingOrg(
            activity=activity,
            organisation=writer.organisation(p.org),
            ref=p.org.ref[:200],
            name=p.org.name[:500],
            role=p.role[:2],
            org_type=p.org.org_type[:3],
            position=i,
        )
        for activity, record in pending
        for i, p in enumerate(record.participants)
    )
    _write_places(pending, writer)
    SectorAllocation.objects.bulk_create(
        SectorAllocation(
            activity=activity,
            vocabulary=s.vocabulary[:3],
            code=s.code[:50],
            percentage=s.percentage,
        )
        for activity, record in pending
        for s in record.sectors
    )
    PolicyMarker.objects.bulk_create(
        PolicyMarker(
            activity=activity,
            vocabulary=m.vocabulary[:3],
            code=m.code[:20],
            significance=m.significance[:2],
        )
        for activity, record in pending
        for m in record.markers
    )
    _write_money(pending, writer)
    Result.objects.bulk_create(
        Result(
            activity=activity,
            result_type=r.result_type[:2],
            aggregation_status=r.aggregation_status,
            title=r.title,
            description=r.description,
            position=i,
        )
        for activity, record in pending
        for i, r in enumerate(record.results)
    )


def _write_places(pending: Pending, writer: ActivityWriter) -> None:
    RecipientCountry.objects.bulk_create(
        RecipientCountry(
            activity=activity,
            code=c.code[:2],
            country_id=writer.countries.get(c.code),
            percentage=c.percentage,
        )
        for activity, record in pending
        for c in record.countries
    )
    RecipientRegion.objects.bulk_create(
        RecipientRegion(
            activity=activity,
            code=r.code[:10],
            vocabulary=r.vocabulary[:3],
            percentage=r.percentage,
        )
        for activity, record in pending
        for r in record.regions
    )


def _write_money(pending: Pending, writer: ActivityWriter) -> None:
    Budget.objects.bulk_create(
        Budget(
            activity=activity,
            budget_type=b.budget_type[:2],
            status=b.status[:2],
            period_start=b.period_start,
            period_end=b.period_end,
            value=b.money.value,
            currency=b.money.currency[:3],
            value_date=b.money.value_date,
        )
        for activity, record in pending
        for b in record.budgets
    )
    pairs = [
        (_transaction(activity, t, i, writer), t)
        for activity, record in pending
        for i, t in enumerate(record.transactions)
    ]
    Transaction.objects.bulk_create([row for row, _ in pairs])
    SectorAllocation.objects.bulk_create(
        SectorAllocation(
            activity_id=row.activity_id,
            transaction=row,
            vocabulary=s.vocabulary[:3],
            code=s.code[:50],
        )
        for row, t in pairs
        for s in t.sectors
    )


def _transaction(
    activity: Activity, t: TransactionRecord, position: int, writer: ActivityWriter
) -> Transaction:
    fields: dict[str, Any] = {}
    for side in ("provider", "receiver"):
        org: OrgRef | None = getattr(t, side)
        if org is not None:
            fields[f"{side}_ref"] = org.ref[:200]
            fields[f"{side}_name"] = org.name[:500]
            if org.ref or org.name:
                fields[f"{side}_org"] = writer.organisation(org)
    return Transaction(
        activity=activity,
        ref=t.ref[:200],
        transaction_type=t.transaction_type[:2],
        date=t.date,
        value=t.money.value,
        currency=t.money.currency[:3],
        value_date=t.money.value_date,
        description=t.description,
        recipient_country=t.recipient_country[:2],
        flow_type=t.flow_type[:4],
        finance_type=t.finance_type[:4],
        aid_type=t.aid_type[:10],
        position=position,
        **fields,
    )
