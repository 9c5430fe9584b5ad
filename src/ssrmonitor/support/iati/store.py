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
from datetime import datetime
from typing import Any, NamedTuple

from django.db import connection, models
from django.utils import timezone

from ssrmonitor.core.models import Organisation
from ssrmonitor.support.iati import lookups
from ssrmonitor.support.iati.packed import (
    ACTIVITY_FIELDS,
    BUDGET_COLUMNS,
    COUNTRY_COLUMNS,
    COUNTRY_FK,
    MARKER_COLUMNS,
    PARTICIPANT_COLUMNS,
    PARTICIPANT_ORG,
    PROVIDER_ORG,
    RECEIVER_ORG,
    REGION_COLUMNS,
    RESULT_COLUMNS,
    SECTOR_COLUMNS,
    TEXT_COLUMNS,
    TRANSACTION_COLUMNS,
    ActivityRows,
    OrgKey,
    PackedActivity,
    Row,
)
from ssrmonitor.support.iati.rows import RowInserter, Statement
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
BATCH = 1000  # activities per write: a few queries and one insert per table for each


class ActivityWriter:
    """Stores the packed activities of one file in batches; caches organisations and countries.

    Activities are buffered and written :data:`BATCH` at a time: one query finds the existing
    activities of a batch, and each kind of child row is inserted with one prepared statement
    (or ``COPY``) per batch. On PostgreSQL the batch's ids are taken from the sequences first
    and its rows go in one statement (many rows of one table by ``COPY``), see
    :meth:`write_in_one_statement`: a few waits for the server per batch, whatever its size.
    ``counts`` holds the outcome of every activity once :meth:`flush` has run.
    """

    def __init__(
        self,
        *,
        source_file: str,
        warn: Callable[[str], None],
        countries: dict[str, int] | None = None,
    ) -> None:
        self.source_file = source_file
        self.warn = warn
        self.orgs: dict[tuple[str, str], int] = {}
        self.countries = lookups.countries() if countries is None else countries
        self.created_ids: list[str] = []
        self.updated_ids: list[str] = []
        self.counts: dict[str, int] = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
        self.buffer: dict[str, PackedActivity] = {}

    def add(self, packed: PackedActivity) -> None:
        """Queue an activity; a full batch (or a repeated identifier) is written at once."""
        if packed.identifier in self.buffer:
            self.flush()
        self.buffer[packed.identifier] = packed
        if len(self.buffer) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the queued activities (see the module docstring for the rule)."""
        if not self.buffer:
            return
        batch, self.buffer = list(self.buffer.values()), {}
        existing = {
            row[0]: Stored(*row[1:])
            for row in lookups.stored_activities([packed.identifier for packed in batch])
        }
        new: list[ActivityRows] = []
        replaced: Pending = []
        for packed in batch:
            stored = existing.get(packed.identifier)
            outcome = self.decide(packed, stored)
            self.counts[outcome] += 1
            if outcome == "created":
                new.append(packed.rows())
            elif outcome == "updated" and stored is not None:
                replaced.append((stored.pk, packed.rows()))
        if replaced:
            old = [pk for pk, _rows in replaced]
            for model in CHILDREN:
                model._default_manager.filter(activity_id__in=old).delete()
        self.prefetch_organisations([*new, *(rows for _pk, rows in replaced)])
        now = timezone.now()
        if connection.vendor == "postgresql":
            self.write_in_one_statement(new, replaced, now)
            return
        ids = self.insert_activities(new, now)
        for pk, rows in replaced:
            self.update_activity(pk, rows, now)
        write_children([(ids[rows.identifier], rows) for rows in new] + replaced, self)

    def decide(self, packed: PackedActivity, stored: Stored | None) -> str:
        """created, skipped, unchanged or updated (see the module docstring)."""
        if stored is None:
            self.created_ids.append(packed.identifier)
            return "created"
        if stored.source != Source.IATI:
            self.warn(f"{packed.identifier}: recorded in SSR Monitor; IATI data not applied")
            return "skipped"
        if not is_newer(packed, stored):
            return "unchanged"
        self.updated_ids.append(packed.identifier)
        return "updated"

    def activity_row(self, rows: ActivityRows, now: datetime) -> Row:
        """The activity's own columns, in the order of :data:`ACTIVITY_COLUMNS`."""
        return (
            rows.identifier,
            Source.IATI.value,
            None,  # country: the activities of national partners only
            self.organisation(rows.reporting_org),
            *rows.fields,
            self.source_file[:255],
            now,
        )

    def insert_activities(self, new: list[ActivityRows], now: datetime) -> dict[str, int]:
        """Insert new activities with one prepared statement; their ids by identifier."""
        if not new:
            return {}
        insert(Activity, ACTIVITY_COLUMNS, (self.activity_row(rows, now) for rows in new))
        return lookups.activity_ids([rows.identifier for rows in new])

    def write_in_one_statement(
        self, new: list[ActivityRows], replaced: Pending, now: datetime
    ) -> None:
        """PostgreSQL: the new activities and every child row of the batch in one statement
        (:class:`~ssrmonitor.support.iati.rows.Statement`), with ids taken beforehand from the
        activity and transaction sequences (one query), so that nothing is read back."""
        transactions = sum(len(rows.transactions) for rows in new)
        transactions += sum(len(rows.transactions) for _pk, rows in replaced)
        activity_ids, transaction_ids = lookups.reserve_ids(len(new), transactions)
        for pk, rows in replaced:
            self.update_activity(pk, rows, now)
        statement = Statement()

        def add(model: type[models.Model], names: tuple[str, ...], rows: Iterable[Row]) -> int:
            return statement.add(inserter(model, names), rows)

        numbered = list(zip(activity_ids, new, strict=True))
        add(
            Activity,
            ("id", *ACTIVITY_COLUMNS),
            ((pk, *self.activity_row(rows, now)) for pk, rows in numbered),
        )
        write_children([*numbered, *replaced], self, add, iter(transaction_ids))
        statement.send()

    def update_activity(self, pk: int, rows: ActivityRows, now: datetime) -> None:
        """Replace the published columns of an activity (not its identifier or country)."""
        values = dict(zip(ACTIVITY_COLUMNS, self.activity_row(rows, now), strict=True))
        for kept in ("iati_identifier", "country_id"):
            del values[kept]
        Activity.objects.filter(pk=pk).update(**values)

    def prefetch_organisations(self, batch: list[ActivityRows]) -> None:
        """Find the batch's partners, and create the new ones, in a few queries per batch.

        Known partners are read by identifier and by name (one query on PostgreSQL, see
        :mod:`~ssrmonitor.support.iati.lookups`); the others are
        created with one insert each for identified and named partners and read back. A new
        partner takes the name and type of its first mention in the file.
        """
        missing: dict[tuple[str, str], OrgKey] = {}
        for rows in batch:
            for key in rows.org_keys():
                ref, name, _kind = key
                cache_key = (ref, "" if ref else name)
                if cache_key not in self.orgs:
                    missing.setdefault(cache_key, key)
        if not missing:
            return
        refs = sorted(ref for ref, _name in missing if ref)
        names = sorted(name for ref, name in missing if not ref)
        self.read_organisations(refs, names)
        new = [key for cache_key, key in missing.items() if cache_key not in self.orgs]
        if not new:
            return
        Organisation.objects.bulk_create(
            [
                Organisation(iati_identifier=ref or None, name=name, iati_type=kind)
                for ref, name, kind in new
            ],
            ignore_conflicts=True,
        )
        self.read_organisations(
            sorted(ref for ref, _name, _kind in new if ref),
            sorted(name for ref, name, _kind in new if not ref),
        )

    def read_organisations(self, refs: list[str], names: list[str]) -> None:
        """Cache the ids of the partners with these identifiers, and these names only."""
        by_ref, by_name = lookups.organisations(refs, names)
        for ref, pk in by_ref:
            self.orgs[(ref, "")] = pk
        for name, pk in by_name:
            self.orgs.setdefault(("", name), pk)

    def organisation(self, key: OrgKey) -> int:
        """The id of the partner organisation ``key`` names (prefetched for the batch)."""
        ref, name, _kind = key
        return self.orgs[(ref, "" if ref else name)]

    def org_id(self, key: OrgKey | None) -> int | None:
        return None if key is None else self.organisation(key)


