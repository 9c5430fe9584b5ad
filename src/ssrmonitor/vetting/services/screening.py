"""Screening the registry: batch runs, online screening on registration, saving file runs.

A hit at or above the "possible" band opens one :class:`Case` for its (person, record) pair —
never a second one for the same pair, however often the pair is screened again. Opening a
case decides nothing: it starts the due-process workflow of :mod:`.cases`.

Online screening keeps, per process, the country's :class:`Screener` (the engine's index of
the records) and reuses it while the records are unchanged: the cache key is the country, the
thresholds, the number of records and their latest ``updated_at`` — any import, registration,
change or deletion of a record changes it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from ssrmonitor.core import actors, audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.vetting.entries import person_entry, record_entry
from ssrmonitor.vetting.matching import Band as HitBand
from ssrmonitor.vetting.matching import Entry, Hit, Screener, Thresholds
from ssrmonitor.vetting.models import (
    Band,
    Case,
    CaseStep,
    Person,
    ScreeningPolicy,
    ScreeningRun,
    ViolationCategory,
    ViolationRecord,
)
from ssrmonitor.vetting.services.registry import create_person, require_edit
from ssrmonitor.vetting.services.registry_files import upsert_persons, upsert_records

ONLINE_LIMIT = 10
MATCH_PROBABILITY = "match probability"  # the explanation's last row (posterior)

_CacheKey = tuple[int, float, float, int, datetime | None]
_cache: dict[int, tuple[_CacheKey, Screener]] = {}
_cache_lock = threading.Lock()


def thresholds_for(country: Country) -> Thresholds:
    """The country's thresholds (its :class:`ScreeningPolicy`), or the engine's defaults."""
    policy = ScreeningPolicy.objects.filter(country=country).first()
    if policy is None:
        return Thresholds.default()
    return Thresholds(probable=policy.probable_threshold, possible=policy.possible_threshold)


def _key(country: Country, thresholds: Thresholds) -> _CacheKey:
    rows = ViolationRecord.objects.filter(country=country)
    agg = rows.aggregate(count=Count("pk"), latest=Max("updated_at"))
    return (
        country.pk,
        thresholds.probable,
        thresholds.possible,
        int(agg["count"]),
        agg["latest"],
    )


def screener_for(country: Country, thresholds: Thresholds | None = None) -> Screener:
    """The engine loaded with the country's records (cached while the records are unchanged)."""
    thresholds = thresholds or thresholds_for(country)
    key = _key(country, thresholds)
    with _cache_lock:
        cached = _cache.get(country.pk)
        if cached is not None and cached[0] == key:
            return cached[1]
    # In row order: the run's random pairs are drawn by position, so every process that loads
    # the records (the workers screening a registry in chunks) must see them in the same order.
    rows = ViolationRecord.objects.filter(country=country).order_by("pk")
    records = rows.iterator(chunk_size=2000)
    screener = Screener((record_entry(record) for record in records), thresholds)
    with _cache_lock:
        _cache[country.pk] = (key, screener)
    return screener


def forget_screeners() -> None:
    """Empty the cache (tests; the key makes this unnecessary in normal use)."""
    with _cache_lock:
        _cache.clear()


def evidence_json(hit: Hit) -> list[dict[str, Any]]:
    """The hit's explanation, field by field, as stored in a case.

    Each field gives the engine's weight and, where the hit was banded by a calibrated model,
    its Bayes factor (``log₂ m/u``); a last row gives the posterior match probability and its
    log₂ odds (prior plus the Bayes factors).
    """
    items: list[dict[str, Any]] = [
        {
            "field": item.field,
            "weight": round(float(item.weight), 3),
            "detail": item.detail,
            "bayes_factor": None if item.bayes_factor is None else round(item.bayes_factor, 2),
        }
        for item in hit.evidence
    ]
    if hit.posterior is not None:
        odds = hit.match_weight if hit.match_weight is not None else 0.0
        items.append(
            {
                "field": MATCH_PROBABILITY,
                "weight": round(float(odds), 3),
                "detail": f"{hit.posterior:.4f}",
                "bayes_factor": None,
                "posterior": round(hit.posterior, 6),
            }
        )
    return items


