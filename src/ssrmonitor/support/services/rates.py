"""Loading exchange rates from CSV (``currency,period,rate_to_usd[,source]``)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.permissions import Action, Denied, country_ids_with
from ssrmonitor.support.codelists import is_valid
from ssrmonitor.support.models import ExchangeRate

COLUMNS = ("currency", "period", "rate_to_usd")


def _parse_period(text: str) -> tuple[int | None, date | None]:
    if re.fullmatch(r"\d{4}", text):
        return int(text), None
    return None, date.fromisoformat(text)


def _row(number: int, row: dict[str, str]) -> tuple[ExchangeRate | None, list[FieldError]]:
    where = _("line %(n)s") % {"n": number}
    currency = (row.get("currency") or "").strip().upper()
    errors = []
    if not is_valid("Currency", currency):
        errors.append(FieldError(f"{where}: currency", _("Not an ISO 4217 currency code.")))
    try:
        year, day = _parse_period((row.get("period") or "").strip())
    except ValueError:
        errors.append(
            FieldError(f"{where}: period", _("Give a year (2024) or a date (2024-03-31)."))
        )
        year = day = None
    try:
        rate = Decimal((row.get("rate_to_usd") or "").strip())
        if not rate.is_finite() or rate <= 0:
            raise InvalidOperation
    except InvalidOperation:
        errors.append(FieldError(f"{where}: rate_to_usd", _("The rate must be a positive number.")))
        rate = Decimal(0)
    if errors:
        return None, errors
    source = (row.get("source") or "").strip()[:200]
    return ExchangeRate(currency=currency, year=year, day=day, rate_to_usd=rate, source=source), []


def parse_rates(text: str) -> list[ExchangeRate]:
    """The rates of a CSV text, or :class:`ValidationFailed` naming every bad line and column."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationFailed.one("file", _("Missing columns: %(c)s") % {"c": ", ".join(missing)})
    rates, errors = [], []
    for number, row in enumerate(reader, start=2):
        rate, problems = _row(number, row)
        errors.extend(problems)
        if rate is not None:
            rates.append(rate)
    if errors:
        raise ValidationFailed(errors)
    return rates


@transaction.atomic(durable=True)
def load_exchange_rates(text: str, *, acting_user: Actor) -> int:
    """Create or replace the rates of a CSV file; return how many rows were written.

    Args:
        text: CSV with the columns ``currency,period,rate_to_usd`` and optionally ``source``;
            ``period`` is a year (average rate) or an ISO date; the rate is USD per unit.
        acting_user: needs ``support.import`` in some country (rates are shared reference data).
    """
    if country_ids_with(acting_user, Action.IMPORT_SUPPORT) == set():
        raise Denied(_("You may not load exchange rates."))
    rates = parse_rates(text)
    for rate in rates:
        key: dict[str, Any] = {"currency": rate.currency, "year": rate.year, "day": rate.day}
        before = ExchangeRate.objects.filter(**key).first()
        values = {"rate_to_usd": rate.rate_to_usd, "source": rate.source}
        saved, _created = ExchangeRate.objects.update_or_create(**key, defaults=values)
        audit.record(
            actor=acting_user,
            action="update" if before else "create",
            obj=saved,
            before=audit.snapshot(before) if before else None,
            after=audit.snapshot(saved),
        )
    return len(rates)
