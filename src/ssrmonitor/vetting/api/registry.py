"""Vetting API: the registries and screening, under ``/api/v1/vetting/{iso2}/``.

Personal data: every route needs a vetting officer or reviewer of the country (bearer token or
session; never anonymous). Lists and reads are audited; registering a person screens them at
once and answers the cases their hits opened; ``POST /screen`` screens a person given in the
body without saving anything.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status

from ssrmonitor.core.api_support import (
    WRITE_AUTH,
    Page,
    PageParams,
    actor_of,
    page_of,
    viewer_of,
)
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action
from ssrmonitor.sector.models import Institution
from ssrmonitor.vetting.entries import birth_date_from_json, birth_date_input
from ssrmonitor.vetting.matching import Entry
from ssrmonitor.vetting.models import Case, CaseStatus, ScreeningRun
from ssrmonitor.vetting.permissions import (
    access_person_by_id,
    access_record_by_id,
    access_vetting_country,
    audit_list_read,
    check_country,
    persons_visible_to,
    records_visible_to,
    runs_visible_to,
)
from ssrmonitor.vetting.schemas import (
    VETTING_ERRORS,
    HitOut,
    PersonCreatedOut,
    PersonIn,
    PersonOut,
    PersonRowOut,
    RecordIn,
    RecordOut,
    RecordRowOut,
    RunOut,
    ScreenIn,
    case_out,
    hit_out,
    person_out,
    record_out,
)
from ssrmonitor.vetting.services.registry import person_hash, record_hash, register_record
from ssrmonitor.vetting.services.screening import (
    preview_screening,
    register_and_screen,
    screen_registry,
)

router = Router()
PERSONAL = Action.VIEW_VETTING_PERSONAL
CLOSED = (CaseStatus.NOT_THE_PERSON, CaseStatus.FINAL)
_CHOICES = {"sex", "category", "source_reliability", "status"}


class PersonFilters(PageParams):
    reference: str = Field("", description="Exact person id", examples=["HNP-004512"])


class RecordFilters(PageParams):
    reference: str = Field("", description="Exact record id", examples=["HRS-2019-117"])
    watchlist_id: int | None = None


class RunFilters(PageParams):
    kind: ScreeningRun.Kind | None = None


def _page(count: int, params: PageParams, items: list[Any]) -> dict[str, Any]:
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": items}


def _institution(country: Country, institution_id: int | None) -> Institution | None:
    if institution_id is None:
        return None
    found = Institution.objects.filter(country=country, pk=institution_id).first()
    if found is None:
        raise ValidationFailed.one("institution_id", _("Unknown institution of the country."))
    return found


@router.get(
    "/{iso2}/persons",
    response={200: Page[PersonRowOut], **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="List personnel",
)
def list_persons(request: HttpRequest, iso2: str, filters: Query[PersonFilters]) -> dict[str, Any]:
    """The personnel registry of the country (the read is audited)."""
    user = viewer_of(request)
    country = access_vetting_country(user, iso2, PERSONAL)
    rows = persons_visible_to(user).filter(country=country).order_by("pk")
    if filters.reference:
        rows = rows.filter(reference_hash=person_hash(filters.reference))
    count, page = page_of(rows, filters)
    audit_list_read(user, country, "personnel", len(page), filters.offset)
    open_counts = _open_case_counts([person.pk for person in page])
    items = [
        {
            "id": p.pk,
            "reference": p.reference,
            "full_name": p.full_name,
            "institution_id": p.institution_id,
            "unit": p.unit,
            "rank": p.rank,
            "open_cases": open_counts.get(p.pk, 0),
        }
        for p in page
    ]
    return _page(count, filters, items)


def _open_case_counts(person_ids: list[int]) -> dict[int, int]:
    rows = (
        Case.objects.filter(person_id__in=person_ids)
        .exclude(status__in=CLOSED)
        .values("person_id")
        .annotate(n=Count("pk"))
    )
    return {row["person_id"]: row["n"] for row in rows}


@router.get(
    "/{iso2}/persons/{int:person_id}",
    response={200: PersonOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Get a person",
)
def get_person(request: HttpRequest, iso2: str, person_id: int) -> dict[str, Any]:
    """One person's record (the read is audited)."""
    user = viewer_of(request)
    country = access_vetting_country(user, iso2, PERSONAL)
    person = access_person_by_id(user, person_id)
    check_country(person, country)
    return person_out(person)


