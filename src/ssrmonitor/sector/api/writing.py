"""Write routes of the sector API: every write goes through the sector services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from ssrmonitor.core.api_support import ERRORS, actor_of
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.periods import PeriodParseError, ReportingPeriod
from ssrmonitor.core.permissions import NotFound
from ssrmonitor.sector import selectors, services
from ssrmonitor.sector.api.common import institution_out, line_out, return_out, router
from ssrmonitor.sector.models import (
    OversightRelation,
    SecurityFunction,
)
from ssrmonitor.sector.permissions import (
    access_country_by_iso2,
    access_institution_by_id,
    institutions_visible_to,
)
from ssrmonitor.sector.schemas import (
    BudgetLineIn,
    BudgetLineOut,
    ChangeIn,
    FiscalIn,
    FunctionIn,
    FunctionOut,
    InstitutionIn,
    InstitutionOut,
    OversightIn,
    OversightOut,
    ReturnIn,
    ReturnOut,
    RoleIn,
    TargetIn,
    TargetOut,
)
from ssrmonitor.sector.services.personnel import CountIn


@router.post(
    "/countries/{iso2}/institutions",
    response={201: InstitutionOut, **ERRORS},
    summary="Register an institution",
)
def create_institution(request: HttpRequest, iso2: str, payload: InstitutionIn) -> Any:
    """Create an institution (editors of the country)."""
    user = actor_of(request)
    country = access_country_by_iso2(iso2)
    fields = payload.dict()
    parent_id = fields.pop("parent_id")
    fields["parent"] = access_institution_by_id(user, parent_id) if parent_id else None
    institution = services.create_institution(acting_user=user, country=country, **fields)
    return Status(201, institution_out(institution, institution.versions.get()))


@router.post(
    "/institutions/{institution_id}/changes",
    response={201: InstitutionOut, **ERRORS},
    summary="Record a change of an institution from a date",
)
def change_institution(request: HttpRequest, institution_id: int, payload: ChangeIn) -> Any:
    """Close the current version and open a new one with the fields sent."""
    user = actor_of(request)
    institution = access_institution_by_id(user, institution_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    valid_from, note = changes.pop("valid_from"), changes.pop("change_note")
    version = services.change_institution(
        institution, acting_user=user, valid_from=valid_from, change_note=note, **changes
    )
    return Status(201, institution_out(institution, version))


@router.put(
    "/institutions/{institution_id}/personnel/{period}",
    response={200: ReturnOut, **ERRORS},
    summary="Record (replace) the personnel return of a period",
)
def put_personnel(request: HttpRequest, institution_id: int, period: str, payload: ReturnIn) -> Any:
    """Replace the counts of the period; sending the same counts again changes nothing."""
    user = actor_of(request)
    institution = access_institution_by_id(user, institution_id)
    try:
        parsed = ReportingPeriod.parse(period)
    except PeriodParseError as exc:
        raise ValidationFailed.one("period", str(exc)) from None
    counts = [CountIn(**c.dict()) for c in payload.counts]
    found = services.record_personnel_return(
        institution,
        acting_user=user,
        period=parsed,
        counts=counts,
        source=payload.source,
        is_illustrative=payload.is_illustrative,
    )
    return return_out(user, found)


@router.post(
    "/institutions/{institution_id}/budget-lines",
    response={200: BudgetLineOut, **ERRORS},
    summary="Record a budget line (same year and classification: updated)",
)
def post_budget_line(request: HttpRequest, institution_id: int, payload: BudgetLineIn) -> Any:
    """Create or update the line of that year, classification and funding source."""
    user = actor_of(request)
    institution = access_institution_by_id(user, institution_id)
    line = services.record_budget_line(institution, acting_user=user, **payload.dict())
    return line_out(line)


@router.post(
    "/countries/{iso2}/functions",
    response={200: FunctionOut, **ERRORS},
    summary="Create or update a security function",
)
def post_function(request: HttpRequest, iso2: str, payload: FunctionIn) -> Any:
    """A function of the roles matrix (the same code again updates its names)."""
    country = access_country_by_iso2(iso2)
    function = services.create_function(
        acting_user=actor_of(request), country=country, **payload.dict()
    )
    leads = list(function.assignments.filter(role="lead").values_list("institution_id", flat=True))
    supports = function.assignments.filter(role="support").values_list("institution_id", flat=True)
    check = "gap" if not leads else "overlap" if len(leads) > 1 else "ok"
    return {
        "code": function.code,
        "name": function.display_name,
        "check": check,
        "leads": leads,
        "supports": list(supports),
    }


@router.put(
    "/institutions/{institution_id}/roles/{code}",
    response={204: None, **ERRORS},
    summary="Set an institution's role in a function (lead, support or null)",
)
def put_role(request: HttpRequest, institution_id: int, code: str, payload: RoleIn) -> Any:
    """Lead or support; ``null`` removes the role."""
    user = actor_of(request)
    institution = access_institution_by_id(user, institution_id)
    function = SecurityFunction.objects.filter(country=institution.country, code=code).first()
    if function is None:
        raise NotFound
    services.set_role(
        function,
        institution,
        acting_user=user,
        role=payload.role,
        is_illustrative=payload.is_illustrative,
    )
    return Status(204, None)


@router.post(
    "/oversight",
    response={200: OversightOut, **ERRORS},
    summary="Record that a body oversees an institution",
)
def post_oversight(request: HttpRequest, payload: OversightIn) -> Any:
    """Idempotent: the same overseer, institution and instrument again changes nothing."""
    user = actor_of(request)
    relation = services.add_oversight(
        acting_user=user,
        overseer=access_institution_by_id(user, payload.overseer_id),
        overseen=access_institution_by_id(user, payload.overseen_id),
        instrument=payload.instrument,
        note=payload.note,
        is_illustrative=payload.is_illustrative,
    )
    return {
        "id": relation.pk,
        "overseer_id": relation.overseer_id,
        "overseen_id": relation.overseen_id,
        "instrument": relation.instrument,
        "note": relation.note,
        "is_illustrative": relation.is_illustrative,
    }


@router.delete(
    "/oversight/{relation_id}",
    response={204: None, **ERRORS},
    summary="Remove an oversight relation",
)
def delete_oversight(request: HttpRequest, relation_id: int) -> Any:
    """Only relations between institutions you may see (404 otherwise)."""
    user = actor_of(request)
    visible = institutions_visible_to(user)
    relation = OversightRelation.objects.filter(
        pk=relation_id, overseer__in=visible, overseen__in=visible
    ).first()
    if relation is None:
        raise NotFound
    services.remove_oversight(relation, acting_user=user)
    return Status(204, None)


@router.put(
    "/institutions/{institution_id}/target",
    response={200: TargetOut, **ERRORS},
    summary="Set a target for women's share",
)
def put_target(request: HttpRequest, institution_id: int, payload: TargetIn) -> Any:
    """The target with its progress, rated with the benchmark rules on published shares."""
    user = actor_of(request)
    institution = access_institution_by_id(user, institution_id)
    values = payload.dict()
    target = services.set_personnel_target(
        institution, acting_user=user, **{**values, "rank": values["rank"] or ""}
    )
    returns = selectors.returns_visible_to(user).filter(institution=institution)
    tables = [selectors.personnel_table(user, r) for r in returns]
    progress = selectors.target_progress(tables, target).progress
    return {
        "institution_id": institution.pk,
        "rank": target.rank,
        "target_share": float(target.target_share),
        "baseline_share": None if target.baseline_share is None else float(target.baseline_share),
        "rating": progress.rating.value,
        "percent": None if progress.percent is None else float(progress.percent),
    }


@router.put(
    "/countries/{iso2}/fiscal/{fiscal_year}",
    response={204: None, **ERRORS},
    summary="Set GDP, total public expenditure and population of a fiscal year",
)
def put_fiscal(request: HttpRequest, iso2: str, fiscal_year: int, payload: FiscalIn) -> Any:
    """What the security spending of the year is compared with."""
    country = access_country_by_iso2(iso2)
    services.set_fiscal_context(
        country, acting_user=actor_of(request), fiscal_year=fiscal_year, **payload.dict()
    )
    return Status(204, None)
