"""Budget lines of institutions and the fiscal context of a country."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import save_changed, save_created, validated
from ssrmonitor.sector.models import BudgetLine, FiscalContext, FundingSource, Institution
from ssrmonitor.sector.services.institutions import guard

LINE_KEY = ("fiscal_year", "economic", "cofog", "funding_source")
LINE_VALUES = (
    "allocated",
    "revised",
    "executed",
    "currency",
    "support_reference",
    "source",
    "is_illustrative",
)


def check_line(values: dict[str, Any]) -> list[FieldError]:
    """Rules a model field cannot say: amounts not negative, off-budget reference."""
    errors = [
        FieldError(name, _("An amount cannot be negative."))
        for name in ("allocated", "revised", "executed")
        if isinstance(values.get(name), Decimal) and values[name] < 0
    ]
    reference = values.get("support_reference")
    if reference and values.get("funding_source") != FundingSource.EXTERNAL_OFF_BUDGET:
        errors.append(
            FieldError(
                "support_reference",
                _("Only external off-budget funding is linked to a support activity."),
            )
        )
    return errors


def write_budget_line(institution: Institution, *, acting_user: Actor, **values: Any) -> BudgetLine:
    """Create or update the line of the same year, classification and source (idempotent)."""
    guard(acting_user, institution.country_id)
    unknown = set(values) - set(LINE_KEY) - set(LINE_VALUES)
    if unknown:
        raise ValidationFailed.one(sorted(unknown)[0], _("This field cannot be set here."))
    errors = check_line(values)
    if errors:
        raise ValidationFailed(errors)
    key = {name: values.pop(name, None) for name in LINE_KEY}
    iso2 = institution.country.iso2
    found = BudgetLine.objects.filter(institution=institution, **key).first()
    if found is None:
        line = BudgetLine(institution=institution, **key, **values)
        validated(line, exclude=["institution"])
        return save_created(line, acting_user=acting_user, country_iso2=iso2)
    before = audit.snapshot(found)
    changed = [name for name, value in values.items() if getattr(found, name) != value]
    for name in changed:
        setattr(found, name, values[name])
    validated(found, exclude=["institution"])
    return save_changed(
        found, acting_user=acting_user, country_iso2=iso2, changed=changed, before=before
    )


@transaction.atomic(durable=True)
def record_budget_line(
    institution: Institution, *, acting_user: Actor, **values: Any
) -> BudgetLine:
    """Record a budget line of an institution.

    Args:
        institution: the institution whose budget it is.
        acting_user: an editor of its country.
        **values: ``fiscal_year``, ``economic``, ``cofog``, ``funding_source`` (the line's key:
            the same key again updates the line) and ``allocated``, ``revised``,
            ``executed``, ``currency``, ``support_reference``, ``source``,
            ``is_illustrative``.
    """
    return write_budget_line(institution, acting_user=acting_user, **values)


@transaction.atomic(durable=True)
def set_fiscal_context(
    country: Country, *, acting_user: Actor, fiscal_year: int, **values: Any
) -> FiscalContext:
    """Set the GDP, total public expenditure and population of a fiscal year (upsert)."""
    guard(acting_user, country.pk)
    allowed = {"currency", "gdp", "total_public_expenditure", "population", "source"}
    allowed |= {"is_illustrative"}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationFailed.one(sorted(unknown)[0], _("This field cannot be set here."))
    found = FiscalContext.objects.filter(country=country, fiscal_year=fiscal_year).first()
    if found is None:
        context = FiscalContext(country=country, fiscal_year=fiscal_year, **values)
        validated(context, exclude=["country"])
        return save_created(context, acting_user=acting_user, country_iso2=country.iso2)
    before = audit.snapshot(found)
    changed = [name for name, value in values.items() if getattr(found, name) != value]
    for name in changed:
        setattr(found, name, values[name])
    validated(found, exclude=["country"])
    return save_changed(
        found, acting_user=acting_user, country_iso2=country.iso2, changed=changed, before=before
    )