@router.post(
    "/{iso2}/persons",
    response={201: PersonCreatedOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Register and screen a person",
)
def create_person(request: HttpRequest, iso2: str, payload: PersonIn) -> Status[Any]:
    """Register a person and screen them against the country's records at once."""
    user = actor_of(request)
    country = access_vetting_country(user, iso2, Action.EDIT_VETTING)
    fields = payload.dict(exclude={"date_of_birth", "birth_date_evidence", "institution_id"})
    fields["birth_date"] = birth_date_input(payload.date_of_birth, payload.birth_date_evidence)
    fields["institution"] = _institution(country, payload.institution_id)
    person, cases = register_and_screen(acting_user=user, country=country, **fields)
    return Status(201, {"person": person_out(person), "cases": [case_out(case) for case in cases]})


@router.post(
    "/{iso2}/screen",
    response={200: list[HitOut], **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Screen one person (nothing saved)",
)
def screen(request: HttpRequest, iso2: str, payload: ScreenIn) -> list[dict[str, Any]]:
    """Screen a person given in the body against the country's records; nothing is saved.

    Answers the hits at or above the "possible" band, best first, each with its score, band
    and explanation field by field. The look-up is audited (counts only).
    """
    user = actor_of(request)
    country = access_vetting_country(user, iso2, Action.EDIT_VETTING)
    birth = birth_date_input(payload.date_of_birth)
    parsed = birth_date_from_json(birth) if birth else None
    entry = Entry(
        id="query",
        names=tuple(name.strip() for name in payload.names if name.strip()),
        birth_dates=(parsed,) if parsed is not None else (),
        place_of_birth=payload.place_of_birth,
        sex=str(payload.sex),
        nationality=payload.nationality.upper(),
        unit=payload.unit,
    )
    if not entry.names:
        raise ValidationFailed.one("names", _("Give at least one name."))
    hits = preview_screening(acting_user=user, country=country, entry=entry)
    return [hit_out(hit) for hit in hits]


@router.get(
    "/{iso2}/records",
    response={200: Page[RecordRowOut], **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="List records",
)
def list_records(request: HttpRequest, iso2: str, filters: Query[RecordFilters]) -> dict[str, Any]:
    """Records of alleged violations of the country (the read is audited)."""
    user = viewer_of(request)
    country = access_vetting_country(user, iso2, PERSONAL)
    rows = records_visible_to(user).filter(country=country).order_by("pk")
    if filters.reference:
        rows = rows.filter(reference_hash=record_hash(filters.reference))
    if filters.watchlist_id is not None:
        rows = rows.filter(watchlist_id=filters.watchlist_id)
    count, page = page_of(rows, filters)
    audit_list_read(user, country, "records", len(page), filters.offset)
    items = [
        {
            "id": r.pk,
            "reference": r.reference,
            "full_name": r.full_name,
            "category": r.category,
            "status": r.status,
            "watchlist_id": r.watchlist_id,
        }
        for r in page
    ]
    return _page(count, filters, items)


@router.get(
    "/{iso2}/records/{int:record_id}",
    response={200: RecordOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Get a record",
)
def get_record(request: HttpRequest, iso2: str, record_id: int) -> dict[str, Any]:
    """One record of alleged violations (the read is audited)."""
    user = viewer_of(request)
    country = access_vetting_country(user, iso2, PERSONAL)
    record = access_record_by_id(user, record_id)
    check_country(record, country)
    return record_out(record)


@router.post(
    "/{iso2}/records",
    response={201: RecordOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Register a record",
)
def create_record(request: HttpRequest, iso2: str, payload: RecordIn) -> Status[Any]:
    """Register a record of alleged violations (the person as the source describes them)."""
    user = actor_of(request)
    country = access_vetting_country(user, iso2, Action.EDIT_VETTING)
    fields = payload.dict(exclude={"dates_of_birth"})
    fields["birth_dates"] = [
        birth_date_input(text, field="dates_of_birth") for text in payload.dates_of_birth if text
    ]
    fields = {k: (str(v) if k in _CHOICES else v) for k, v in fields.items()}
    record = register_record(acting_user=user, country=country, **fields)
    return Status(201, record_out(record))


@router.get(
    "/{iso2}/runs",
    response={200: Page[RunOut], **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="List screening runs",
)
def list_runs(request: HttpRequest, iso2: str, filters: Query[RunFilters]) -> dict[str, Any]:
    """Screening runs of the country, newest first (counts only, no personal data)."""
    user = viewer_of(request)
    country = access_vetting_country(user, iso2, PERSONAL)
    rows = runs_visible_to(user).filter(country=country).order_by("-pk")
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    count, page = page_of(rows, filters)
    return _page(count, filters, [_run_out(run) for run in page])


def _run_out(run: ScreeningRun) -> dict[str, Any]:
    names = RunOut.model_fields.keys()
    return {name: getattr(run, name) for name in names}


@router.post(
    "/{iso2}/runs",
    response={201: RunOut, **VETTING_ERRORS},
    auth=WRITE_AUTH,
    summary="Screen the registry",
)
def create_run(request: HttpRequest, iso2: str) -> Status[Any]:
    """Screen every registered person of the country now; new hits open cases."""
    user = actor_of(request)
    country = access_vetting_country(user, iso2, Action.EDIT_VETTING)
    return Status(201, _run_out(screen_registry(acting_user=user, country=country)))