def _counted(hits: Iterable[Hit]) -> tuple[list[Hit], int, int]:
    kept = [hit for hit in hits if str(hit.band) != HitBand.NO_MATCH]
    probable = sum(1 for hit in kept if str(hit.band) == HitBand.PROBABLE)
    return kept, probable, len(kept) - probable


def _start_run(
    country: Country,
    acting_user: Actor,
    kind: str,
    thresholds: Thresholds,
    **counts: Any,
) -> ScreeningRun:
    run = ScreeningRun.objects.create(
        country=country,
        kind=kind,
        probable_threshold=thresholds.probable,
        possible_threshold=thresholds.possible,
        started_by=actors.person(acting_user),
        **counts,
    )
    after = {"kind": kind, **{k: v for k, v in counts.items() if k != "source_name"}}
    audit.record(
        actor=acting_user, action="screen", obj=run, country_iso2=country.iso2, after=after
    )
    return run


def open_cases(
    run: ScreeningRun,
    hits: Sequence[Hit],
    persons: Mapping[str, int],
    records: Mapping[str, int],
    acting_user: Actor,
) -> list[Case]:
    """One case per hit's (person, record) pair; a pair that has a case keeps it.

    Returns the case of every hit, new or already open, best score first.
    """
    country = run.country
    pairs = {(persons[hit.person_id], records[hit.record_id]): hit for hit in hits}
    person_ids = {person for person, _record in pairs}
    existing = {
        (case.person_id, case.record_id): case
        for case in Case.objects.filter(country=country, person_id__in=person_ids)
    }
    user = actors.person(acting_user)
    result: list[Case] = []
    for (person_id, record_id), hit in pairs.items():
        case = existing.get((person_id, record_id))
        if case is None:
            case = Case.objects.create(
                country=country,
                person_id=person_id,
                record_id=record_id,
                run=run,
                score=float(hit.score),
                band=Band(str(hit.band)),
                explanation=evidence_json(hit),  # type: ignore[misc]
            )
            details = {"run": run.pk, "score": case.score, "band": case.band}
            step = CaseStep(case=case, kind=CaseStep.Kind.OPENED, actor=user)
            step.details = details
            step.save()
            after = {"status": case.status, "band": case.band, "score": case.score, "run": run.pk}
            audit.record(
                actor=acting_user, action="open", obj=case, country_iso2=country.iso2, after=after
            )
        result.append(case)
    result.sort(key=lambda case: -case.score)
    return result


def _check_hits(hits: Sequence[Hit], roster: Sequence[Entry], records: Sequence[Entry]) -> None:
    persons = {entry.id for entry in roster}
    known = {entry.id for entry in records}
    for hit in hits:
        if hit.person_id not in persons or hit.record_id not in known:
            raise ValidationFailed.one(
                "hits",
                _("A hit names a person or record that is not in the files screened."),
            )


@transaction.atomic(durable=True)
def save_screening(
    *,
    acting_user: Actor,
    country: Country,
    roster: Sequence[Entry],
    records: Sequence[Entry],
    hits: Sequence[Hit],
    source_name: str,
    thresholds: Thresholds,
    seconds: float = 0.0,
    record_categories: Mapping[str, str] | None = None,
) -> ScreeningRun:
    """Save a screening of files (``ssrmonitor screen --save``) into the country's registry.

    Persons and records are created or updated by their file identifier (its keyed hash); a
    record new to the registry gets its category from ``record_categories`` (by record id,
    default "other violation") and the file name as its source. Each hit at or above the
    "possible" band opens a case (none twice for the same pair).

    Args:
        acting_user: a vetting officer of the country, or the system holding ``vetting.edit``.
        country: the country whose registry receives the run.
        roster: the persons screened (ids are the roster's ``person_id``).
        records: the records screened against (ids are the ``record_id`` / UN reference).
        hits: the engine's hits.
        source_name: the files screened, for the run's record (not personal data).
        thresholds: the thresholds the hits were banded with.
        seconds: how long the screening took.
        record_categories: category of each new record by id (optional).
    """
    require_edit(acting_user, country)
    kept, probable, possible = _counted(hits)
    _check_hits(kept, roster, records)
    persons, person_summary = upsert_persons(country, roster, acting_user)
    categories = record_categories or {}

    def extra(entry: Entry) -> dict[str, Any]:
        category = categories.get(entry.id)
        return {"category": category} if category in ViolationCategory.values else {}

    defaults = {"category": ViolationCategory.OTHER_HUMAN_RIGHTS, "source": source_name}
    record_ids, record_summary = upsert_records(
        country, records, acting_user, extra=extra, defaults=defaults
    )
    after = {
        "import": "screening",
        "persons_created": person_summary.created,
        "persons_updated": person_summary.updated,
        "records_created": record_summary.created,
        "records_updated": record_summary.updated,
    }
    audit.record(
        actor=acting_user, action="import", obj=country, country_iso2=country.iso2, after=after
    )
    run = _start_run(
        country,
        acting_user,
        ScreeningRun.Kind.BATCH,
        thresholds,
        source_name=source_name[:255],
        persons_screened=len(roster),
        records_compared=len(records),
        probable_hits=probable,
        possible_hits=possible,
        seconds=round(seconds, 3),
    )
    open_cases(run, kept, persons, record_ids, acting_user)
    return run


