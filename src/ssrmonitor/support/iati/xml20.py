"""Reading one ``iati-activity`` element of IATI 2.01–2.03 into an :class:`ActivityRecord`.

Policy for the defects real publishers ship (each case is tested on real files):

* a coded element without its required ``code`` (``sector``, ``recipient-country``,
  ``default-finance-type``, …) or a ``participating-org`` without ``role``: the element is
  skipped and a warning names the file, line, activity and element;
* an element that is not in the schema where narratives are expected (``type`` inside a
  ``title``): skipped with a warning; extension elements in other namespaces are ignored, as
  the schema allows;
* an amount in exponent notation (``1e-10``), which is not an ``xsd:decimal``: read as the
  number it denotes, rounded to the cent, with a warning;
* a percentage that is not a number from 0 to 100: ignored with a warning (the element is
  kept without its percentage); percentages are kept to three decimals;
* an amount that is not a number at all or has more than 18 integer digits, a transaction
  without a date, a missing ``iati-identifier`` or ``reporting-org``: the record is unusable,
  so the whole file is refused (:class:`RecordError`) and nothing of it is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from ssrmonitor.support.iati.errors import RecordError
from ssrmonitor.support.iati.records import (
    ActivityRecord,
    BudgetRecord,
    Coded,
    Marker,
    Money,
    OrgRef,
    Participant,
    ResultRecord,
    Text,
    TransactionRecord,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DPORTAL_VERSION = "{http://d-portal.org/xmlns/iati-activities}version"
CENT = Decimal("0.01")
PERMILLE = Decimal("0.001")
AMOUNT_LIMIT = Decimal(10) ** 18  # the value columns hold 20 digits, 2 of them decimals
Warn = Callable[[Any, str], None]


class Reader:
    """Reads activities of one file; ``warn(element, message)`` collects the warnings."""

    def __init__(self, file: str, version: str, warn: Warn, line_offset: int = 0) -> None:
        self.file = file
        self.version = version
        self._warn = warn
        self.line_offset = line_offset  # lines of the file before the part being read
        self.identifier = ""

    def warn(self, element: Any, message: str) -> None:
        """Note a skipped element, naming the activity."""
        self._warn(element, f"activity {self.identifier or '?'}: {message}")

    def fail(self, element: Any, field: str, reason: str) -> RecordError:
        line = element.sourceline + self.line_offset if element is not None else None
        return RecordError(
            file=self.file, record=self.identifier, line=line, field=field, reason=reason
        )

    # --- small readers -------------------------------------------------------------------

    def narratives(self, element: Any, kind: str, description_type: str = "") -> list[Text]:
        texts = []
        for child in element:
            if not isinstance(child.tag, str) or child.tag.startswith("{"):
                continue
            if child.tag != "narrative":
                self.warn(child, f"<{child.tag}> is not in the schema here; skipped")
                continue
            text = (child.text or "").strip()
            if text:
                texts.append(Text(kind, text, child.get(XML_LANG, ""), description_type))
        return texts

    def first_narrative(self, element: Any | None) -> str:
        if element is None:
            return ""
        texts = self.narratives(element, "")
        return texts[0].text if texts else ""

    def code(self, element: Any) -> str | None:
        code = (element.get("code") or "").strip()
        if not code:
            self.warn(element, f"<{element.tag}> has no code attribute; skipped")
            return None
        return code

    def percentage(self, element: Any) -> Decimal | None:
        raw = element.get("percentage")
        if raw is None or not raw.strip():
            return None
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not 0 <= value <= 100:
            self.warn(element, f"percentage {raw!r} is not a number from 0 to 100; ignored")
            return None
        return value.quantize(PERMILLE, rounding=ROUND_HALF_EVEN)

    def day(self, element: Any | None, field: str, *, required: bool) -> date | None:
        raw = (element.get("iso-date") or "").strip() if element is not None else ""
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            if required:
                raise self.fail(element, field, f"date {raw!r} is missing or invalid") from None
            if element is not None:
                self.warn(element, f"{field}: date {raw!r} is invalid; skipped")
            return None

    def amount(self, element: Any, field: str) -> Decimal:
        raw = (element.text or "").strip()
        try:
            value = Decimal(raw.replace(",", "")) if raw else None
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise self.fail(element, field, f"amount {raw!r} is not a number")
        if abs(value) >= AMOUNT_LIMIT:
            raise self.fail(element, field, f"amount {raw!r} is out of range (at most 18 digits)")
        if "e" in raw.lower():
            self.warn(element, f"amount {raw!r} in exponent notation read as {value:f}")
        return value.quantize(CENT, rounding=ROUND_HALF_EVEN)

    def money(self, element: Any | None, field: str, fallback_date: date | None) -> Money:
        if element is None:
            raise self.fail(element, field, "value is missing")
        value = self.amount(element, field)
        currency = (element.get("currency") or self.default_currency).strip().upper()
        if not currency:
            raise self.fail(element, f"{field}/@currency", "no currency and no default-currency")
        value_date = self.day_attr(element, "value-date") or fallback_date
        if value_date is None:
            raise self.fail(element, f"{field}/@value-date", "value date is missing")
        return Money(value, currency, value_date)

    def day_attr(self, element: Any, name: str) -> date | None:
        raw = (element.get(name) or "").strip()
        try:
            return date.fromisoformat(raw[:10]) if raw else None
        except ValueError:
            self.warn(element, f"@{name} {raw!r} is invalid; ignored")
            return None

    def org(self, element: Any) -> OrgRef:
        ref = (element.get("ref") or "").strip()
        return OrgRef(ref, self.first_narrative(element), (element.get("type") or "").strip())

    # --- the activity ----------------------------------------------------------------------

    default_currency = ""

    def read(self, element: Any) -> ActivityRecord:
        """Turn one ``iati-activity`` element into a record (raises :class:`RecordError`)."""
        self.identifier = (element.findtext("iati-identifier") or "").strip()
        if not self.identifier:
            raise self.fail(element, "iati-identifier", "the activity has no identifier")
        reporting = element.find("reporting-org")
        if reporting is None:
            raise self.fail(element, "reporting-org", "the activity has no reporting organisation")
        self.default_currency = (element.get("default-currency") or "").strip().upper()
        record = ActivityRecord(
            identifier=self.identifier,
            reporting_org=self.org(reporting),
            line=element.sourceline + self.line_offset,
            version=element.get(DPORTAL_VERSION) or self.version,
            last_updated=self.timestamp(element),
            default_language=element.get(XML_LANG, ""),
            default_currency=self.default_currency,
            hierarchy=_int(element.get("hierarchy")),
            humanitarian=_bool(element.get("humanitarian")),
        )
        for child in element:
            handler = _HANDLERS.get(child.tag) if isinstance(child.tag, str) else None
            if handler is not None:
                handler(self, child, record)
        return record

    def timestamp(self, element: Any) -> datetime | None:
        raw = (element.get("last-updated-datetime") or "").strip()
        if not raw:
            return None
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            self.warn(element, f"last-updated-datetime {raw!r} is invalid; ignored")
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def transaction(self, element: Any) -> TransactionRecord | None:
        type_element = element.find("transaction-type")
        kind = self.code(type_element) if type_element is not None else None
        if kind is None:
            self.warn(element, "transaction without transaction-type code; skipped")
            return None
        day = self.day(element.find("transaction-date"), "transaction-date", required=True)
        assert day is not None  # noqa: S101 (required=True raises instead)
        record = TransactionRecord(
            kind, day, self.money(element.find("value"), "transaction/value", day)
        )
        record.ref = (element.get("ref") or "").strip()
        self.transaction_parts(element, record)
        return record

    def transaction_parts(self, element: Any, record: TransactionRecord) -> None:
        for child in element:
            tag = child.tag
            if tag == "description":
                record.description = self.first_narrative(child)
            elif tag in ("provider-org", "receiver-org"):
                org = self.org(child)
                setattr(record, tag.split("-")[0], org)
            elif tag == "sector" and (code := self.code(child)) is not None:
                record.sectors.append(Coded(code, child.get("vocabulary", "")))
            elif tag == "recipient-country" and (code := self.code(child)) is not None:
                record.recipient_country = code.upper()
            elif tag in ("flow-type", "finance-type", "aid-type"):
                code = self.code(child)
                setattr(record, tag.replace("-", "_"), code or "")


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _bool(raw: str | None) -> bool | None:
    if raw is None:
        return None
    return raw.strip().lower() in ("1", "true")


# --- element handlers: each reads one kind of child of iati-activity -----------------------


def _title(reader: Reader, element: Any, record: ActivityRecord) -> None:
    record.texts.extend(reader.narratives(element, "title"))


def _description(reader: Reader, element: Any, record: ActivityRecord) -> None:
    kind = element.get("type", "")
    record.texts.extend(reader.narratives(element, "description", kind))


def _participant(reader: Reader, element: Any, record: ActivityRecord) -> None:
    role = (element.get("role") or "").strip()
    if not role:
        reader.warn(element, "<participating-org> has no role; skipped")
        return
    record.participants.append(Participant(reader.org(element), role))


def _status(reader: Reader, element: Any, record: ActivityRecord) -> None:
    record.status = reader.code(element) or ""


def _activity_date(reader: Reader, element: Any, record: ActivityRecord) -> None:
    kind = (element.get("type") or "").strip()
    day = reader.day(element, "activity-date", required=False)
    if kind and day is not None:
        record.dates[kind] = day


def _coded(target: str) -> Callable[[Reader, Any, ActivityRecord], None]:
    def handle(reader: Reader, element: Any, record: ActivityRecord) -> None:
        code = reader.code(element)
        if code is None:
            return
        if target == "countries":
            code = code.upper()
        item = Coded(code, element.get("vocabulary", ""), reader.percentage(element))
        getattr(record, target).append(item)

    return handle


def _default(attribute: str) -> Callable[[Reader, Any, ActivityRecord], None]:
    def handle(reader: Reader, element: Any, record: ActivityRecord) -> None:
        code = reader.code(element)
        if code is None:
            return
        setattr(record, attribute, code)
        if attribute == "aid_type" and not record.aid_type_vocabulary:
            record.aid_type_vocabulary = element.get("vocabulary", "")

    return handle


def _marker(reader: Reader, element: Any, record: ActivityRecord) -> None:
    code = reader.code(element)
    if code is not None:
        significance = (element.get("significance") or "").strip()
        record.markers.append(Marker(code, element.get("vocabulary", ""), significance))


def _budget(reader: Reader, element: Any, record: ActivityRecord) -> None:
    start = reader.day(element.find("period-start"), "budget/period-start", required=False)
    end = reader.day(element.find("period-end"), "budget/period-end", required=False)
    if start is None or end is None:
        reader.warn(element, "budget without a valid period; skipped")
        return
    money = reader.money(element.find("value"), "budget/value", start)
    kind, status = element.get("type", ""), element.get("status", "")
    record.budgets.append(BudgetRecord(start, end, money, kind, status))


def _transaction(reader: Reader, element: Any, record: ActivityRecord) -> None:
    transaction = reader.transaction(element)
    if transaction is not None:
        record.transactions.append(transaction)


def _result(reader: Reader, element: Any, record: ActivityRecord) -> None:
    title = reader.first_narrative(element.find("title"))
    kind = (element.get("type") or "").strip()
    if not title or not kind:
        reader.warn(element, "result without type or title; skipped")
        return
    description = reader.first_narrative(element.find("description"))
    aggregation = _bool(element.get("aggregation-status"))
    record.results.append(ResultRecord(kind, title, description, aggregation))


_HANDLERS: dict[str, Callable[[Reader, Any, ActivityRecord], None]] = {
    "title": _title,
    "description": _description,
    "participating-org": _participant,
    "activity-status": _status,
    "activity-date": _activity_date,
    "recipient-country": _coded("countries"),
    "recipient-region": _coded("regions"),
    "sector": _coded("sectors"),
    "collaboration-type": _default("collaboration_type"),
    "default-flow-type": _default("flow_type"),
    "default-finance-type": _default("finance_type"),
    "default-aid-type": _default("aid_type"),
    "default-tied-status": _default("tied_status"),
    "policy-marker": _marker,
    "budget": _budget,
    "transaction": _transaction,
    "result": _result,
}
