"""Recording arms embargo measures and exemption requests (atomic, audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Actor, person
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import (
    apply_changes,
    checked,
    dates_in_order,
    delete_recorded,
    in_country,
    require,
    save_changes,
    save_created,
    validated,
)
from ssrmonitor.sanctions.models import (
    EmbargoMeasure,
    EquipmentFlag,
    ExemptionDecision,
    ExemptionRequest,
    ExemptionStatus,
)
from ssrmonitor.sanctions.permissions import can_edit_embargo
from ssrmonitor.support.models import Activity

MEASURE_FIELDS = {
    "regime",
    "title",
    "resolutions",
    "scope",
    "exemption_procedure",
    "committee",
    "in_force_from",
    "in_force_until",
    "benchmark_framework",
    "source",
    "is_illustrative",
}
EXEMPTION_FIELDS = {
    "reference",
    "purpose",
    "items",
    "supplier",
    "end_user",
    "procedure",
    "committee",
    "submitted_on",
    "decided_on",
    "decision",
    "status",
    "notes",
    "activity",
    "is_illustrative",
}
MAX_ITEMS = 200


def _guard(acting_user: Actor, country_id: int) -> None:
    require(can_edit_embargo(acting_user, country_id))


def _check_measure(measure: EmbargoMeasure) -> EmbargoMeasure:
    errors = dates_in_order(
        measure.in_force_from,
        measure.in_force_until,
        "in_force_until",
        _("The end is before the start."),
    )
    if (framework := measure.benchmark_framework) is not None:
        errors += in_country(
            framework.country_id,
            measure.country_id,
            "benchmark_framework",
            _("The framework is not of this measure's country."),
        )
    return checked(measure, errors)


@transaction.atomic(durable=True)
def create_measure(*, acting_user: Actor, country: Country, **fields: Any) -> EmbargoMeasure:
    """Record an arms embargo measure that applies to ``country``.

    Args:
        acting_user: an editor or administrator of the country (or the system).
        country: the country under embargo.
        **fields: any of :data:`MEASURE_FIELDS`.
    """
    _guard(acting_user, country.pk)
    apply_changes(measure := EmbargoMeasure(country=country), fields, MEASURE_FIELDS)
    _check_measure(measure)
    return save_created(measure, acting_user=acting_user, country_iso2=country.iso2)


@transaction.atomic(durable=True)
def update_measure(
    measure: EmbargoMeasure, *, acting_user: Actor, **changes: Any
) -> EmbargoMeasure:
    """Change an embargo measure's fields (audited, only the changed fields saved)."""
    _guard(acting_user, measure.country_id)
    return save_changes(
        measure,
        changes,
        allowed=MEASURE_FIELDS,
        check=_check_measure,
        acting_user=acting_user,
        country_iso2=measure.country.iso2,
    )


def clean_items(items: Any) -> list[dict[str, Any]]:
    """Check a list of ``{"description", "quantity"}`` items and return it normalised.

    Raises:
        ValidationFailed: on ``items`` (or ``items[n].field``) when the list is malformed.
    """
    if not isinstance(items, list) or not items:
        raise ValidationFailed.one("items", _("List at least one item with its quantity."))
    if len(items) > MAX_ITEMS:
        raise ValidationFailed.one("items", _("At most %d items per request.") % MAX_ITEMS)
    return [_clean_item(index, item) for index, item in enumerate(items)]


def _clean_item(index: int, item: Any) -> dict[str, Any]:
    where = f"items[{index}]"
    if not isinstance(item, dict):
        raise ValidationFailed.one(where, _("Each item needs a description and a quantity."))
    description = str(item.get("description", "")).strip()
    quantity = item.get("quantity")
    if not description or len(description) > 300:
        raise ValidationFailed.one(
            f"{where}.description", _("Describe the item (300 characters at most).")
        )
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise ValidationFailed.one(
            f"{where}.quantity", _("The quantity is a whole number of at least 1.")
        )
    return {"description": description, "quantity": quantity}


def _check_exemption(request: ExemptionRequest) -> ExemptionRequest:
    request.items = clean_items(request.items)
    errors = dates_in_order(
        request.submitted_on,
        request.decided_on,
        "decided_on",
        _("The decision date is before the submission date."),
    )
    decided = request.status == ExemptionStatus.DECIDED
    if decided and request.decision == ExemptionDecision.PENDING:
        errors.append(FieldError("decision", _("A decided request needs the decision.")))
    if not decided and request.decision != ExemptionDecision.PENDING:
        errors.append(FieldError("status", _("A request with a decision has the status decided.")))
    if request.status != ExemptionStatus.DRAFT and request.submitted_on is None:
        errors.append(FieldError("submitted_on", _("Give the date it was submitted.")))
    if errors:
        raise ValidationFailed(errors)
    return validated(request, exclude=["items"])


@transaction.atomic(durable=True)
def create_exemption(
    measure: EmbargoMeasure, *, acting_user: Actor, **fields: Any
) -> ExemptionRequest:
    """Record a request (or notification) for an exemption from ``measure``.

    Args:
        measure: the embargo measure the supplies fall under; the request takes its country.
        acting_user: an editor or administrator of the country (or the system).
        **fields: any of :data:`EXEMPTION_FIELDS` (``items`` as a list of dicts).
    """
    _guard(acting_user, measure.country_id)
    creator = person(acting_user)
    request = ExemptionRequest(measure=measure, country_id=measure.country_id, created_by=creator)
    if not fields.get("committee"):
        fields["committee"] = measure.committee
    apply_changes(request, fields, EXEMPTION_FIELDS)
    _check_exemption(request)
    return save_created(request, acting_user=acting_user, country_iso2=measure.country.iso2)


@transaction.atomic(durable=True)
def update_exemption(
    request: ExemptionRequest, *, acting_user: Actor, **changes: Any
) -> ExemptionRequest:
    """Change an exemption request: its items, dates, status and the committee's decision."""
    _guard(acting_user, request.country_id)
    return save_changes(
        request,
        changes,
        allowed=EXEMPTION_FIELDS,
        check=_check_exemption,
        acting_user=acting_user,
        country_iso2=request.country.iso2,
    )


@transaction.atomic(durable=True)
def flag_activity(
    activity: Activity, *, acting_user: Actor, country: Country, kind: str, note: str = ""
) -> EquipmentFlag:
    """Record that a support activity supplies lethal or security equipment to ``country``.

    Args:
        activity: the support activity (looked up by the caller through the support app's
            permission layer).
        acting_user: an editor or administrator of ``country`` (or the system).
        country: the country the equipment goes to.
        kind: an :class:`~ssrmonitor.sanctions.models.EquipmentKind` value.
        note: what is supplied, in a few words.
    """
    _guard(acting_user, country.pk)
    if EquipmentFlag.objects.filter(activity=activity, country=country).exists():
        raise ValidationFailed.one(
            "activity", _("This activity is already flagged for this country.")
        )
    creator = person(acting_user)
    flag = EquipmentFlag(
        activity=activity, country=country, kind=kind, note=note, flagged_by=creator
    )
    validated(flag, exclude=["activity", "country"])
    return save_created(flag, acting_user=acting_user, country_iso2=country.iso2)


@transaction.atomic(durable=True)
def remove_flag(flag: EquipmentFlag, *, acting_user: Actor) -> None:
    """Withdraw an equipment flag (the audit row keeps it)."""
    _guard(acting_user, flag.country_id)
    delete_recorded(flag, acting_user=acting_user, country_iso2=flag.country.iso2)