class Stored(NamedTuple):
    """What the writer compares an incoming activity with."""

    pk: int
    source: str
    last_updated: datetime | None
    content_digest: str


def is_newer(packed: PackedActivity, stored: Stored) -> bool:
    """Whether ``packed`` should replace ``stored`` (see the module docstring)."""
    if packed.digest and packed.digest == stored.content_digest:
        return False
    if packed.last_updated is not None and stored.last_updated is not None:
        return packed.last_updated > stored.last_updated
    return True


Pending = list[tuple[int, ActivityRows]]  # (activity id, rows)
ACTIVITY_COLUMNS = (  # attribute names (foreign keys by their ``_id``)
    "iati_identifier",
    "source",
    "country_id",
    "reporting_org_id",
    *ACTIVITY_FIELDS,
    "source_file",
    "imported_at",
)

INSERTERS: dict[tuple[type[models.Model], tuple[str, ...], str], RowInserter] = {}


def inserter(model: type[models.Model], names: tuple[str, ...]) -> RowInserter:
    """The (cached) :class:`RowInserter` of ``model`` for the columns ``names``."""
    key = (model, names, connection.vendor)
    found = INSERTERS.get(key)
    if found is None:
        found = INSERTERS[key] = RowInserter(model, names)
    return found


def insert(
    model: type[models.Model], names: tuple[str, ...], rows: Iterable[tuple[Any, ...]]
) -> int:
    """Insert plain-tuple ``rows`` into ``model``'s table with a prepared statement (cached)."""
    return inserter(model, names).insert(rows)