@transaction.atomic(durable=True)
def screen_registry(*, acting_user: Actor, country: Country) -> ScreeningRun:
    """Screen every registered person of the country against its records and watchlists.

    Uses the country's thresholds (:func:`thresholds_for`). Opens a case for every new hit.
    """
    require_edit(acting_user, country)
    started = time.perf_counter()
    thresholds = thresholds_for(country)
    screener = screener_for(country, thresholds)
    persons = Person.objects.filter(country=country).order_by("pk")  # as the chunks see them
    entries = [person_entry(person) for person in persons]
    kept, probable, possible = _counted(screener.screen(entries))
    run = _start_run(
        country,
        acting_user,
        ScreeningRun.Kind.BATCH,
        thresholds,
        source_name=_("registry"),
        persons_screened=len(entries),
        records_compared=ViolationRecord.objects.filter(country=country).count(),
        probable_hits=probable,
        possible_hits=possible,
        seconds=round(time.perf_counter() - started, 3),
    )
    ids = {hit.person_id: int(hit.person_id) for hit in kept}
    records = {hit.record_id: int(hit.record_id) for hit in kept}
    open_cases(run, kept, ids, records, acting_user)
    return run


def _screen_person(person: Person, acting_user: Actor) -> list[Case]:
    require_edit(acting_user, person.country)
    started = time.perf_counter()
    country = person.country
    thresholds = thresholds_for(country)
    screener = screener_for(country, thresholds)
    hits, probable, possible = _counted(screener.screen_one(person_entry(person), ONLINE_LIMIT))
    run = _start_run(
        country,
        acting_user,
        ScreeningRun.Kind.ONLINE,
        thresholds,
        source_name=_("registration"),
        persons_screened=1,
        records_compared=ViolationRecord.objects.filter(country=country).count(),
        probable_hits=probable,
        possible_hits=possible,
        seconds=round(time.perf_counter() - started, 3),
    )
    records = {hit.record_id: int(hit.record_id) for hit in hits}
    return open_cases(run, hits, {str(person.pk): person.pk}, records, acting_user)


@transaction.atomic(durable=True)
def screen_person(*, acting_user: Actor, person: Person) -> list[Case]:
    """Screen one registered person now (online); return the cases of their hits."""
    return _screen_person(person, acting_user)


@transaction.atomic(durable=True)
def register_and_screen(
    *, acting_user: Actor, country: Country, **fields: Any
) -> tuple[Person, list[Case]]:
    """Register a person and screen them at once (registration form, API).

    Args:
        acting_user: a vetting officer of the country.
        country: the country.
        **fields: as :func:`~ssrmonitor.vetting.services.registry.register_person`.
    """
    person = create_person(acting_user=acting_user, country=country, **fields)
    return person, _screen_person(person, acting_user)


@transaction.atomic(durable=True)
def preview_screening(*, acting_user: Actor, country: Country, entry: Entry) -> list[Hit]:
    """Screen one person given in a request, without saving them nor opening cases.

    The look-up is audited (counts only): it reveals which records resemble a person.
    """
    require_edit(acting_user, country)
    hits, probable, possible = _counted(screener_for(country).screen_one(entry, ONLINE_LIMIT))
    after = {"kind": "preview", "probable_hits": probable, "possible_hits": possible}
    audit.record(
        actor=acting_user, action="screen", obj=country, country_iso2=country.iso2, after=after
    )
    return hits