Add = Callable[[type[models.Model], tuple[str, ...], Iterable[Row]], int]


def _under(pending: Pending, part: str) -> Iterator[Row]:
    """The ``part`` rows of every pending activity, its id first."""
    for activity_id, rows in pending:
        pk = (activity_id,)
        for row in getattr(rows, part):
            yield pk + row


def write_children(
    pending: Pending,
    writer: ActivityWriter,
    add: Add = insert,
    transaction_ids: Iterator[int] | None = None,
) -> None:
    """Create every repeated part of the activities under them, one insert per kind.

    ``add`` inserts (or queues, see :meth:`ActivityWriter.write_in_one_statement`) the rows
    of one table. ``transaction_ids``, when given, are the ids the new transactions take (in
    order); otherwise the transactions' ids are read back for the sectors declared on them.
    """
    add(ActivityText, ("activity", *TEXT_COLUMNS), _under(pending, "texts"))
    add(
        ParticipatingOrg,
        ("activity", *PARTICIPANT_COLUMNS),
        (
            _with(row, PARTICIPANT_ORG, writer.organisation(row[PARTICIPANT_ORG + 1]))
            for row in _under(pending, "participants")
        ),
    )
    countries = writer.countries
    add(
        RecipientCountry,
        ("activity", *COUNTRY_COLUMNS),
        (
            _with(row, COUNTRY_FK, countries.get(row[COUNTRY_FK + 1]))
            for row in _under(pending, "countries")
        ),
    )
    add(RecipientRegion, ("activity", *REGION_COLUMNS), _under(pending, "regions"))
    add(SectorAllocation, ("activity", *SECTOR_COLUMNS), _under(pending, "sectors"))
    add(PolicyMarker, ("activity", *MARKER_COLUMNS), _under(pending, "markers"))
    add(Budget, ("activity", *BUDGET_COLUMNS), _under(pending, "budgets"))
    if transaction_ids is None:
        add(
            Transaction,
            ("activity", *TRANSACTION_COLUMNS),
            (_with_parties(row, writer) for row in _under(pending, "transactions")),
        )
        ids = _transaction_ids(pending)
    else:
        ids = {}
        numbered = []
        for row in _under(pending, "transactions"):
            pk = next(transaction_ids)
            ids[(row[0], row[-1])] = pk  # (activity id, position)
            numbered.append((pk, *_with_parties(row, writer)))
        add(Transaction, ("id", "activity", *TRANSACTION_COLUMNS), numbered)
    add(
        SectorAllocation,
        ("activity", *SECTOR_COLUMNS),
        (
            (activity_id, ids[(activity_id, position)], vocabulary, code, None)
            for activity_id, rows in pending
            for position, vocabulary, code in rows.transaction_sectors
        ),
    )
    add(Result, ("activity", *RESULT_COLUMNS), _under(pending, "results"))


def _with(row: Row, column: int, value: Any) -> Row:
    """``row`` (activity id first) with ``value`` in child column ``column``."""
    at = column + 1
    return (*row[:at], value, *row[at + 1 :])


def _with_parties(row: Row, writer: ActivityWriter) -> Row:
    """A transaction row with its provider and receiver keys replaced by organisation ids."""
    provider, receiver = PROVIDER_ORG + 1, RECEIVER_ORG + 1
    return (
        *row[:provider],
        writer.org_id(row[provider]),
        *row[provider + 1 : receiver],
        writer.org_id(row[receiver]),
        *row[receiver + 1 :],
    )


def _transaction_ids(pending: Pending) -> dict[tuple[int, int], int]:
    """The ids of the transactions just inserted, of the activities that declare sectors on
    their transactions, by (activity id, position)."""
    wanted = [activity_id for activity_id, rows in pending if rows.transaction_sectors]
    return lookups.transaction_ids(wanted) if wanted else {}
